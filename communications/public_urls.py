from django.urls import path, re_path

from . import public_views

app_name = "news"

urlpatterns = [
    path("", public_views.news_list, name="list"),
    path("rss/", public_views.rss_feed, name="rss"),
    path("atom/", public_views.atom_feed, name="atom"),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/(?P<slug>[-a-z0-9]+)/$",
        public_views.news_detail,
        name="detail",
    ),
    path("imagenes/<path:name>", public_views.image, name="image"),
]
