"""Public addresses of the lobby (no login), mounted at lobby/ in gabinete/urls.py."""

from django.urls import path

from . import public_views

app_name = "lobby_public"

urlpatterns = [
    path("solicitar-audiencia/", public_views.request_form, name="request"),
    path("solicitar-audiencia/recibida/", public_views.request_received, name="request-received"),
    path("solicitudes/", public_views.request_list, name="request-list"),
    path("lobbistas/", public_views.lobbyist_list, name="lobbyist-list"),
    path("lobbistas.csv", public_views.lobbyist_csv, name="lobbyist-csv"),
]
