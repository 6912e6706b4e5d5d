from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("seguridad/", views.security, name="security"),
    path("seguridad/activar/", views.two_step_enrol, name="two-step-enrol"),
    path("seguridad/verificar/", views.two_step_verify, name="two-step-verify"),
    path("seguridad/codigos/", views.recovery_codes, name="recovery-codes"),
    path("seguridad/desactivar/", views.two_step_disable, name="two-step-disable"),
    path("sesiones/", views.sessions, name="sessions"),
    path("sesiones/cerrar-las-demas/", views.sessions_close_others, name="sessions-close-others"),
    path("sesiones/<int:pk>/cerrar/", views.session_close, name="session-close"),
    path("personas/", views.people, name="people"),
    path("personas/<int:pk>/", views.person, name="person"),
    path("personas/<int:pk>/restablecer-segundo-paso/", views.person_two_step_reset, name="person-two-step-reset"),
    path("personas/<int:pk>/cerrar-sesiones/", views.person_sessions_close, name="person-sessions-close"),
]
