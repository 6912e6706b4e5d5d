"""Distribution lists: who receives each report, kept by Gabinete in the intranet (Listas de distribución).

The code that sends a report asks `recipients_of(ListPurpose.BRIEFING)` for the addresses; the pages
of Gabinete change a list through the services below, each in one transaction with its entry in the
activity log. `mail_report_once` is the job's side: it puts a report's e-mail in the outbox once per job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formataddr

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import activity, mail
from .models import DistributionList, ExternalRecipient, Job, ListPurpose
from .types import User

MEMBER_ADDED = activity.Verb("distribution_list.member_added", gettext_lazy("Agregó a la lista"))
MEMBER_REMOVED = activity.Verb("distribution_list.member_removed", gettext_lazy("Quitó de la lista"))
ADDRESS_ADDED = activity.Verb(
    "distribution_list.address_added", gettext_lazy("Agregó una dirección externa a la lista")
)
ADDRESS_REMOVED = activity.Verb(
    "distribution_list.address_removed", gettext_lazy("Quitó una dirección externa de la lista")
)
LIST_EDITED = activity.Verb("distribution_list.edited", gettext_lazy("Editó la lista"))


#: The name and description each list starts with (those of migration gabinete 0011, which made them).
DEFAULT_NAMES = {
    ListPurpose.BRIEFING: (
        gettext_lazy("Síntesis de prensa"),
        gettext_lazy(
            "Reciben cada mañana la síntesis de prensa del día (PDF), enviada desde la página de la síntesis."
        ),
    ),
    ListPurpose.MEDIA_REPORT: (
        gettext_lazy("Informe mensual de medios"),
        gettext_lazy("Reciben el informe mensual de prensa (publicaciones por dirección, medio y tono) en PDF."),
    ),
    ListPurpose.COMPLIANCE_REPORT: (
        gettext_lazy("Informe de cumplimiento al Administrador Municipal"),
        gettext_lazy("Reciben el informe mensual de cumplimiento de Transparencia Activa en PDF."),
    ),
}


class EmptyList(ValidationError):
    """A report was to be sent to a list with nobody on it: nothing is sent."""


# --- reading ----------------------------------------------------------------------------------------


def list_for(purpose: str) -> DistributionList:
    """The list of `purpose` (the migration created the three; a missing one is made again, empty)."""
    name, description = DEFAULT_NAMES[ListPurpose(purpose)]
    found, _created = DistributionList.objects.get_or_create(
        purpose=purpose, defaults={"name": str(name), "description": str(description)}
    )
    return found


def _addresses(distribution_list: DistributionList) -> list[str]:
    # One query for both kinds of member: a report's page shows the count on every visit.
    people = (
        get_user_model()
        .objects.filter(distribution_lists=distribution_list, is_active=True)
        .exclude(email="")
        .order_by()
        .values_list("email", flat=True)
    )
    outside = (
        ExternalRecipient.objects.filter(distribution_list=distribution_list).order_by().values_list("email", flat=True)
    )
    unique: dict[str, str] = {}
    for address in people.union(outside, all=True):
        unique.setdefault(address.strip().lower(), address.strip())
    return sorted(unique.values(), key=str.lower)


def recipients_of(purpose: str) -> list[str]:
    """The addresses a report for `purpose` goes to: the list's active people of the intranet that have
    an e-mail, and its outside addresses; each address once, in alphabetical order."""
    return _addresses(list_for(purpose))


def addresses_of(distribution_list: DistributionList) -> list[str]:
    return _addresses(distribution_list)


@dataclass(frozen=True)
class ListSummary:
    """What a report's page shows by its send button: «Se enviará a la lista «…» (12 destinatarios)»."""

    purpose: str
    name: str
    recipients: list[str]

    @property
    def count(self) -> int:
        return len(self.recipients)

    @property
    def url(self) -> str:
        return reverse("gabinete:list-detail", args=[self.purpose])


def summary_for(purpose: str) -> ListSummary:
    distribution_list = list_for(purpose)
    return ListSummary(purpose, distribution_list.name, addresses_of(distribution_list))


def candidates_for(distribution_list: DistributionList) -> QuerySet:
    """The people who may be added: active, with an e-mail, not on the list yet."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(distribution_lists=distribution_list)
        .order_by("last_name", "first_name", "username")
    )


def person_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


# --- changing ---------------------------------------------------------------------------------------


@activity.service
def distribution_list_update(
    *, distribution_list: DistributionList, name: str, description: str, by: User
) -> DistributionList:
    """Rename a list or change what it says about itself (its purpose never changes)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Escriba el nombre de la lista.")})
    before = activity.snapshot(distribution_list, ["name", "description"])
    distribution_list.name = name[:120]
    distribution_list.description = description.strip()
    distribution_list.save(update_fields=["name", "description"])
    changes = activity.changes_between(
        before, activity.snapshot(distribution_list, ["name", "description"]), DistributionList
    )
    if changes:
        activity.record(actor=by, verb=LIST_EDITED, target=distribution_list, app="gabinete", changes=changes)
    return distribution_list


