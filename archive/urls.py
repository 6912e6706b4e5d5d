from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.index, name="index"),
    path("exportar.csv", views.export_csv, name="export-csv"),
    path("nuevo/", views.clipping_create, name="clipping-create"),
    path("nuevo/desde-enlace/", views.quick_entry, name="quick-entry"),
    path("importar/", views.import_clippings, name="import"),
    path("importar/plantilla.csv", views.import_template, name="import-template"),
    path("<int:pk>/", views.clipping_detail, name="clipping-detail"),
    path("<int:pk>/editar/", views.clipping_update, name="clipping-update"),
    path("<int:pk>/archivo/", views.clipping_attachment, name="clipping-attachment"),
    path("<int:pk>/derivar/", views.clipping_forward, name="clipping-forward"),
    path("derivaciones/", views.forwarding_list, name="forwarding-list"),
    path("derivaciones/<int:pk>/", views.forwarding_detail, name="forwarding-detail"),
    path("busquedas/", views.saved_search_list, name="saved-search-list"),
    path("busquedas/guardar/", views.saved_search_create, name="saved-search-create"),
    path("busquedas/<int:pk>/", views.saved_search_open, name="saved-search-open"),
    path("busquedas/<int:pk>/editar/", views.saved_search_edit, name="saved-search-edit"),
    path("busquedas/<int:pk>/compartir/", views.saved_search_share, name="saved-search-share"),
    path("busquedas/<int:pk>/eliminar/", views.saved_search_delete, name="saved-search-delete"),
    path("busquedas/<int:pk>/seguir/", views.saved_search_follow, name="saved-search-follow"),
    path("busquedas/<int:pk>/dejar-de-seguir/", views.saved_search_unfollow, name="saved-search-unfollow"),
    path("sintesis/", views.briefing, name="briefing"),
    path("sintesis/<str:day>/", views.briefing, name="briefing-day"),
    path("sintesis/<str:day>/pdf/", views.briefing_pdf, name="briefing-pdf"),
    path("sintesis/<str:day>/enviar/", views.briefing_send, name="briefing-send"),
    path("informe/", views.monthly_report, name="report"),
    path("informe/<int:year>/<int:month>/", views.monthly_report, name="report-month"),
    path("informe/<int:year>/<int:month>/pdf/", views.monthly_report_pdf, name="report-pdf"),
    path("informe/<int:year>/<int:month>/enviar/", views.monthly_report_send, name="report-send"),
]
