from django.urls import path

from . import access_views, views

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
    path("solicitudes/", access_views.access_list, name="access-list"),
    path("solicitudes/nueva/", access_views.access_create, name="access-create"),
    path("solicitudes/<int:pk>/", access_views.access_detail, name="access-detail"),
    path("solicitudes/<int:pk>/paso/<slug:action>/", access_views.access_action, name="access-action"),
    path("solicitudes/<int:pk>/tercero/<int:party>/", access_views.third_party_answer, name="access-third-party"),
    path("solicitudes/<int:pk>/amparo/<int:appeal>/decision/", access_views.appeal_decide, name="access-appeal-decide"),
    path(
        "solicitudes/<int:pk>/amparo/<int:appeal>/cumplido/",
        access_views.appeal_complied,
        name="access-appeal-complied",
    ),
    path("solicitudes/<int:pk>/documento/<int:document>/", access_views.access_document, name="access-document"),
]
