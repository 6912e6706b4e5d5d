"""Mi escritorio: forwardings waiting for a directorate's answer; overdue ones for Gabinete."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import desk
from gabinete.permissions import directorate_ids_of, is_gabinete

from .models import Forwarding
from .permissions import ANSWERING_ROLES


def _item(f: Forwarding, detail: str) -> desk.DeskItem:
    return desk.DeskItem(
        title=f.clipping.headline,
        url=reverse("archive:forwarding-detail", kwargs={"pk": f.pk}),
        due=f.due_on,
        urgency=desk.urgency_for(f.due_on),
        detail=detail,
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
