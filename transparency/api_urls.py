"""/api/v1/: the open data API (transparency/api.py) and its OpenAPI description and documentation."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.cache import cache_control
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import api


def public(view):
    """Public and the same for everyone (signed in or not): cacheable by anyone for a minute."""
    return login_not_required(cache_control(public=True, max_age=60)(view))


class Router(DefaultRouter):
    """The root lists the endpoints, public like them."""

    include_format_suffixes = False

    def get_api_root_view(self, api_urls=None):
        return public(super().get_api_root_view(api_urls))


router = Router()
router.register("catalogo", api.ItemViewSet, basename="item")
router.register("publicaciones", api.PublicationViewSet, basename="publication")
router.register("lobby/sujetos-pasivos", api.PassiveSubjectView, basename="lobby-subject")
router.register("lobby/audiencias", api.AudienceView, basename="lobby-audience")
router.register("lobby/viajes", api.TripView, basename="lobby-trip")
router.register("lobby/donativos", api.GiftView, basename="lobby-gift")
router.register("solicitudes/estadisticas", api.AccessStatsView, basename="access-stats")
router.register("solicitudes/respondidas", api.AnsweredView, basename="access-answered")
router.register("actos-reservados", api.ReservedView, basename="reserved")

app_name = "api"
urlpatterns = [
    path("esquema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("documentacion/", api.documentation, name="docs"),
    path("", include(router.urls)),
]
