"""Mi escritorio: the data subjects' requests near or past their deadline, for those who answer them
(Asesoría Jurídica and the head of Gabinete)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import desk
from gabinete.permissions import is_gabinete_head, is_legal_reviewer, is_superuser

from .models import DataSubjectRequest, RightsRules


@desk.register(gettext_lazy("Solicitudes de derechos sobre datos personales"), order=45)
def rights_requests_due(user) -> list[desk.DeskItem]:
    """Open requests whose term ends within the warning days of `RightsRules`, or has ended. One query."""
    if not (is_legal_reviewer(user) or is_gabinete_head(user) or is_superuser(user)):
        return []
    rules = RightsRules.current()
    today = timezone.localdate()
    near = DataSubjectRequest.objects.open().filter(due_date__lte=today + timedelta(days=rules.soon_days))
    return [
        desk.DeskItem(
            title=_("%(number)s — %(kind)s") % {"number": r.number, "kind": r.get_kind_display().split(":")[0]},
            url=reverse("dataprotection:request-detail", args=[r.pk]),
            due=r.due_date,
            urgency=desk.urgency_for(r.due_date, soon_days=rules.soon_days, today=today),
            detail=_("Vencida: responder cuanto antes") if r.due_date < today else _("Por responder"),
        )
        for r in near.order_by("due_date", "pk")[:30]
    ]
