"""Notifications: work that finds its people.

Who hears about a step is declared beside each workflow (`Workflow(notify=…)`) or by the service that
records the entry (`activity.record(..., recipients=[...])`); this module turns that audience into one
`Notification` per person, in the same transaction, and delivers it as each person chose for its kind:

    MEASUREMENT_RETURNED = notifications.Kind(
        "indicators.measurement_returned", _("Medición devuelta"), verbs=["measurement.return"]
    )

- **In the intranet** always (the bell in the header and «Notificaciones»), unless the person turned
  the kind off.
- **By e-mail at once**: through the outbox (`gabinete.mail.send`), so the job queue delivers it with
  retries and a wrong SMTP server never breaks the action. The e-mail carries the notice's title and a
  link, never the record's content (a transparency draft, a matter's notes): the title is all it says.
- **In the daily digest**: `send_digests()` (a periodic job) sends each person, at the time they chose
  (08:00 by default), on business days, what was kept for it, grouped by app.

A kind marked `mandatory` (a deadline about to pass) cannot be turned off: the choice «off» is refused.
Notices with no change behind them (a deadline, new clippings for a followed search) come through
`notify(...)` with a `key`, so the same notice is never given twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from . import business_days, mail
from .models import Activity, Delivery, DigestSchedule, Notification, NotificationPreference
from .models.notifications import DEFAULT_DIGEST_TIME
from .types import StrOrPromise, User

logger = logging.getLogger(__name__)


# --- kinds -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of notice a person can choose how to receive."""

    code: str
    label: StrOrPromise
    #: The activity verbs (`<model>.<step>` or a service's verb code) that are notices of this kind.
    verbs: tuple[str, ...] = ()
    #: Cannot be turned off entirely (a legal deadline about to pass).
    mandatory: bool = False
    default: str = Delivery.EMAIL
    help: StrOrPromise = ""
    app: str = field(default="")

    def __init__(
        self,
        code: str,
        label: StrOrPromise,
        *,
        verbs: Iterable[str] = (),
        mandatory: bool = False,
        default: str = Delivery.EMAIL,
        help: StrOrPromise = "",
        app: str = "",
    ) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "verbs", tuple(verbs))
        object.__setattr__(self, "mandatory", mandatory)
        object.__setattr__(self, "default", Delivery(default).value)
        object.__setattr__(self, "help", help)
        object.__setattr__(self, "app", app or code.split(".", 1)[0])
        register(self)

    @property
    def choices(self) -> list[tuple[str, str]]:
        """The deliveries a person may choose for this kind."""
        return [
            (value, str(label)) for value, label in Delivery.choices if not (self.mandatory and value == Delivery.OFF)
        ]


_KINDS: dict[str, Kind] = {}
_BY_VERB: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Declare a kind (done by `Kind(...)` itself). Declaring the same code again replaces it (reloads)."""
    for verb in kind.verbs:
        owner = _BY_VERB.get(verb)
        if owner is not None and owner.code != kind.code:
            raise ValueError(f"Verb {verb!r} already belongs to notification kind {owner.code!r}")
        _BY_VERB[verb] = kind
    _KINDS[kind.code] = kind
    return kind


def kinds() -> list[Kind]:
    """Every declared kind, by app and label (the preferences page)."""
    from .activity import APP_NAMES

    order = list(APP_NAMES)
    return sorted(_KINDS.values(), key=lambda k: (order.index(k.app) if k.app in order else 99, str(k.label)))


def kind_named(code: str) -> Kind:
    return _KINDS.get(code) or OTHER


def kind_of_verb(verb: str) -> Kind | None:
    return _BY_VERB.get(verb)


OTHER = Kind(
    "gabinete.other",
    gettext_lazy("Otros avisos"),
    default=Delivery.WEB,
    help=gettext_lazy("Lo que no tiene un tipo propio."),
)
JOB_DONE = Kind(
    "gabinete.job_done",
    gettext_lazy("Mis documentos listos o fallidos"),
    verbs=["job.finished", "job.failed"],
    default=Delivery.WEB,
)
DEADLINE_SOON = Kind(
    "gabinete.deadline_soon",
    gettext_lazy("Plazo que vence en tres días hábiles"),
    mandatory=True,
    help=gettext_lazy("No se puede desactivar: un plazo legal o de gestión está por vencer."),
)
DEADLINE_PASSED = Kind(
    "gabinete.deadline_passed",
    gettext_lazy("Plazo vencido"),
    mandatory=True,
    help=gettext_lazy("No se puede desactivar: un plazo venció sin respuesta."),
)


# --- preferences -------------------------------------------------------------------------------------


def deliveries_for(users: Sequence[User], kind: Kind) -> dict[int, str]:
    """How each of `users` receives `kind` (one query)."""
    chosen = dict(
        NotificationPreference.objects.filter(user__in=[u.pk for u in users], kind=kind.code).values_list(
            "user_id", "delivery"
        )
    )
    return {user.pk: _effective(kind, chosen.get(user.pk, kind.default)) for user in users}


def preferences_of(user: User) -> list[tuple[Kind, str]]:
    """Every kind with this person's choice (or its default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [(kind, _effective(kind, chosen.get(kind.code, kind.default))) for kind in kinds()]


