from django.urls import path

from . import views

app_name = "protocol"

urlpatterns = [
    path("", views.index, name="index"),
]
