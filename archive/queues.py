"""The forwardings awaiting an answer, on the core's one list pattern (gabinete/queues.py).

Gabinete's press team follows every clipping it sent to a directorate until the answer comes; a
directorate sees the ones addressed to it (archive/permissions.forwardings_visible_to), to answer
them. The list opens on the pending ones («Sin responder»). No bulk action: answering is writing
what the directorate did, one forwarding at a time."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gabinete.queues import ChoiceFilter, Column, DateRangeFilter, FlagFilter, Queue, Sort, directorate_filter

from .models import Article, ArticleState, ForwardingStatus


def forwarding_overdue() -> Q:
    """Still without an answer and its due date has passed."""
    return Q(status=ForwardingStatus.PENDING, due_on__lt=timezone.localdate())


FORWARDING_QUEUE = Queue(
    filters=[
        ChoiceFilter(
            "estado",
            _("Respuesta"),
            "status",
            choices=[(ForwardingStatus.PENDING, _("Sin responder")), (ForwardingStatus.ANSWERED, _("Respondidas"))],
        ),
        directorate_filter("directorate__slug", "directorate__name"),
        DateRangeFilter("derivada", _("Derivada el"), "created_at", is_datetime=True),
        FlagFilter("vencidas", _("Solo fuera de plazo"), forwarding_overdue),
    ],
    sorts=[
        Sort("plazo", _("Plazo"), ("due_on",)),
        Sort("derivada", _("Derivada el"), ("created_at",)),
        Sort("direccion", _("Dirección"), ("directorate__name",)),
    ],
    default_sort="plazo",
    columns=[
        Column(_("Recorte y solicitud")),
        Column(_("Dirección"), "direccion"),
        Column(_("Derivada el"), "derivada"),
        Column(_("Plazo"), "plazo"),
        Column(_("Respuesta")),
    ],
    row_template="archive/_forwarding_row.html",
    noun=(_("derivación con estos filtros"), _("derivaciones con estos filtros")),
    empty=_("No hay derivaciones con estos filtros."),
)


def forwarding_queue_data(data: QueryDict) -> QueryDict:
    """The address as the queue reads it: without `estado`, the forwardings still without an answer."""
    data = data.copy()
    if "estado" not in data:
        data["estado"] = ForwardingStatus.PENDING
    return data


# --- the inbox of fetched articles (issue 19) ------------------------------------------------------


def inbox_leads(articles: QuerySet[Article]) -> QuerySet[Article]:
    """One row per story: of a story's articles still waiting, the first one found stands for all."""
    earlier = Article.objects.filter(story_id=OuterRef("story_id"), state=ArticleState.PENDING, pk__lt=OuterRef("pk"))
    return articles.filter(state=ArticleState.PENDING).exclude(Exists(earlier))


INBOX_QUEUE = Queue(
    filters=[
        ChoiceFilter("regla", _("Regla"), "rules__pk", label_fields=("rules__name",)),
        ChoiceFilter("medio", _("Medio"), "outlet__pk", label_fields=("outlet__name",)),
        directorate_filter("suggested_directorates__slug", "suggested_directorates__name"),
        DateRangeFilter("encontrada", _("Encontrada el"), "fetched_at", is_datetime=True),
        FlagFilter("prioritarias", _("Solo prioritarias"), lambda: Q(priority=True)),
    ],
    sorts=[
        Sort("publicada", _("Publicada"), ("published_at",)),
        Sort("encontrada", _("Encontrada"), ("fetched_at",)),
    ],
    default_sort="publicada",
    default_descending=True,
    columns=[
        Column(_("Publicación")),
        Column(_("Medios")),
        Column(_("Publicada"), "publicada"),
        Column(_("Reglas y sugerencias")),
    ],
    row_template="archive/_inbox_row.html",
    noun=(_("publicación por revisar"), _("publicaciones por revisar")),
    empty=_("No hay publicaciones esperando revisión con estos filtros."),
)
