from django.urls import path

from . import public_views

app_name = "transparency_public"

urlpatterns = [
    path("", public_views.public_index, name="index"),
]
