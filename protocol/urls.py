from django.urls import include, path

from . import views

app_name = "protocol"

urlpatterns = [
    path("", views.index, name="index"),
    path("alcalde/hoy/", views.mayor_day, name="mayor-day"),
    path("alcalde/semana/", views.mayor_week, name="mayor-week"),
    path("alcalde/mes/", views.mayor_month, name="mayor-month"),
    path("alcalde/semana.pdf", views.mayor_week_pdf, name="mayor-week-pdf"),
    path("actividades/", views.event_list, name="event-list"),
    path("actividades/nueva/", views.event_create, name="event-create"),
    path("propuestas/", views.proposal_list, name="proposal-list"),
    path("propuestas/nueva/", views.event_propose, name="event-propose"),
    path("actividades/<int:pk>/", views.event_detail, name="event-detail"),
    path("actividades/<int:pk>/editar/", views.event_edit, name="event-edit"),
    path("actividades/<int:pk>/estado/", views.event_transition, name="event-transition"),
    path("actividades/<int:pk>/imprimir/", views.event_print, name="event-print"),
    path("actividades/<int:pk>/programa.pdf", views.event_programme, name="event-programme"),
    path("actividades/<int:pk>/actividad.ics", views.event_ics, name="event-ics"),
    path("actividades/<int:pk>/asistentes/", views.attendee_add, name="attendee-add"),
    path(
        "actividades/<int:pk>/asistentes/<int:attendee_pk>/quitar/",
        views.attendee_remove,
        name="attendee-remove",
    ),
    path("actividades/<int:pk>/pauta/", views.task_add, name="task-add"),
    path("actividades/<int:pk>/pauta/<int:task_pk>/eliminar/", views.task_remove, name="task-remove"),
    path("pauta/<int:task_pk>/", views.task_toggle, name="task-toggle"),
    path("actividades/<int:pk>/lobby/", views.lobby_from_event, name="lobby-from-event"),
    path("precedencia/", views.precedence_edit, name="precedence"),
    path("precedencia/<int:pk>/confirmar/", views.precedence_confirm, name="precedence-confirm"),
    path("calendario/", views.feed_settings, name="feed-settings"),
    path("calendario/<str:token>.ics", views.feed, name="feed"),
    path("lobby/", views.lobby_list, name="lobby-list"),
    # Before the registers' «lobby/<kind>/…»: «sujetos» is not a register.
    path("lobby/sujetos/", views.passive_subject_list, name="passive-subject-list"),
    path("lobby/sujetos/nuevo/", views.passive_subject_edit, name="passive-subject-create"),
    path("lobby/sujetos/<int:pk>/", views.passive_subject_edit, name="passive-subject-edit"),
    path("lobby/sujetos/<int:pk>/cierres/", views.lobby_closings, name="lobby-closings"),
    path("lobby/solicitudes/", include("protocol.request_urls")),
    path("lobby/<str:kind>/nuevo/", views.lobby_edit, name="lobby-create"),
    path("lobby/<str:kind>/<int:pk>/", views.lobby_edit, name="lobby-edit"),
    path("lobby/<str:kind>/<int:pk>/revisar/", views.lobby_check, name="lobby-check"),
    path("lobby/<str:kind>/<int:pk>/eliminar/", views.lobby_delete, name="lobby-delete"),
]
