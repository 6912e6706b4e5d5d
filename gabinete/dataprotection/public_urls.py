"""Public addresses of personal data (no login), mounted at datos-personales/derechos/ in gabinete/urls.py."""

from django.urls import path

from . import views

app_name = "dataprotection_public"

urlpatterns = [
    path("", views.rights_form, name="rights"),
    path("recibida/", views.rights_received, name="rights-received"),
]
