from django.urls import path

from . import views

app_name = "communications"

urlpatterns = [
    path("", views.index, name="index"),
    path("comunicados/", views.release_list, name="release-list"),
    path("comunicados/nuevo/", views.release_create, name="release-create"),
    path("comunicados/<int:pk>/", views.release_detail, name="release-detail"),
    path("comunicados/<int:pk>/editar/", views.release_edit, name="release-edit"),
    path("comunicados/<int:pk>/corregir/", views.release_correct, name="release-correct"),
    path("comunicados/<int:pk>/<slug:action>/", views.release_action, name="release-action"),
    path("imagenes/subir/", views.image_upload, name="image-upload"),
    path("solicitudes/", views.support_list, name="support-list"),
    path("solicitudes/tablero/", views.support_board, name="support-board"),
    path("solicitudes/asignar/", views.support_bulk, name="support-bulk"),
    path("solicitudes/nueva/", views.support_create, name="support-create"),
    path("solicitudes/<int:pk>/", views.support_detail, name="support-detail"),
    path("solicitudes/<int:pk>/adjuntar/", views.support_attach, name="support-attach"),
    path("solicitudes/<int:pk>/asignar/", views.support_assign, name="support-assign"),
    path("solicitudes/adjuntos/<int:pk>/", views.support_attachment_download, name="support-attachment"),
    path("solicitudes/<int:pk>/<slug:action>/", views.support_action, name="support-action"),
    path("medios/", views.contact_list, name="contact-list"),
    path("medios/contactos.csv", views.contacts_csv, name="contacts-csv"),
    path("medios/contactos.vcf", views.contacts_vcard, name="contacts-vcard"),
    path("medios/medio/nuevo/", views.outlet_form, name="outlet-create"),
    path("medios/medio/<int:pk>/", views.outlet_form, name="outlet-edit"),
    path("medios/periodista/nuevo/", views.journalist_form, name="journalist-create"),
    path("medios/periodista/<int:pk>/", views.journalist_form, name="journalist-edit"),
]
