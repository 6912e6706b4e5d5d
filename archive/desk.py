"""Mi escritorio: forwardings waiting for a directorate's answer; overdue ones for Gabinete."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gabinete import desk
from gabinete.permissions import directorate_ids_of, is_alcalde, is_gabinete

from .models import Article, ArticleState, Clipping, Forwarding, Tone
from .permissions import ANSWERING_ROLES
from .selectors import failing_sources


def _item(f: Forwarding, detail: str) -> desk.DeskItem:
    return desk.DeskItem(
        title=f.clipping.headline,
        url=reverse("archive:forwarding-detail", kwargs={"pk": f.pk}),
        due=f.due_on,
        urgency=desk.urgency_for(f.due_on),
        detail=detail,
        group=f.directorate.display_name,
    )


@desk.register(gettext_lazy("Recortes de prensa derivados a su dirección"), order=40)
def forwardings_to_answer(user) -> list[desk.DeskItem]:
    """One query: the pending forwardings addressed to the user's directorates."""
    ids = directorate_ids_of(user, ANSWERING_ROLES)
    if not ids:
        return []
    pending = (
        Forwarding.objects.pending()
        .for_directorates(ids)
        .select_related("clipping", "directorate")
        .order_by("due_on")[:30]
    )
    return [_item(f, _("%(d)s · %(r)s") % {"d": f.directorate.display_name, "r": f.request[:90]}) for f in pending]


@desk.register(gettext_lazy("Derivaciones de prensa vencidas sin respuesta"), order=41)
def overdue_forwardings(user) -> list[desk.DeskItem]:
    if not is_gabinete(user):
        return []
    overdue = (
        Forwarding.objects.pending()
        .filter(due_on__lt=timezone.localdate())
        .select_related("clipping", "directorate")
        .order_by("due_on")[:30]
    )
    return [_item(f, _("Derivado a %(d)s") % {"d": f.directorate.display_name}) for f in overdue]


@desk.register(gettext_lazy("Síntesis de prensa del día"), order=6)
def todays_briefing(user) -> list[desk.DeskItem]:
    """For the Alcalde: today's briefing, how many clippings and how the day looks (by tone), with a
    link to read it. One query (a count per tone)."""
    if not is_alcalde(user):
        return []
    today = timezone.localdate()
    counts = dict(Clipping.objects.on_day(today).values_list("tone").annotate(n=Count("pk")).order_by())
    total = sum(counts.values())
    url = reverse("archive:briefing-day", kwargs={"day": today.isoformat()})
    if not total:
        return [desk.DeskItem(title=_("Aún no hay recortes de hoy"), url=url, urgency=desk.Urgency.INFO)]
    negative = counts.get(Tone.NEGATIVE, 0)
    tones = [
        ngettext("%(n)s negativo", "%(n)s negativos", negative) % {"n": negative},
        ngettext("%(n)s neutro", "%(n)s neutros", counts.get(Tone.NEUTRAL, 0)) % {"n": counts.get(Tone.NEUTRAL, 0)},
        ngettext("%(n)s positivo", "%(n)s positivos", counts.get(Tone.POSITIVE, 0))
        % {"n": counts.get(Tone.POSITIVE, 0)},
    ]
    return [
        desk.DeskItem(
            title=ngettext("Síntesis de hoy: %(n)s recorte", "Síntesis de hoy: %(n)s recortes", total) % {"n": total},
            url=url,
            # A day with bad press is the one thing here that cannot wait.
            urgency=desk.Urgency.DUE_SOON if negative else desk.Urgency.INFO,
            detail=" · ".join(tones),
        )
    ]


@desk.register(gettext_lazy("Fuentes de noticias que fallan hace más de un día"), order=42)
def sources_failing(user) -> list[desk.DeskItem]:
    """For Gabinete: a source that has not been read for a day (its error, to fix or pause it)."""
    if not is_gabinete(user):
        return []
    return [
        desk.DeskItem(
            title=_("%(outlet)s: falla desde el %(since)s")
            % {"outlet": s.outlet.name, "since": f"{timezone.localtime(s.failing_since):%d-%m-%Y %H:%M}"},
            url=s.get_absolute_url(),
            urgency=desk.Urgency.DUE_SOON,
            detail=s.last_error[:140],
            is_deadline=False,
        )
        for s in failing_sources()[:20]
    ]


@desk.register(gettext_lazy("Bandeja de prensa"), order=39)
def inbox_waiting(user) -> list[desk.DeskItem]:
    """For Gabinete: how many found publications wait for a decision (one grouped query)."""
    if not is_gabinete(user):
        return []
    counts = dict(
        Article.objects.filter(state=ArticleState.PENDING).values_list("priority").annotate(n=Count("pk")).order_by()
    )
    total = sum(counts.values())
    if not total:
        return []
    urgent = counts.get(True, 0)
    return [
        desk.DeskItem(
            title=ngettext("%(n)s publicación por revisar", "%(n)s publicaciones por revisar", total) % {"n": total},
            url=reverse("archive:inbox"),
            urgency=desk.Urgency.DUE_SOON if urgent else desk.Urgency.PENDING,
            detail=ngettext("%(n)s prioritaria", "%(n)s prioritarias", urgent) % {"n": urgent} if urgent else "",
            is_deadline=False,
        )
    ]
