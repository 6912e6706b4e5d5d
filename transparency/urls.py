from django.urls import path

from . import views

app_name = "transparency"

urlpatterns = [
    path("", views.index, name="index"),
    path("cumplimiento/", views.board, name="board"),
    path("cumplimiento/<int:year>/<int:month>/informe.pdf", views.compliance_report_pdf, name="report-pdf"),
    path("cumplimiento/<int:year>/<int:month>/enviar/", views.compliance_report_send, name="report-send"),
    path("por-revisar/<slug:queue>/", views.review_queue, name="review-queue"),
    path("por-revisar/<slug:queue>/en-bloque/", views.review_bulk, name="review-bulk"),
    path("catalogo/", views.catalogue, name="catalogue"),
    path("catalogo/<int:pk>/responsable/", views.item_assign, name="item-assign"),
    path("seccion/<int:pk>/", views.section_detail, name="section-detail"),
    path("seccion/<int:pk>/plantilla.<str:ext>", views.section_template, name="section-template"),
    path("seccion/<int:pk>/<int:year>/<int:month>/preparar/", views.publication_prepare, name="publication-prepare"),
    path("publicacion/<int:pk>/", views.publication_detail, name="publication-detail"),
    path("publicacion/<int:pk>/corregir/", views.publication_correct, name="publication-correct"),
    path("publicacion/<int:pk>/paso/<slug:action>/", views.publication_step, name="publication-step"),
    path("documento/<int:pk>/", views.document_download, name="document"),
]
