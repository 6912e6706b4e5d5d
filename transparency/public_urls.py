from django.urls import path

from . import public_views

app_name = "transparency_public"

urlpatterns = [
    path("", public_views.public_index, name="index"),
    path("documento/<int:pk>/", public_views.document, name="document"),
    path("<slug:letter>/", public_views.item_detail, name="item"),
    path("<slug:letter>/<int:year>/<int:month>/", public_views.item_month, name="item-month"),
    path("<slug:letter>/<slug:section>/<int:year>/<int:month>.csv", public_views.table_csv, name="table-csv"),
    path("<slug:letter>/<slug:section>/<int:year>/<int:month>.json", public_views.table_json, name="table-json"),
]