def _effective(kind: Kind, delivery: str) -> str:
    """A stored «off» for a kind that cannot be turned off still reaches the intranet."""
    return Delivery.WEB if delivery == Delivery.OFF and kind.mandatory else delivery


def digest_time_of(user: User):
    schedule = DigestSchedule.objects.filter(user=user).first()
    return schedule.at if schedule else DEFAULT_DIGEST_TIME


# --- making notices ----------------------------------------------------------------------------------


def url_of(target: models.Model | None) -> str:
    """The record's page, where it has one."""
    getter = getattr(target, "get_absolute_url", None)
    if getter is None:
        return ""
    try:
        return str(getter())
    except Exception:  # noqa: BLE001 — a record without a page still gets its notice
        logger.warning("No page for %r", target, exc_info=True)
        return ""


def for_activity(entry: Activity, people: Iterable[User], target: models.Model | None) -> list[Notification]:
    """The audience of an activity entry, told as each chose (called by `activity.record`, in its transaction)."""
    users = _distinct_active(people, exclude=entry.actor_id)
    if not users:
        return []
    kind = kind_of_verb(entry.verb) or OTHER
    title = f"{entry.verb_label}: {entry.target_label}" if entry.target_label else entry.verb_label
    return _make(
        users,
        kind=kind,
        title=title,
        url=url_of(target),
        app=entry.app,
        activity=entry,
        actor=entry.actor,
    )


def notify(
    *,
    users: Iterable[User],
    kind: Kind,
    title: str,
    url: str = "",
    key: str = "",
    app: str = "",
) -> list[Notification]:
    """A notice with no activity entry behind it (a deadline, new clippings for a followed search).
    With a `key`, a person already given a notice with that key is not given it again."""
    people = _distinct_active(users)
    if key:
        told = set(
            Notification.objects.filter(key=key[:200], user__in=[u.pk for u in people]).values_list(
                "user_id", flat=True
            )
        )
        people = [u for u in people if u.pk not in told]
    if not people:
        return []
    with transaction.atomic():
        return _make(people, kind=kind, title=title, url=url, app=app or kind.app, key=key[:200])


def _distinct_active(people: Iterable[User], exclude: int | None = None) -> list[User]:
    seen: dict[int, User] = {}
    for user in people:
        if user is None or not getattr(user, "pk", None) or user.pk == exclude:
            continue
        if getattr(user, "is_active", True):
            seen.setdefault(user.pk, user)
    return list(seen.values())


