from django.urls import path

from . import views

app_name = "office"

urlpatterns = [
    path("", views.index, name="index"),
    # Matters for the Alcalde's decision
    path("asuntos/", views.matter_list, name="matter-list"),
    path("asuntos/agrupar/", views.matter_bulk, name="matter-bulk"),
    path("asuntos/nuevo/", views.matter_create, name="matter-create"),
    path("asuntos/minuta.pdf", views.matter_minuta_pdf, name="matter-minuta-pdf"),
    path("asuntos/despacho/<int:meeting_pk>/minuta.pdf", views.matter_minuta_pdf, name="meeting-minuta-pdf"),
    path("asuntos/<int:pk>/", views.matter_detail, name="matter-detail"),
    path("asuntos/<int:pk>/editar/", views.matter_edit, name="matter-edit"),
    path("asuntos/<int:pk>/adjuntar/", views.matter_attach, name="matter-attach"),
    path("asuntos/<int:pk>/solicitar-antecedentes/", views.matter_request_info, name="matter-request-info"),
    path("asuntos/<int:pk>/responder/", views.matter_answer, name="matter-answer"),
    path("asuntos/<int:pk>/agrupar/", views.matter_schedule, name="matter-schedule"),
    path("asuntos/<int:pk>/decidir/", views.matter_decide, name="matter-decide"),
    path("asuntos/adjuntos/<int:pk>/", views.matter_attachment_download, name="matter-attachment"),
    # The Alcalde's assignments
    path("encargos/", views.assignment_list, name="assignment-list"),
    path("encargos/nuevo/", views.assignment_create, name="assignment-create"),
    path("encargos/semana.pdf", views.assignment_weekly_pdf, name="assignment-weekly-pdf"),
    path("encargos/<int:pk>/", views.assignment_detail, name="assignment-detail"),
    path("encargos/<int:pk>/editar/", views.assignment_edit, name="assignment-edit"),
    path("encargos/<int:pk>/avance/", views.assignment_add_note, name="assignment-note"),
    path("encargos/<int:pk>/cerrar/", views.assignment_close, name="assignment-close"),
    # Procedure manuals
    path("manuales/", views.manual_list, name="manual-list"),
    path("manuales/nuevo/", views.manual_create, name="manual-create"),
    path("manuales/informe.pdf", views.manual_report_pdf, name="manual-report-pdf"),
    path("manuales/informe-anual/", views.manual_annual_report, name="manual-annual-report"),
    path("manuales/<int:pk>/", views.manual_detail, name="manual-detail"),
    path("manuales/<int:pk>/editar/", views.manual_edit, name="manual-edit"),
    path("manuales/<int:pk>/nueva-version/", views.manual_version_create, name="manual-version-create"),
    path("manuales/versiones/<int:pk>/", views.manual_version_detail, name="manual-version-detail"),
    path("manuales/versiones/<int:pk>/editar/", views.manual_version_edit, name="manual-version-edit"),
    path("manuales/versiones/<int:pk>/archivo/", views.manual_version_file, name="manual-version-file"),
    path("manuales/versiones/<int:pk>/aprobar/", views.manual_version_approve, name="manual-version-approve"),
    # Job descriptors
    path("descriptores/", views.descriptor_list, name="descriptor-list"),
    path("descriptores/en-revision/", views.descriptor_review_queue, name="descriptor-review-queue"),
    path("descriptores/nuevo/", views.descriptor_create, name="descriptor-create"),
    path("descriptores/descriptores.pdf", views.descriptor_set_pdf, name="descriptor-set-pdf"),
    path("descriptores/informe-anual/", views.descriptor_annual_report, name="descriptor-annual-report"),
    path("descriptores/<int:pk>/", views.descriptor_detail, name="descriptor-detail"),
    path("descriptores/<int:pk>/descriptor.pdf", views.descriptor_pdf, name="descriptor-pdf"),
    path("descriptores/<int:pk>/nueva-version/", views.descriptor_version_create, name="descriptor-version-create"),
    path("descriptores/versiones/<int:pk>/editar/", views.descriptor_version_edit, name="descriptor-version-edit"),
    path("descriptores/versiones/<int:pk>/enviar/", views.descriptor_version_submit, name="descriptor-version-submit"),
    path("descriptores/versiones/<int:pk>/revisar/", views.descriptor_version_review, name="descriptor-version-review"),
    path(
        "descriptores/versiones/<int:pk>/aprobar/", views.descriptor_version_approve, name="descriptor-version-approve"
    ),
]
