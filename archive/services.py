"""Writes of the press archive: filing clippings, the CSV import, forwarding, the briefing and the
monthly report e-mailed to their distribution lists."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from communications.public import Outlet, all_outlets
from gabinete import activity, exports, jobs, lists, notifications
from gabinete.concurrency import check_version
from gabinete.models import Delivery, Directorate, Job, ListPurpose, Membership
from gabinete.types import User
from gabinete.uploads import csv_rows

from . import permissions as perms
from .models import (
    Article,
    ArticleState,
    Clipping,
    FeedSource,
    Forwarding,
    ForwardingStatus,
    MatchRule,
    Medium,
    SavedSearch,
    Source,
    Tone,
    Topic,
    normalise,
)
from .query import Matcher

CLIPPING_CREATED = activity.Verb("clipping.created", _("Registró el recorte"))
CLIPPING_UPDATED = activity.Verb("clipping.updated", _("Editó el recorte"))
CLIPPINGS_IMPORTED = activity.Verb("clipping.imported", _("Importó recortes desde un CSV"))
FORWARDING_CREATED = activity.Verb("forwarding.created", _("Derivó el recorte a una dirección"))
FORWARDING_ANSWERED = activity.Verb("forwarding.answered", _("Respondió la derivación del recorte"))
BRIEFING_SENT = activity.Verb("briefing.sent", _("Envió la síntesis de prensa por correo"))
MONTHLY_REPORT_SENT = activity.Verb("monthly_report.sent", _("Envió el informe mensual de prensa por correo"))

#: A clipping forwarded reaches the directorate's director and liaisons; its answer, who forwarded it.
FORWARDING_RECEIVED_KIND = notifications.Kind(
    "archive.forwarding_received",
    gettext_lazy("Recortes de prensa derivados a mi dirección"),
    verbs=[FORWARDING_CREATED.code],
)
FORWARDING_ANSWERED_KIND = notifications.Kind(
    "archive.forwarding_answered",
    gettext_lazy("Respuestas de las direcciones a mis derivaciones"),
    verbs=[FORWARDING_ANSWERED.code],
)

#: What an edit of a clipping records as before/after.
CLIPPING_TRACKED = ("published_on", "outlet", "headline", "tone", "url", "source")

# --- clippings ----------------------------------------------------------------------------------


def _set_relations(
    clipping: Clipping, topics: Iterable[Topic] | None, directorates: Iterable[Directorate] | None
) -> None:
    if topics is not None:
        clipping.topics.set(topics)
    if directorates is not None:
        clipping.directorates.set(directorates)


@activity.service
def clipping_create(
    *,
    by: User,
    topics: Iterable[Topic] = (),
    directorates: Iterable[Directorate] = (),
    **fields: Any,
) -> Clipping:
    """File a clipping or a citizen report. A media item keeps no resident contact."""
    clipping = Clipping(created_by=by, **fields)
    if clipping.source != Source.CITIZEN:
        clipping.reporter_name = clipping.reporter_contact = ""
    clipping.full_clean(exclude=["created_by"])
    clipping.save()
    _set_relations(clipping, topics, directorates)
    activity.record(actor=by, verb=CLIPPING_CREATED, target=clipping)
    return clipping


@activity.service
def clipping_update(
    *,
    clipping: Clipping,
    by: User,
    expected_version: int | None,
    topics: Iterable[Topic] | None = None,
    directorates: Iterable[Directorate] | None = None,
    **fields: Any,
) -> Clipping:
    """Edit a clipping; refused (StaleObjectError) when someone saved it since it was loaded."""
    check_version(clipping, expected_version)
    before = activity.snapshot(clipping, CLIPPING_TRACKED)
    for name, value in fields.items():
        setattr(clipping, name, value)
    if clipping.source != Source.CITIZEN:
        clipping.reporter_name = clipping.reporter_contact = ""
    clipping.save()
    _set_relations(clipping, topics, directorates)
    activity.record(
        actor=by,
        verb=CLIPPING_UPDATED,
        target=clipping,
        changes=activity.changes_between(before, activity.snapshot(clipping, CLIPPING_TRACKED), Clipping),
    )
    return clipping


# --- CSV import ---------------------------------------------------------------------------------

#: The columns of the import template, in order. Required ones first.
IMPORT_COLUMNS = [
    "fecha",
    "medio",
    "tipo_medio",
    "titular",
    "resumen",
    "texto",
    "enlace",
    "seccion",
    "tono",
    "temas",
    "direcciones",
]
REQUIRED_COLUMNS = ["fecha", "medio", "titular"]
IMPORT_EXAMPLE = [
    "14-03-2026",
    "El Mercurio de Antofagasta",
    "prensa",
    "Vecinos de La Chimba reclaman por microbasurales",
    "Juntas de vecinos piden más frecuencia de retiro de escombros.",
    "Dirigentes del sector alto de La Chimba denunciaron …",
    "https://www.mercurioantofagasta.cl/…",
    "Crónica, p. 6",
    "negativo",
    "Aseo y ornato|Participación ciudadana",
    "aseo|medio-ambiente-y-ornato",
]
MAX_IMPORT_ROWS = 5000
_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%d/%m/%y")


def import_template_csv() -> str:
    """The template people download and fill in Excel (UTF-8 with BOM, semicolons as in es-CL)."""
    return exports.csv_text(IMPORT_COLUMNS, [IMPORT_EXAMPLE])


@dataclass
class RowError:
    line: int
    headline: str
    messages: list[str]


@dataclass
class ImportReport:
    """What happened to each row: how many were filed, and why each other one was not."""

    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    encoding: str = ""
    fatal: str = ""
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.errors


def _parse_date(value: str) -> date | None:
    value = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return None


def _choice(value: str, choices: Iterable[tuple[str, Any]]) -> str | None:
    """A choice by its value or its Spanish label, ignoring case and accents."""
    wanted = normalise(value.strip())
    for key, label in choices:
        if wanted in (normalise(key), normalise(str(label))):
            return key
    return None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", "|").split("|") if part.strip()]


#: How a long import tells how far it got: `progress(rows done, rows in the file)`.
ImportProgress = Callable[[int, int], None]
OnFiled = Callable[["ImportReport"], None]


def _read_import(data: bytes) -> tuple[list[str], list[str], list[list[str]], str]:
    """The file's header as given, its columns (normalised), its rows and its encoding; a file that
    cannot be read, or whose columns are not the template's, raises ValidationError (nothing imports)."""
    header, rows, encoding = csv_rows(data, max_rows=MAX_IMPORT_ROWS)
    columns = [normalise(h).strip().replace(" ", "_") for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [h for h, c in zip(header, columns, strict=True) if c and c not in IMPORT_COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("faltan las columnas obligatorias: %(cols)s") % {"cols": ", ".join(missing)})
        if unknown:
            parts.append(_("columnas desconocidas: %(cols)s") % {"cols": ", ".join(unknown)})
        raise ValidationError(
            _(
                "El archivo no tiene las columnas de la plantilla (%(detail)s). No se importó ninguna fila: "
                "descargue la plantilla y copie sus datos en ella."
            )
            % {"detail": "; ".join(parts)}
        )
    return header, columns, rows, encoding


def clipping_import_header_check(data: bytes) -> None:
    """The quick check a request makes before handing the file to the queue: it reads as CSV and has
    the template's columns (ValidationError with the Spanish reason otherwise)."""
    _read_import(data)


@dataclass
class ImportPlan:
    """A checked file: the report so far (rows, encoding, the bad rows) and the good rows to file."""

    report: ImportReport
    #: (line, clipping fields, topic names, directorates) of each good row, in the file's order.
    valid: list = field(default_factory=list)
    topics: dict = field(default_factory=dict)


@activity.service
def clipping_import_csv(
    *, data: bytes, by: User, progress: ImportProgress | None = None, on_filed: OnFiled | None = None
) -> ImportReport:
    """Import clippings from the CSV template, checked and filed in one transaction (see
    `clipping_import_check` and `clipping_import_file`)."""
    return _file_import(clipping_import_check(data, progress), by=by, on_filed=on_filed)


@activity.service
def clipping_import_file(
    *,
    plan: ImportPlan,
    by: User,
    rows: list | None = None,
    on_filed: OnFiled | None = None,
    already_created: int = 0,
    record: bool = True,
) -> ImportReport:
    """File good rows of a checked file (`rows`, a part of `plan.valid`; all of them by default) in one
    transaction: all of them or none. `on_filed(report)` runs inside that transaction (an import job
    records there which lines are filed). The activity entry is written when `record` (an import in
    parts writes it with its last part, counting the `already_created` clippings of the earlier ones)."""
    return _file_import(plan, by=by, rows=rows, on_filed=on_filed, already_created=already_created, record=record)


def clipping_import_check(
    data: bytes, progress: ImportProgress | None = None, *, filed_lines: Collection[int] = ()
) -> ImportPlan:
    """Check every row of a file in the CSV template; writes nothing.

    The bad rows are reported by line with the reason; the good ones are then filed whole (clipping,
    topics, directorates) by `clipping_import_file`. Wrong columns reject the whole file
    (`report.fatal`). UTF-8 and Latin-1 (Excel in Chile) are both read. `progress(rows checked, rows)`
    hears how far it got (a job's page shows it). `filed_lines` are lines an earlier attempt of the
    same import already filed: they are neither checked again nor filed twice.
    """
    report = ImportReport()
    try:
        _header, columns, rows, report.encoding = _read_import(data)
    except ValidationError as exc:
        report.fatal = " ".join(exc.messages)
        return ImportPlan(report)
    report.rows = len(rows)
    outlets = {normalise(o.name): o for o in all_outlets()}
    directorates = {}
    for d in Directorate.objects.all():
        for key in (d.slug, d.name, d.short_name):
            if key:
                directorates[normalise(key)] = d
    topics = {normalise(t.name): t for t in Topic.objects.all()}
    url_validator = URLValidator()
    existing_urls = set()
    urls_in_file = [
        row[columns.index("enlace")].strip()
        for row in rows
        if "enlace" in columns and len(row) > columns.index("enlace")
    ]
    if urls_in_file:
        existing_urls = set(
            Clipping.objects.filter(url__in=[u for u in urls_in_file if u]).values_list("url", flat=True)
        )

    valid = []
    every = max(1, len(rows) // 50)
    filed_lines = set(filed_lines)
    for number, row in enumerate(rows, start=2):
        if progress and (number - 2) % every == 0:
            progress(number - 2, len(rows))
        if number in filed_lines:
            continue
        values = {c: (row[i].strip() if i < len(row) else "") for i, c in enumerate(columns) if c}
        errors = []
        if len(row) > len(columns):
            errors.append(
                _("La fila tiene más celdas (%(n)s) que columnas el encabezado (%(m)s).")
                % {"n": len(row), "m": len(columns)}
            )
        published_on = _parse_date(values.get("fecha", ""))
        if not values.get("fecha"):
            errors.append(_("Falta la fecha."))
        elif published_on is None:
            errors.append(
                _("La fecha «%(v)s» no es válida: use DD-MM-AAAA (por ejemplo 14-03-2026).") % {"v": values["fecha"]}
            )
        elif published_on > timezone.localdate():
            errors.append(_("La fecha %(v)s está en el futuro.") % {"v": values["fecha"]})
        headline = values.get("titular", "")
        if not headline:
            errors.append(_("Falta el titular."))
        elif len(headline) > 300:
            errors.append(_("El titular supera los 300 caracteres."))
        outlet_name = values.get("medio", "")
        outlet, source = None, Source.MEDIA
        if normalise(outlet_name) in ("vecino", "vecina", "vecino/a", "vecinos"):
            source = Source.CITIZEN
        elif not outlet_name:
            errors.append(_("Falta el medio."))
        else:
            outlet = outlets.get(normalise(outlet_name))
            if outlet is None:
                errors.append(
                    _(
                        "El medio «%(v)s» no está registrado en los contactos de prensa: regístrelo primero o corrija el nombre."
                    )
                    % {"v": outlet_name}
                )
        medium = None
        if values.get("tipo_medio"):
            medium = _choice(values["tipo_medio"], Medium.choices)
            if medium is None:
                errors.append(
                    _("El tipo de medio «%(v)s» no existe (use: %(ok)s).")
                    % {"v": values["tipo_medio"], "ok": ", ".join(k for k, _l in Medium.choices)}
                )
        else:
            medium = _medium_for(outlet, source)
        tone: str | None = Tone.NEUTRAL
        if values.get("tono"):
            tone = _choice(values["tono"], Tone.choices)
            if tone is None:
                errors.append(_("El tono «%(v)s» no existe (use positivo, neutro o negativo).") % {"v": values["tono"]})
        url = values.get("enlace", "")
        if url:
            try:
                url_validator(url)
            except ValidationError:
                errors.append(_("El enlace «%(v)s» no es una dirección web válida.") % {"v": url[:80]})
            else:
                if url in existing_urls:
                    errors.append(_("Ya existe un recorte con este enlace (fila omitida para no duplicarlo)."))
                existing_urls.add(url)
        units = []
        for name in _split(values.get("direcciones", "")):
            unit = directorates.get(normalise(name))
            if unit is None:
                errors.append(_("La dirección «%(v)s» no existe.") % {"v": name})
            else:
                units.append(unit)
        topic_names = _split(values.get("temas", ""))
        if any(len(t) > 80 for t in topic_names):
            errors.append(_("Un tema supera los 80 caracteres."))
        if errors:
            report.errors.append(RowError(number, headline[:120], errors))
            continue
        valid.append(
            (
                number,
                dict(
                    source=source,
                    outlet=outlet,
                    medium=medium,
                    published_on=published_on,
                    headline=headline,
                    summary=values.get("resumen", ""),
                    body=values.get("texto", ""),
                    url=url,
                    section=values.get("seccion", "")[:150],
                    tone=tone,
                ),
                topic_names,
                units,
            )
        )

    if progress:
        progress(len(rows), len(rows))
    return ImportPlan(report, valid, topics)


def _file_import(
    plan: ImportPlan,
    *,
    by: User,
    on_filed: OnFiled | None,
    rows: list | None = None,
    already_created: int = 0,
    record: bool = True,
) -> ImportReport:
    report, topics = plan.report, plan.topics
    if report.fatal:
        return report
    for _line, fields, topic_names, units in plan.valid if rows is None else rows:
        row_topics = []
        for name in topic_names:
            topic = topics.get(normalise(name))
            if topic is None:
                topic, _created = Topic.objects.get_or_create(
                    slug=slugify(name)[:80] or "tema", defaults={"name": name}
                )
                topics[normalise(name)] = topic
            row_topics.append(topic)
        clipping = Clipping(created_by=by, **fields)
        clipping.save()
        clipping.topics.set(row_topics)
        clipping.directorates.set(units)
        report.created += 1
    if record and report.created + already_created:
        activity.record(
            actor=by,
            verb=CLIPPINGS_IMPORTED,
            target=None,
            app="archive",
            changes={"created": report.created + already_created, "rejected": len(report.errors)},
        )
    if on_filed:
        on_filed(report)
    return report


def _medium_for(outlet: Outlet | None, source: str) -> str:
    if source == Source.CITIZEN:
        return Medium.EMAIL
    kind = getattr(outlet, "kind", "")
    return kind if kind in Medium.values else Medium.DIGITAL


# --- forwarding ---------------------------------------------------------------------------------


@activity.service
def forwarding_create(
    *, clipping: Clipping, directorate: Directorate, request: str, due_on: date, by: User
) -> Forwarding:
    """Send a clipping to a directorate for a response or action by `due_on`."""
    if due_on < timezone.localdate():
        raise ValidationError(_("El plazo no puede ser una fecha pasada."))
    forwarding = Forwarding.objects.create(
        clipping=clipping, directorate=directorate, request=request.strip(), due_on=due_on, created_by=by
    )
    clipping.directorates.add(directorate)
    activity.record(
        actor=by,
        verb=FORWARDING_CREATED,
        target=clipping,
        directorate=directorate,
        changes={"directorate": str(directorate), "due_on": due_on.isoformat()},
        recipients=activity.directorate_people(directorate),
    )
    return forwarding


@activity.service
def forwarding_answer(*, forwarding: Forwarding, answer: str, by: User, expected_version: int | None) -> Forwarding:
    """The directorate's answer; it stays with the clipping."""
    check_version(forwarding, expected_version)
    forwarding.refresh_from_db(fields=["status"])
    if not forwarding.is_pending:
        raise ValidationError(_("Esta derivación ya fue respondida."))
    if not answer.strip():
        raise ValidationError(_("Escriba la respuesta."))
    forwarding.answer = answer.strip()
    forwarding.status = ForwardingStatus.ANSWERED
    forwarding.answered_by = by
    forwarding.answered_at = timezone.now()
    forwarding.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    activity.record(
        actor=by,
        verb=FORWARDING_ANSWERED,
        target=forwarding.clipping,
        directorate=forwarding.directorate,
        recipients=[forwarding.created_by],
    )
    return forwarding


# --- the daily briefing by e-mail ---------------------------------------------------------------


@activity.service
def briefing_send(*, day: date, by: User, request: HttpRequest | None = None) -> list[str]:
    """E-mail the day's briefing PDF to its distribution list («Síntesis de prensa»); returns the
    recipients. An empty list raises `lists.EmptyList` and sends nothing.

    The PDF is made by the job queue (`archive.tasks.send_briefing`, enqueued when this transaction
    commits), which puts the e-mail in the outbox; the page answers at once. `request` is accepted for
    the callers that still pass it: the worker renders without one."""
    from . import permissions as perms
    from . import tasks

    if not perms.can_send_briefing(by):
        raise PermissionDenied(_("No tiene permiso para enviar la síntesis de prensa."))
    distribution_list, recipients = lists.require_recipients(ListPurpose.BRIEFING)
    activity.record(
        actor=by,
        verb=BRIEFING_SENT,
        target=None,
        app="archive",
        changes={"day": day.isoformat(), "list": distribution_list.name, "recipients": len(recipients)},
    )
    sender = by.get_full_name() or by.get_username()
    transaction.on_commit(lambda: tasks.send_briefing.enqueue(day.isoformat(), recipients, sender, by.pk))
    return recipients


# --- saved searches and their alerts ------------------------------------------------------------------
# (Kept together at the end of the module: the saved searches of issue 16, point 6.)

SAVED_SEARCH_CREATED = activity.Verb("saved_search.created", _("Guardó la búsqueda"))
SAVED_SEARCH_RENAMED = activity.Verb("saved_search.renamed", _("Cambió el nombre de la búsqueda"))
SAVED_SEARCH_DELETED = activity.Verb("saved_search.deleted", _("Eliminó la búsqueda guardada"))
SAVED_SEARCH_SHARED = activity.Verb("saved_search.shared", _("Compartió la búsqueda con una dirección"))
SAVED_SEARCH_UNSHARED = activity.Verb("saved_search.unshared", _("Dejó de compartir la búsqueda"))
SAVED_SEARCH_FOLLOWED = activity.Verb("saved_search.followed", _("Sigue la búsqueda"))
SAVED_SEARCH_UNFOLLOWED = activity.Verb("saved_search.unfollowed", _("Dejó de seguir la búsqueda"))

SAVED_SEARCH_MATCH = notifications.Kind(
    "archive.saved_search_match",
    gettext_lazy("Recortes nuevos en una búsqueda que sigo"),
    default=Delivery.EMAIL,
    help=gettext_lazy("Cuando llegan al archivo recortes que coinciden con una búsqueda guardada que usted sigue."),
)

#: New matches are counted up to here per search and run («más de 1.000»): the notice says how many,
#: the search page lists them.
ALERT_COUNT_CAP = 1_000


def _name_taken(owner: User, name: str, *, exclude: int | None = None) -> bool:
    same = SavedSearch.objects.filter(owner=owner, name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    return same.exists()


def _duplicate_name(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("Ya tiene una búsqueda guardada llamada «%(name)s». Elija otro nombre.") % {"name": name}}
    )


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Escriba un nombre para la búsqueda.")})
    return name[:120]


@activity.service
def saved_search_create(*, by: User, name: str, params: dict[str, str], follow: bool = True) -> SavedSearch:
    """Keep the search the person made (its words and filters) under a name of theirs. The alerts start
    from the clippings filed after this moment: the archive so far is what they just saw."""
    from .forms import search_params

    name = _clean_name(name)
    if _name_taken(by, name):
        raise _duplicate_name(name)
    newest = Clipping.objects.aggregate(top=Max("pk"))["top"] or 0
    search = SavedSearch.objects.create(name=name, owner=by, query=search_params(params), announced_up_to=newest)
    if follow:
        search.followers.add(by)
    activity.record(actor=by, verb=SAVED_SEARCH_CREATED, target=search, changes={"query": search.query})
    return search


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Solo quien guardó la búsqueda puede cambiarla."))


@activity.service
def saved_search_rename(*, search: SavedSearch, name: str, by: User) -> SavedSearch:
    _require(perms.can_manage_saved_search(by, search))
    name = _clean_name(name)
    if name == search.name:
        return search
    if _name_taken(by, name, exclude=search.pk):
        raise _duplicate_name(name)
    before = search.name
    search.name = name
    search.save(update_fields=["name", "updated_at"])
    activity.record(actor=by, verb=SAVED_SEARCH_RENAMED, target=search, changes={"name": [before, name]})
    return search


@activity.service
def saved_search_delete(*, search: SavedSearch, by: User) -> None:
    _require(perms.can_manage_saved_search(by, search))
    activity.record(actor=by, verb=SAVED_SEARCH_DELETED, target=None, app="archive", changes={"name": search.name})
    search.delete()


@activity.service
def saved_search_share(*, search: SavedSearch, directorate: Directorate | None, by: User) -> SavedSearch:
    """Share with one directorate (its people see and may follow it), or stop sharing (None): then the
    followers other than the owner stop hearing about it (they no longer see it)."""
    _require(perms.can_manage_saved_search(by, search))
    if directorate is not None and not perms.sharing_directorates_for(by).filter(pk=directorate.pk).exists():
        raise ValidationError(
            {"shared_with": _("Solo puede compartir la búsqueda con una dirección a la que usted pertenece.")}
        )
    if search.shared_with_id == (directorate.pk if directorate else None):
        return search
    search.shared_with = directorate
    search.save(update_fields=["shared_with", "updated_at"])
    if directorate is None:
        activity.record(actor=by, verb=SAVED_SEARCH_UNSHARED, target=search)
    else:
        activity.record(
            actor=by,
            verb=SAVED_SEARCH_SHARED,
            target=search,
            directorate=directorate,
            changes={"directorate": str(directorate)},
        )
    return search


@activity.service
def saved_search_follow(*, search: SavedSearch, by: User) -> SavedSearch:
    if not perms.can_follow_saved_search(by, search):
        raise PermissionDenied(_("No tiene acceso a esta búsqueda."))
    if not search.followers.filter(pk=by.pk).exists():
        search.followers.add(by)
        activity.record(actor=by, verb=SAVED_SEARCH_FOLLOWED, target=search)
    return search


@activity.service
def saved_search_unfollow(*, search: SavedSearch, by: User) -> SavedSearch:
    if search.followers.filter(pk=by.pk).exists():
        search.followers.remove(by)
        activity.record(actor=by, verb=SAVED_SEARCH_UNFOLLOWED, target=search)
    return search


def _scopes(people: list[User]) -> dict[object, list[User]]:
    """Followers grouped by what they read of the archive: everything, or their directorates' clippings
    (one query). One search per group finds what each of its people may be told about."""
    from gabinete.permissions import MUNICIPALITY_WIDE_ROLES

    held: dict[int, set[tuple[int, str]]] = {p.pk: set() for p in people}
    for user_id, directorate_id, role in Membership.objects.filter(user__in=[p.pk for p in people]).values_list(
        "user_id", "directorate_id", "role"
    ):
        held[user_id].add((directorate_id, role))
    groups: dict[object, list[User]] = {}
    for person in people:
        whole = person.is_superuser or any(role in MUNICIPALITY_WIDE_ROLES for _d, role in held[person.pk])
        scope: object = "all" if whole else frozenset(d for d, _role in held[person.pk])
        groups.setdefault(scope, []).append(person)
    return groups


def _announcement(search: SavedSearch, count: int) -> str:
    if count > ALERT_COUNT_CAP:
        return _("Más de %(n)s recortes nuevos para «%(name)s»") % {"n": ALERT_COUNT_CAP, "name": search.name}
    return ngettext("%(n)s recorte nuevo para «%(name)s»", "%(n)s recortes nuevos para «%(name)s»", count) % {
        "n": count,
        "name": search.name,
    }


def saved_search_announce(search: SavedSearch, *, up_to: int) -> int:
    """Tell the followers who may still see `search` about the clippings filed since its mark (ids up
    to `up_to`) that match it as each of them reads the archive; then move the mark. Returns how many
    notices were given. Queries: a fixed few per search, plus one search per group of followers who
    read the same part of the archive."""
    from .forms import search_from_params

    with transaction.atomic():
        locked = SavedSearch.objects.select_for_update().filter(pk=search.pk).first()
        if locked is None or locked.announced_up_to >= up_to:
            return 0  # deleted, or another scheduler got there first
        search, since = locked, locked.announced_up_to
        given = 0
        people = list(perms.followers_who_may_see(search))
        for group in _scopes(people).values():
            found = search_from_params(group[0], search.query).ordered.filter(pk__gt=since, pk__lte=up_to)
            count = found.order_by().values("pk")[: ALERT_COUNT_CAP + 1].count()
            if not count:
                continue
            given += len(
                notifications.notify(
                    users=group,
                    kind=SAVED_SEARCH_MATCH,
                    title=_announcement(search, count),
                    url=search.get_absolute_url(),
                    key=f"archive.saved_search:{search.pk}:{since}-{up_to}",
                    app="archive",
                )
            )
        search.announced_up_to = up_to
        search.announced_at = timezone.now()
        search.save(update_fields=["announced_up_to", "announced_at"])
    return given


def saved_searches_announce() -> int:
    """The alerts of every followed search (the periodic job): each search in its own transaction, so
    one failing does not hold back the others' marks."""
    newest = Clipping.objects.aggregate(top=Max("pk"))["top"] or 0
    followed = SavedSearch.objects.filter(followers__isnull=False, announced_up_to__lt=newest).distinct().order_by("pk")
    return sum(saved_search_announce(search, up_to=newest) for search in followed)


# --- the monthly media report by e-mail ---------------------------------------------------------


@activity.service
def monthly_report_send(*, year: int, month: int, by: User) -> Job:
    """E-mail the month's media report PDF to its distribution list («Informe mensual de medios»).

    A job (`archive.monthly_report_mail`) renders the PDF and puts the e-mail in the outbox; the person
    follows it on the job's page. An empty list raises `lists.EmptyList` and nothing is asked for."""
    from . import jobs as archive_jobs
    from . import permissions as perms

    if not perms.can_send_reports(by):
        raise PermissionDenied(_("No tiene permiso para enviar el informe mensual de prensa."))
    distribution_list, recipients = lists.require_recipients(ListPurpose.MEDIA_REPORT)
    activity.record(
        actor=by,
        verb=MONTHLY_REPORT_SENT,
        target=None,
        app="archive",
        changes={"month": f"{year}-{month:02d}", "list": distribution_list.name, "recipients": len(recipients)},
    )
    return jobs.job_request(
        by=by, kind=archive_jobs.MONTHLY_REPORT_MAIL, params={"year": year, "month": month, "to": recipients}
    )


# --- the archive fills itself: sources, rules and the inbox (issue 19) -------------------------------

SOURCE_SAVED = activity.Verb("feed_source.saved", _("Registró o modificó la fuente de noticias"))
SOURCE_PAUSED = activity.Verb("feed_source.paused", _("Pausó la fuente de noticias"))
SOURCE_RESUMED = activity.Verb("feed_source.resumed", _("Reactivó la fuente de noticias"))
SOURCE_READ_NOW = activity.Verb("feed_source.read_now", _("Pidió leer la fuente de noticias ahora"))
RULE_SAVED = activity.Verb("match_rule.saved", _("Registró o modificó la regla de selección"))
STORY_ACCEPTED = activity.Verb("article.accepted", _("Aceptó la publicación en el archivo"))
STORY_DISCARDED = activity.Verb("article.discarded", _("Descartó la publicación"))


def _require_manager(by: User) -> None:
    if not perms.can_manage_clippings(by):
        raise PermissionDenied(_("Solo Gabinete administra las fuentes, las reglas y la bandeja de prensa."))


@activity.service
def feed_source_save(
    *, by: User, source: FeedSource | None = None, outlet: Outlet, kind: str, url: str, interval_minutes: int
) -> FeedSource:
    """Register a source (or change one). A new or changed address is read at the next round."""
    _require_manager(by)
    source = source or FeedSource(created_by=by)
    changed_address = source.url != url
    source.outlet, source.kind, source.url, source.interval_minutes = outlet, kind, url, interval_minutes
    if changed_address:
        source.etag = source.last_modified = ""
        source.next_fetch_at = timezone.now()
    source.full_clean(exclude=["created_by"])
    source.save()
    activity.record(actor=by, verb=SOURCE_SAVED, target=source, changes={"url": url, "kind": kind})
    return source


@activity.service
def feed_source_set_active(*, source: FeedSource, active: bool, by: User) -> FeedSource:
    """Pause a source, or take it up again (read at once, its failure count forgotten)."""
    _require_manager(by)
    if source.is_active == active:
        return source
    source.is_active = active
    fields = ["is_active"]
    if active:
        source.next_fetch_at, source.failing_since, source.consecutive_failures = timezone.now(), None, 0
        fields += ["next_fetch_at", "failing_since", "consecutive_failures"]
    source.save(update_fields=fields)
    activity.record(actor=by, verb=SOURCE_RESUMED if active else SOURCE_PAUSED, target=source)
    return source


@activity.service
def feed_source_fetch_now(*, source: FeedSource, by: User) -> None:
    """«Leer ahora»: the source's fetch job goes to the queue at once (an active source only)."""
    _require_manager(by)
    if not source.is_active:
        raise ValidationError(_("La fuente está en pausa: reactívela para leerla."))
    FeedSource.objects.filter(pk=source.pk).update(next_fetch_at=timezone.now())
    activity.record(actor=by, verb=SOURCE_READ_NOW, target=source)
    from .tasks import fetch_source

    transaction.on_commit(lambda: fetch_source.enqueue(source.pk))


NO_WORDS = gettext_lazy("La búsqueda no tiene ninguna palabra que buscar (solo exclusiones o signos).")


def match_rule_check(query: str) -> Matcher:
    matcher = Matcher.of(query)
    if not matcher:
        raise ValidationError({"query": NO_WORDS})
    return matcher


@activity.service
def match_rule_save(
    *,
    by: User,
    rule: MatchRule | None = None,
    topics: Iterable[Topic] = (),
    directorates: Iterable[Directorate] = (),
    **fields: Any,
) -> MatchRule:
    """Write a matching rule; it applies to the articles fetched from now on."""
    _require_manager(by)
    match_rule_check(fields.get("query", rule.query if rule else ""))
    rule = rule or MatchRule(created_by=by)
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean(exclude=["created_by"])
    rule.save()
    rule.topics.set(topics)
    rule.directorates.set(directorates)
    activity.record(actor=by, verb=RULE_SAVED, target=rule, changes={"query": rule.query})
    return rule


def _story_pending(article: Article) -> list[Article]:
    """The article and the other articles of its story still in the inbox, locked for this decision."""
    rows = list(
        Article.objects.select_for_update()
        .filter(story_id=article.story_id, state=ArticleState.PENDING)
        .select_related("outlet")
        .order_by("pk")
    )
    if not any(row.pk == article.pk for row in rows):
        raise ValidationError(_("Esta publicación ya fue revisada por otra persona."))
    return rows


@activity.service
def story_accept(
    *,
    article: Article,
    by: User,
    tone: str = Tone.NEUTRAL,
    topics: Iterable[Topic] | None = None,
    directorates: Iterable[Directorate] | None = None,
    expected_version: int | None = None,
) -> list[Clipping]:
    """Accept an inbox item: each article of its story still waiting becomes a clipping (its outlet,
    date, headline, text and link), with the tone given and the topics and directorates given or,
    when none are given, those the rules suggested."""
    _require_manager(by)
    check_version(article, expected_version)
    if tone not in Tone.values:
        raise ValidationError(_("Elija el tono de la publicación."))
    chosen_topics = list(topics) if topics is not None else list(article.suggested_topics.all())
    chosen_directorates = list(directorates) if directorates is not None else list(article.suggested_directorates.all())
    now = timezone.now()
    clippings = []
    for row in _story_pending(article):
        clipping = clipping_create(
            by=by,
            topics=chosen_topics,
            directorates=chosen_directorates,
            source=Source.MEDIA,
            outlet=row.outlet,
            medium=_medium_for(row.outlet, Source.MEDIA),
            published_on=row.published_on,
            headline=row.title[:300],
            summary=(row.summary or row.text[:600]).strip(),
            body=row.text,
            url=row.url,
            tone=tone,
        )
        row.state, row.clipping, row.decided_by, row.decided_at = ArticleState.ACCEPTED, clipping, by, now
        row.save(update_fields=["state", "clipping", "decided_by", "decided_at"])
        activity.record(actor=by, verb=STORY_ACCEPTED, target=row, changes={"clipping": clipping.pk})
        clippings.append(clipping)
    return clippings


@activity.service
def story_discard(*, article: Article, by: User, reason: str, expected_version: int | None = None) -> int:
    """Discard an inbox item and the rest of its story: kept, with who and why, never proposed again
    (the same address is never stored twice). Returns how many articles were discarded."""
    _require_manager(by)
    check_version(article, expected_version)
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise ValidationError({"reason": _("Diga por qué se descarta (queda registrado).")})
    now = timezone.now()
    rows = _story_pending(article)
    for row in rows:
        row.state, row.discard_reason, row.decided_by, row.decided_at = ArticleState.DISCARDED, reason, by, now
        row.save(update_fields=["state", "discard_reason", "decided_by", "decided_at"])
        activity.record(actor=by, verb=STORY_DISCARDED, target=row, changes={"reason": reason})
    return len(rows)