def _make(
    users: list[User],
    *,
    kind: Kind,
    title: str,
    url: str,
    app: str,
    activity: Activity | None = None,
    key: str = "",
    actor: User | None = None,
) -> list[Notification]:
    deliveries = deliveries_for(users, kind)
    now = timezone.now()
    made = [
        Notification(
            user=user,
            kind=kind.code,
            app=app,
            title=title[:300],
            url=url[:500],
            activity=activity,
            key=key,
            delivery=deliveries[user.pk],
            created_at=now,
        )
        for user in users
        if deliveries[user.pk] != Delivery.OFF
    ]
    for notice in made:
        if notice.delivery == Delivery.EMAIL and notice.user.email:
            notice.emailed_at = now
    Notification.objects.bulk_create(made)
    for notice in made:
        if notice.emailed_at is not None:
            _email_at_once(notice, kind, actor)
    return made


# --- e-mail -------------------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def preferences_url() -> str:
    return absolute(reverse("gabinete:notification-preferences"))


def _headers() -> dict[str, str]:
    # The person's preferences page (RFC 2369): mail clients show «cancelar suscripción» leading there.
    return {"List-Unsubscribe": f"<{preferences_url()}>", "Auto-Submitted": "auto-generated"}


def _email_at_once(notice: Notification, kind: Kind, actor: User | None) -> None:
    """Queue the e-mail of one notice (the worker delivers it after the caller's commit)."""
    context = {
        "notice": notice,
        "kind": kind,
        "actor": actor.get_full_name() or actor.get_username() if actor else "",
        "link": absolute(reverse("gabinete:notification-open", args=[notice.pk])),
        "preferences_link": preferences_url(),
        "office_name": settings.OFFICE_NAME,
        "municipality_name": settings.MUNICIPALITY_NAME,
        "person": notice.user.get_full_name() or notice.user.get_username(),
    }
    mail.send(
        to=[notice.user.email],
        subject=notice.title,
        body=render_to_string("gabinete/email/notification.txt", context),
        html=render_to_string("gabinete/email/notification.html", context),
        kind=f"aviso:{kind.code}",
        headers=_headers(),
    )


# --- reading and marking -----------------------------------------------------------------------------


def unread_count(user: User) -> int:
    return Notification.objects.for_user(user).unread().count()


def open_notice(*, notice: Notification, by: User) -> str:
    """Mark one's own notice read and return where it leads."""
    if notice.read_at is None:
        Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
    return notice.url


def mark_all_read(*, by: User) -> int:
    return Notification.objects.for_user(by).unread().update(read_at=timezone.now())


@transaction.atomic
def set_preferences(*, by: User, choices: dict[str, str], digest_at=None) -> None:
    """Save this person's choices (kind code → delivery) and digest time. A mandatory kind cannot be off."""
    from django.core.exceptions import ValidationError

    errors = {}
    for code, delivery in choices.items():
        kind = _KINDS.get(code)
        if kind is None:
            errors[code] = _("Tipo de aviso desconocido.")
        elif delivery not in Delivery.values:
            errors[code] = _("Elija una de las opciones.")
        elif delivery == Delivery.OFF and kind.mandatory:
            errors[code] = _("«%(kind)s» no se puede desactivar.") % {"kind": kind.label}
    if errors:
        raise ValidationError(errors)
    for code, delivery in choices.items():
        NotificationPreference.objects.update_or_create(user=by, kind=code, defaults={"delivery": delivery})
    if digest_at is not None:
        DigestSchedule.objects.update_or_create(user=by, defaults={"at": digest_at})


# --- the daily digest ---------------------------------------------------------------------------------


def _due_for_digest(now: datetime) -> list[User]:
    """People with something kept for the digest whose time came today (and who had no digest today)."""
    local = timezone.localtime(now)
    today = local.date()
    pending_users = Notification.objects.for_digest().values_list("user", flat=True).distinct()
    from django.contrib.auth import get_user_model

    people = (
        get_user_model()
        .objects.filter(pk__in=pending_users, is_active=True)
        .select_related("digest_schedule")
        .exclude(email="")
    )
    due = []
    for person in people:
        schedule = getattr(person, "digest_schedule", None)
        at = schedule.at if schedule else DEFAULT_DIGEST_TIME
        if schedule is not None and schedule.last_sent_on == today:
            continue
        if local.time() >= at:
            due.append(person)
    return due


