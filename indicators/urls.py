from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.index, name="index"),
    path("tablero/", views.overview, name="overview"),
    path("direccion/<slug:slug>/", views.directorate_dashboard, name="directorate"),
    path("indicador/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path("exportar.<str:fmt>", views.export, name="export"),
    path(
        "definicion/<int:year_pk>/periodo/<int:period_pk>/ingresar/", views.measurement_enter, name="measurement-enter"
    ),
    path("medicion/<int:pk>/", views.measurement_detail, name="measurement-detail"),
    path("medicion/<int:pk>/editar/", views.measurement_edit, name="measurement-edit"),
    path("medicion/<int:pk>/evidencia/", views.measurement_evidence, name="measurement-evidence"),
    path("medicion/<int:pk>/<str:action>/", views.measurement_action, name="measurement-action"),
    path("por-validar/", views.review_list, name="review-list"),
    path("por-validar/en-bloque/", views.review_bulk, name="review-bulk"),
    path("informe/", views.report, name="report"),
    path("informe.pdf", views.report_pdf, name="report-pdf"),
    path("catalogo/", views.catalogue, name="catalogue"),
    path("catalogo/nuevo/", views.indicator_create, name="indicator-create"),
    path("catalogo/<int:pk>/editar/", views.indicator_year_edit, name="indicator-year-edit"),
    path("catalogo/<int:pk>/anio-siguiente/", views.indicator_year_carry, name="indicator-year-carry"),
    path("propuestas/", views.proposals, name="proposals"),
    path("propuestas/<int:pk>/resolver/", views.proposal_decide, name="proposal-decide"),
]
