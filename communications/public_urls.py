from django.urls import path

from . import public_views

app_name = "news"

urlpatterns = [
    path("", public_views.news_list, name="list"),
]