def send_digests(now: datetime | None = None) -> int:
    """Send every digest whose time came (business days only). Returns how many were sent."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if not business_days.is_business_day(today):
        return 0
    sent = 0
    for person in _due_for_digest(now):
        if _send_digest(person, today):
            sent += 1
    return sent


@transaction.atomic
def _send_digest(person: User, today: date) -> bool:
    schedule, _created = DigestSchedule.objects.select_for_update().get_or_create(user=person)
    if schedule.last_sent_on == today:  # another scheduler got there first
        return False
    notices = list(Notification.objects.for_user(person).for_digest().order_by("app", "-created_at"))
    schedule.last_sent_on = today
    schedule.save(update_fields=["last_sent_on"])
    if not notices:
        return False
    from .activity import APP_NAMES

    groups: dict[str, list[Notification]] = defaultdict(list)
    for notice in notices:
        notice.link = absolute(reverse("gabinete:notification-open", args=[notice.pk]))
        groups[str(APP_NAMES.get(notice.app, notice.app))].append(notice)
    context = {
        "groups": sorted(groups.items()),
        "count": len(notices),
        "day": today,
        "person": person.get_full_name() or person.get_username(),
        "home_link": absolute(reverse("gabinete:home")),
        "list_link": absolute(reverse("gabinete:notifications")),
        "preferences_link": preferences_url(),
        "office_name": settings.OFFICE_NAME,
        "municipality_name": settings.MUNICIPALITY_NAME,
    }
    mail.send(
        to=[person.email],
        subject=_("Resumen diario: %(n)s avisos esperan por usted") % {"n": len(notices)},
        body=render_to_string("gabinete/email/digest.txt", context),
        html=render_to_string("gabinete/email/digest.html", context),
        kind="resumen-diario",
        headers=_headers(),
    )
    Notification.objects.filter(pk__in=[n.pk for n in notices]).update(digested_at=timezone.now())
    return True


@task()
def send_daily_digests() -> int:
    """The periodic job of the digests (PERIODIC_TASKS, every 15 minutes on weekdays)."""
    return send_digests()


# --- deadlines ----------------------------------------------------------------------------------------

#: A deadline this many business days away (or fewer) is announced.
SOON_BUSINESS_DAYS = 3


def deadline_notices(today: date | None = None) -> int:
    """Tell each person about their items due within three business days and those overdue, once each.

    What waits for a person is what Mi escritorio shows them (each app's desk providers): an item with a
    due date is a deadline. Returns how many notices were given."""
    from django.contrib.auth import get_user_model

    from . import desk

    today = today or timezone.localdate()
    soon_limit = business_days.add_business_days(today, SOON_BUSINESS_DAYS)
    given = 0
    people = get_user_model().objects.filter(is_active=True, memberships__isnull=False).distinct()
    for person in people:
        for section in desk.sections_for(person):
            for item in section.items:
                if item.due is None or not item.url or not item.is_deadline:
                    continue
                if item.due < today:
                    kind, stage = DEADLINE_PASSED, "vencido"
                    title = _("Vencido el %(date)s: %(title)s") % {"date": f"{item.due:%d-%m-%Y}", "title": item.title}
                elif item.due <= soon_limit:
                    kind, stage = DEADLINE_SOON, "por-vencer"
                    title = _("Vence el %(date)s: %(title)s") % {"date": f"{item.due:%d-%m-%Y}", "title": item.title}
                else:
                    continue
                key = f"plazo:{stage}:{item.due:%Y%m%d}:{item.url}"
                given += len(notify(users=[person], kind=kind, title=title, url=item.url, key=key))
    return given


@task()
def send_deadline_notices() -> int:
    """The periodic job of the deadline notices (PERIODIC_TASKS, business days 07:45)."""
    today = timezone.localdate()
    if not business_days.is_business_day(today):
        return 0
    return deadline_notices(today)


def recent_for(user: User, *, unread_only: bool = False) -> models.QuerySet[Notification]:
    notices = Notification.objects.for_user(user)
    if unread_only:
        notices = notices.unread()
    return notices.order_by("-created_at", "-pk")
