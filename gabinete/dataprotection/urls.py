"""Staff addresses of personal data (Ley 21.719), mounted at proteccion-de-datos/ in gabinete/urls.py."""

from django.urls import path

from . import views

app_name = "dataprotection"

urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("solicitudes/nueva/", views.request_create, name="request-create"),
    path("solicitudes/<int:pk>/", views.request_detail, name="request-detail"),
    path("solicitudes/<int:pk>/prorrogar/", views.request_extend, name="request-extend"),
    path("solicitudes/<int:pk>/responder/", views.request_answer, name="request-answer"),
    path("solicitudes/<int:pk>/datos.zip", views.request_export, name="request-export"),
    path("conservacion/", views.retention, name="retention"),
]