@activity.service
def distribution_list_add_people(
    *, distribution_list: DistributionList, people: Iterable[User], by: User
) -> list[User]:
    """Add people of the intranet to a list; they receive while their account is active."""
    chosen = list(people)
    if not chosen:
        raise ValidationError({"people": _("Elija al menos una persona.")})
    for person in chosen:
        if not person.is_active:
            raise ValidationError({"people": _("%(p)s no tiene una cuenta activa.") % {"p": person_label(person)}})
        if not person.email.strip():
            raise ValidationError(
                {"people": _("%(p)s no tiene correo registrado en la intranet.") % {"p": person_label(person)}}
            )
    present = set(distribution_list.members.filter(pk__in=[p.pk for p in chosen]).values_list("pk", flat=True))
    added = [p for p in chosen if p.pk not in present]
    if not added:
        raise ValidationError({"people": _("Esas personas ya están en la lista.")})
    distribution_list.members.add(*added)
    activity.record(
        actor=by,
        verb=MEMBER_ADDED,
        target=distribution_list,
        app="gabinete",
        changes={"summary": ", ".join(f"{person_label(p)} <{p.email}>" for p in added)},
    )
    return added


@activity.service
def distribution_list_remove_person(*, distribution_list: DistributionList, person: User, by: User) -> None:
    """Take a person of the intranet off a list."""
    if not distribution_list.members.filter(pk=person.pk).exists():
        raise ValidationError(_("Esa persona ya no está en la lista."))
    distribution_list.members.remove(person)
    activity.record(
        actor=by,
        verb=MEMBER_REMOVED,
        target=distribution_list,
        app="gabinete",
        changes={"summary": f"{person_label(person)} <{person.email}>"},
    )


@activity.service
def distribution_list_add_address(
    *, distribution_list: DistributionList, email: str, name: str = "", by: User
) -> ExternalRecipient:
    """Add an address outside the intranet (the same address twice, whatever its capitals, is refused)."""
    email = email.strip()
    name = " ".join(name.split())[:150]
    if not email:
        raise ValidationError({"email": _("Escriba la dirección de correo.")})
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("«%(e)s» no es una dirección de correo válida.") % {"e": email}}) from exc
    if distribution_list.external_recipients.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("%(e)s ya está en la lista.") % {"e": email}})
    member = distribution_list.members.filter(email__iexact=email).first()
    if member is not None:
        raise ValidationError(
            {
                "email": _("%(e)s ya recibe como persona de la intranet (%(p)s).")
                % {"e": email, "p": person_label(member)}
            }
        )
    recipient = ExternalRecipient.objects.create(
        distribution_list=distribution_list, email=email, name=name, added_by=by
    )
    activity.record(
        actor=by,
        verb=ADDRESS_ADDED,
        target=distribution_list,
        app="gabinete",
        changes={"summary": formataddr((name, email)) if name else email},
    )
    return recipient


@activity.service
def distribution_list_remove_address(*, recipient: ExternalRecipient, by: User) -> None:
    """Take an outside address off its list."""
    distribution_list = recipient.distribution_list
    shown = str(recipient)
    deleted, _rows = ExternalRecipient.objects.filter(pk=recipient.pk).delete()
    if not deleted:
        raise ValidationError(_("Esa dirección ya no está en la lista."))
    activity.record(
        actor=by, verb=ADDRESS_REMOVED, target=distribution_list, app="gabinete", changes={"summary": shown}
    )


# --- sending a report to a list ---------------------------------------------------------------------


def require_recipients(purpose: str) -> tuple[DistributionList, list[str]]:
    """The list and its addresses, or `EmptyList` with a message saying where to add someone."""
    distribution_list = list_for(purpose)
    recipients = addresses_of(distribution_list)
    if not recipients:
        raise EmptyList(
            _(
                "La lista «%(l)s» no tiene destinatarios: no se envió nada. Agregue personas o direcciones "
                "en Listas de distribución."
            )
            % {"l": distribution_list.name}
        )
    return distribution_list, recipients


def report_email(*, distribution_list_name: str, title: str, lines: Iterable[str], sender: str) -> tuple[str, str]:
    """The plain text and the HTML of a report's e-mail (the PDF goes attached)."""
    context = {"title": title, "lines": list(lines), "sender": sender, "list_name": distribution_list_name}
    return (
        render_to_string("gabinete/list_mail.txt", context).strip() + "\n",
        render_to_string("gabinete/list_mail.html", context),
    )


def mail_report_once(
    job: Job,
    *,
    purpose: str,
    title: str,
    lines: Iterable[str],
    attachment: mail.Attachment,
    kind: str,
) -> int:
    """Put a report's e-mail to the job's recipients (params["to"], chosen when it was asked for) in
    the outbox, once per job: the job notes the outbox row in the same transaction, so a later attempt
    of the same job (its worker died after this) does not send it again. Returns how many receive it."""
    recipients = list(job.params.get("to") or [])
    if job.params.get("mailed"):
        return len(recipients)
    distribution_list = list_for(purpose)
    sender = person_label(job.owner)
    body, html = report_email(distribution_list_name=distribution_list.name, title=title, lines=lines, sender=sender)
    with transaction.atomic():
        email = mail.send(
            to=recipients, subject=title, body=body, html=html, attachments=[attachment], kind=kind, by=job.owner
        )
        params = {**job.params, "mailed": email.pk if email else 0}
        Job.objects.filter(pk=job.pk).update(params=params)
        job.params = params
    return len(recipients)


def sent_summary(distribution_list_name: str, count: int) -> str:
    from django.utils.translation import ngettext

    return ngettext(
        "Enviado por correo a la lista «%(l)s» (%(n)s destinatario).",
        "Enviado por correo a la lista «%(l)s» (%(n)s destinatarios).",
        count,
    ) % {"l": distribution_list_name, "n": count}
