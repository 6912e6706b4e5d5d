from django.urls import path

from . import access_public_views, public_views

app_name = "transparency_public"

urlpatterns = [
    path("", public_views.public_index, name="index"),
    path("documento/<int:pk>/", public_views.document, name="document"),
    path("solicitar-informacion/", access_public_views.access_form, name="access-form"),
    path("solicitar-informacion/recibida/", access_public_views.access_received, name="access-received"),
    path("solicitudes/", access_public_views.access_answered, name="access-answered"),
    path("solicitudes/<str:number>/<str:token>/", access_public_views.access_follow, name="access-follow"),
    path(
        "solicitudes/<str:number>/<str:token>/documento/<int:document>/",
        access_public_views.access_follow_document,
        name="access-follow-document",
    ),
    path("actos-reservados/", access_public_views.reserved_index, name="reserved-index"),
    path("lobby/", public_views.lobby, name="lobby"),
    path("lobby/<slug:part>.csv", public_views.lobby_csv, name="lobby-csv"),
    path("lobby/<slug:part>.json", public_views.lobby_json, name="lobby-json"),
    path("lobby/<slug:part>/infolobby.csv", public_views.lobby_infolobby, name="lobby-infolobby"),
    path("lobby/<slug:register>/<int:pk>/", public_views.lobby_history, name="lobby-history"),
    path("<slug:letter>/", public_views.item_detail, name="item"),
    path("<slug:letter>/<int:year>/<int:month>/", public_views.item_month, name="item-month"),
    path("<slug:letter>/<slug:section>/<int:year>/<int:month>.csv", public_views.table_csv, name="table-csv"),
    path("<slug:letter>/<slug:section>/<int:year>/<int:month>.json", public_views.table_json, name="table-json"),
]
