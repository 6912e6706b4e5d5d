"""The one list pattern of every review queue: filters, sorting, counts per filter choice, pagination.

A queue is declared once, as data, next to the app's view (DHIS2's data approval and Superdesk's
desks are what the people who use these compare with):

    REVIEW_QUEUE = Queue(
        filters=[
            ChoiceFilter("direccion", _("Dirección"), "indicator_year__indicator__directorate__slug",
                         label_fields=("indicator_year__indicator__directorate__name",)),
            FlagFilter("vencidas", _("Solo fuera de plazo"), lambda: Q(submitted_late=True)),
        ],
        sorts=[Sort("enviada", _("Enviada"), ("submitted_at",)), ...],
        default_sort="enviada",
    )

    def review_list(request):
        result = REVIEW_QUEUE.run(request, base_queryset)  # base already scoped by permissions.py

`run` turns the address into validated parameters (a malformed date or an unknown choice is
ignored with a Spanish message, never a 500), applies them, counts each choice of each filter on
the rows the *other* filters leave (one grouped query per filter, never one per choice, so the
cost does not grow with the rows), sorts by a whitelisted column (`?orden=campo`, `?orden=-campo`)
and paginates with the project's one parameter (`?pagina=`, gabinete/pagination.py). The page
template extends `templates/includes/queue.html`; the queue's own template gives only its row
cells (`row_template`), and bulk actions (gabinete/bulk.py) ride on the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.dateparse import parse_date
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .pagination import PAGE_PARAM, page_number
from .types import StrOrPromise

SORT_PARAM = "orden"
#: Query parameters the queue owns besides its filters' own (kept by the pager and the sort links).
RESERVED = (SORT_PARAM, PAGE_PARAM, "page")
PER_PAGE = 25
ALL = _("Todas")
NOUN = (_("elemento"), _("elementos"))
EMPTY = _("No hay nada esperando.")
#: The value of a ChoiceFilter's `empty_label` choice (the rows whose field is empty).
EMPTY_VALUE = "ninguno"


@dataclass(frozen=True)
class Option:
    """One choice of a filter, with how many rows it would show given the other filters."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass
class BoundFilter:
    """A filter as one request sees it: what was asked, what can be chosen, and the counts."""

    filter: Filter
    value: Any = None
    raw: str = ""
    options: list[Option] = field(default_factory=list)
    count: int | None = None  # for a flag: how many rows it would leave
    known_label: str | None = None  # a chosen value no row has (shown with its 0)

    @property
    def name(self) -> str:
        return self.filter.name

    @property
    def label(self) -> StrOrPromise:
        return self.filter.label

    @property
    def kind(self) -> str:
        return self.filter.kind

    @property
    def active(self) -> bool:
        return self.value not in (None, "", False)


class Filter:
    """Base of the three kinds: a choice, a date range, a yes/no flag."""

    kind = ""

    def __init__(self, name: str, label: StrOrPromise) -> None:
        self.name = name
        self.label = label

    def params(self) -> tuple[str, ...]:
        return (self.name,)

    def parse(self, data: QueryDict, errors: list[str]) -> tuple[Any, str]:
        raise NotImplementedError

    def apply(self, queryset: QuerySet, value: Any) -> QuerySet:
        raise NotImplementedError


class ChoiceFilter(Filter):
    """One value of a field (a directorate's slug, a state, a person, a period).

    The choices are the values the rows have (with their counts, one grouped query), or a fixed list
    (`choices`, e.g. a TextChoices' `.choices`, to show every state even when it counts 0)."""

    kind = "choice"

    def __init__(
        self,
        name: str,
        label: StrOrPromise,
        field: str,
        *,
        label_fields: Sequence[str] = (),
        describe: Callable[[dict[str, Any]], str] | None = None,
        choices: Iterable[tuple[Any, StrOrPromise]] | None = None,
        all_label: StrOrPromise = ALL,
        known: Callable[[str], str | None] | None = None,
        empty_label: StrOrPromise | None = None,
    ) -> None:
        super().__init__(name, label)
        self.field = field
        #: With a label, the rows whose field is empty are a choice of their own (`?<name>=ninguno`,
        #: e.g. «Sin asignar»), listed first with its count; without one they are never a choice.
        self.empty_label = empty_label
        #: The label of a value no row of the queue has but that is still a real choice (a
        #: directorate whose values were all just validated), or None: it stays chosen, with its 0.
        self.known = known
        self.label_fields = tuple(label_fields)
        self.describe = describe
        self.choices = [(str(v), str(lbl)) for v, lbl in choices] if choices is not None else None
        self.all_label = all_label

    def parse(self, data: QueryDict, errors: list[str]) -> tuple[Any, str]:
        raw = (data.get(self.name) or "").strip()
        return (raw or None), raw

    def apply(self, queryset: QuerySet, value: Any) -> QuerySet:
        if self.empty_label is not None and value == EMPTY_VALUE:
            return queryset.filter(**{f"{self.field}__isnull": True})
        return queryset.filter(**{self.field: value})

    def lookup(self, queryset: QuerySet, value: Any) -> tuple[bool, str | None]:
        """Whether `value` is a choice (a fixed one, or one some row has), and its label when no row has it."""
        if self.empty_label is not None and value == EMPTY_VALUE:
            return True, str(self.empty_label)
        if self.choices is not None:
            return any(v == value for v, _label in self.choices), None
        try:
            if queryset.filter(**{self.field: value}).exists():
                return True, None
        except (ValueError, TypeError, OverflowError, ValidationError):
            # Text where the field is a number or a date; a number too large for the database (SQLite).
            return False, None
        label = self.known(value) if self.known is not None else None
        return label is not None, label

    def label_of(self, row: dict[str, Any]) -> str:
        if self.describe is not None:
            return self.describe(row)
        if self.label_fields:
            return " ".join(str(row[f]) for f in self.label_fields if row.get(f) not in (None, ""))
        return str(row[self.field])

    def options(self, queryset: QuerySet, value: Any, *, label: str | None = None) -> list[Option]:
        """One grouped query: the values the rows have, each with its count."""
        rows = queryset.order_by().values(self.field, *self.label_fields).annotate(n=Count("pk", distinct=True))
        counts: dict[str, int] = {}
        labels: dict[str, str] = {}
        empty = 0
        for row in rows:
            if row[self.field] is None:
                empty += row["n"]
                continue
            key = str(row[self.field])
            counts[key] = counts.get(key, 0) + row["n"]
            labels.setdefault(key, self.label_of(row))
        if self.choices is not None:
            pairs = self.choices
        else:
            pairs = sorted(labels.items(), key=lambda kv: kv[1].casefold())
        options = [Option(v, lbl, counts.get(v, 0), v == value) for v, lbl in pairs]
        if self.empty_label is not None:
            options.insert(0, Option(EMPTY_VALUE, str(self.empty_label), empty, value == EMPTY_VALUE))
        if value is not None and not any(o.selected for o in options):
            # The chosen value has no rows under the other filters: still shown, with its 0.
            options.insert(0, Option(str(value), label or str(value), 0, True))
        return options


class SearchFilter(Filter):
    """Words typed in a box (`?q=`): rows where any of `fields` contains the text (accents as typed)."""

    kind = "text"

    def __init__(self, name: str, label: StrOrPromise, fields: Sequence[str], *, max_length: int = 200) -> None:
        super().__init__(name, label)
        self.fields = tuple(fields)
        self.max_length = max_length

    def parse(self, data: QueryDict, errors: list[str]) -> tuple[Any, str]:
        raw = (data.get(self.name) or "").strip()
        if len(raw) > self.max_length:
            errors.append(
                gettext("El texto buscado es demasiado largo: se usan sus primeros %(n)s caracteres.")
                % {"n": self.max_length}
            )
            raw = raw[: self.max_length]
        return (raw or None), raw

    def apply(self, queryset: QuerySet, value: Any) -> QuerySet:
        condition = Q()
        for name in self.fields:
            condition |= Q(**{f"{name}__icontains": value})
        return queryset.filter(condition)


def person_filter(name: str, label: StrOrPromise, prefix: str, **options: Any) -> ChoiceFilter:
    """A filter on a person (`prefix` is the path to the user: "submitted_by"), by username, each
    choice named by the person's full name or, without one, the username."""

    def describe(row: dict[str, Any]) -> str:
        full = f"{row[f'{prefix}__first_name'] or ''} {row[f'{prefix}__last_name'] or ''}".strip()
        return full or row[f"{prefix}__username"]

    return ChoiceFilter(
        name,
        label,
        f"{prefix}__username",
        label_fields=(f"{prefix}__first_name", f"{prefix}__last_name", f"{prefix}__username"),
        describe=describe,
        **options,
    )


def directorate_filter(field: str, label_field: str, *, name: str = "direccion") -> ChoiceFilter:
    """The directorate filter every queue has: `?direccion=<slug>`, the directorates with rows to choose."""
    from .models import Directorate

    return ChoiceFilter(
        name,
        _("Dirección"),
        field,
        label_fields=(label_field,),
        known=lambda slug: Directorate.objects.filter(slug=slug).values_list("name", flat=True).first(),
    )


class DateRangeFilter(Filter):
    """`?<name>_desde=AAAA-MM-DD&<name>_hasta=AAAA-MM-DD` on a date or datetime field (both ends included)."""

    kind = "dates"

    def __init__(self, name: str, label: StrOrPromise, field: str, *, is_datetime: bool = False) -> None:
        super().__init__(name, label)
        self.field = field
        self.is_datetime = is_datetime

    @property
    def start_param(self) -> str:
        return f"{self.name}_desde"

    @property
    def end_param(self) -> str:
        return f"{self.name}_hasta"

    def params(self) -> tuple[str, ...]:
        return (self.start_param, self.end_param)

    def parse(self, data: QueryDict, errors: list[str]) -> tuple[Any, str]:
        ends: list[date | None] = []
        for param in self.params():
            raw = (data.get(param) or "").strip()
            parsed = None
            if raw:
                try:
                    parsed = parse_date(raw)
                except ValueError:
                    parsed = None
                if parsed is None:
                    errors.append(
                        gettext("La fecha «%(value)s» de «%(label)s» no es válida (use AAAA-MM-DD): no se aplicó.")
                        % {"value": raw[:20], "label": self.label}
                    )
            ends.append(parsed)
        start, end = ends
        if start and end and start > end:
            errors.append(
                gettext("En «%(label)s», «desde» es posterior a «hasta»: no se aplicó.") % {"label": self.label}
            )
            return None, ""
        if not (start or end):
            return None, ""
        return (start, end), ""

    def apply(self, queryset: QuerySet, value: Any) -> QuerySet:
        start, end = value
        lookup = f"{self.field}__date" if self.is_datetime else self.field
        if start:
            queryset = queryset.filter(**{f"{lookup}__gte": start})
        if end:
            queryset = queryset.filter(**{f"{lookup}__lte": end})
        return queryset


class FlagFilter(Filter):
    """A yes/no box, e.g. «Solo vencidas»: `?vencidas=1` keeps the rows matching `condition()`
    (a callable, because "overdue" depends on today's date)."""

    kind = "flag"

    def __init__(self, name: str, label: StrOrPromise, condition: Callable[[], Q]) -> None:
        super().__init__(name, label)
        self.condition = condition

    def parse(self, data: QueryDict, errors: list[str]) -> tuple[Any, str]:
        raw = (data.get(self.name) or "").strip()
        if raw in ("", "0"):
            return False, ""
        if raw not in ("1", "on", "si", "sí"):
            errors.append(
                gettext("El filtro «%(label)s» no reconoce «%(value)s»: no se aplicó.")
                % {
                    "label": self.label,
                    "value": raw[:20],
                }
            )
            return False, ""
        return True, "1"

    def apply(self, queryset: QuerySet, value: Any) -> QuerySet:
        return queryset.filter(self.condition()) if value else queryset


@dataclass(frozen=True)
class Sort:
    """A column people decide on: `?orden=<key>` ascending, `?orden=-<key>` descending."""

    key: str
    label: StrOrPromise
    order_by: tuple[str, ...]

    def ordering(self, descending: bool) -> list[str]:
        if not descending:
            return [*self.order_by, "pk"]
        flipped = [f[1:] if f.startswith("-") else f"-{f}" for f in self.order_by]
        return [*flipped, "-pk"]


@dataclass
class Column:
    """A heading of the queue's table; `sort` links it to a Sort (the heading becomes a link)."""

    label: StrOrPromise
    sort: str = ""
    numeric: bool = False
    # The link that sorts by this column (set by `QueueResult.columns`), and whether it is the one used.
    url: str = ""
    direction: str = ""  # "asc" / "desc" when the queue is sorted by it


@dataclass
class QueueResult:
    """What the queue's template needs: the page of rows, the bound filters, the sort, the messages."""

    queue: Queue
    page: Page
    filters: list[BoundFilter]
    sort_key: str
    descending: bool
    errors: list[str]
    total: int
    query: QueryDict

    @cached_property
    def rows(self) -> list[Any]:
        """This page's rows, read once (a view may set computed attributes on them)."""
        return list(self.page.object_list)

    @property
    def active_filters(self) -> list[BoundFilter]:
        return [f for f in self.filters if f.active]

    @property
    def sort_param(self) -> str:
        return f"-{self.sort_key}" if self.descending else self.sort_key

    def filter(self, name: str) -> BoundFilter:
        return next(f for f in self.filters if f.name == name)

    def link(self, **changes: str | None) -> str:
        """This address with `changes` (None drops a parameter); any change of filter or sort goes back to page 1."""
        query = self.query.copy()
        for param in (PAGE_PARAM, "page"):
            query.pop(param, None)
        for key, value in changes.items():
            query.pop(key, None)
            if value is not None:
                query[key] = value
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def columns(self) -> list[Column]:
        columns = []
        for column in self.queue.columns:
            bound = Column(column.label, column.sort, column.numeric)
            if column.sort:
                current = column.sort == self.sort_key
                descending = not self.descending if current else False
                bound.url = self.link(**{SORT_PARAM: f"-{column.sort}" if descending else column.sort})
                bound.direction = ("desc" if self.descending else "asc") if current else ""
            columns.append(bound)
        return columns

    @property
    def hidden_params(self) -> list[tuple[str, str]]:
        """The address's parameters that are not the queue's filters (to keep them in the filter form)."""
        own = {p for f in self.queue.filters for p in f.params()} | {PAGE_PARAM, "page"}
        return [(k, v) for k, values in self.query.lists() if k not in own for v in values]


class Queue:
    """A declared review queue: its filters, its sort columns, its table headings and row template."""

    def __init__(
        self,
        *,
        filters: Sequence[Filter] = (),
        sorts: Sequence[Sort] = (),
        default_sort: str = "",
        default_descending: bool = False,
        columns: Sequence[Column] = (),
        row_template: str = "",
        per_page: int = PER_PAGE,
        noun: tuple[StrOrPromise, StrOrPromise] = NOUN,
        empty: StrOrPromise = EMPTY,
    ) -> None:
        self.filters = list(filters)
        self.sorts = {s.key: s for s in sorts}
        if default_sort and default_sort not in self.sorts:
            raise ValueError(f"default sort {default_sort!r} is not one of the queue's sorts")
        self.default_sort = default_sort
        self.default_descending = default_descending
        self.columns = list(columns)
        self.row_template = row_template
        self.per_page = per_page
        self.noun = noun
        self.empty = empty

    def parse_sort(self, data: QueryDict, errors: list[str]) -> tuple[str, bool]:
        raw = (data.get(SORT_PARAM) or "").strip()
        if not raw:
            return self.default_sort, self.default_descending
        descending = raw.startswith("-")
        key = raw.lstrip("-")
        if key not in self.sorts:
            errors.append(
                gettext("No se puede ordenar por «%(value)s»: se usa el orden habitual.") % {"value": raw[:30]}
            )
            return self.default_sort, self.default_descending
        return key, descending

    def run(self, request: HttpRequest, queryset: QuerySet, *, data: QueryDict | None = None) -> QueueResult:
        """Validate the address, filter, count, sort and paginate `queryset` (already scoped)."""
        data = request.GET if data is None else data
        errors: list[str] = []
        bound = []
        for flt in self.filters:
            value, raw = flt.parse(data, errors)
            bound.append(BoundFilter(flt, value, raw))
        # A choice the rows do not have (a stale link, a typo) is reported and ignored: checked
        # before any count, so the other filters' counts never see it (one query per chosen value).
        for b in bound:
            if not isinstance(b.filter, ChoiceFilter) or b.value is None:
                continue
            known, b.known_label = b.filter.lookup(queryset, b.value)
            if not known:
                errors.append(
                    gettext("«%(value)s» no es una opción de «%(label)s»: se muestran todas.")
                    % {"value": str(b.value)[:40], "label": b.label}
                )
                b.value, b.raw = None, ""
        for b in bound:
            if isinstance(b.filter, ChoiceFilter):
                b.options = b.filter.options(self._apply(queryset, bound, skip=b), b.value, label=b.known_label)
        flags = [b for b in bound if isinstance(b.filter, FlagFilter)]
        rows = self._apply(queryset, bound)
        total = None
        if flags:
            # The flags' counts and the queue's total in one aggregate over what the other filters leave.
            base = self._apply(queryset, bound, skip_kind=FlagFilter)
            conditions = [cast(FlagFilter, b.filter).condition() for b in flags]
            chosen = Q()
            for b, condition in zip(flags, conditions, strict=True):
                if b.active:
                    chosen &= condition
            counts = {f"flag_{i}": Count("pk", filter=c, distinct=True) for i, c in enumerate(conditions)}
            totals = base.order_by().aggregate(total=Count("pk", filter=chosen, distinct=True), **counts)
            for i, b in enumerate(flags):
                b.count = totals[f"flag_{i}"]
            total = totals["total"]
        sort_key, descending = self.parse_sort(data, errors)
        if sort_key:
            rows = rows.order_by(*self.sorts[sort_key].ordering(descending))
        paginator = Paginator(rows, self.per_page)
        if total is not None:
            paginator.__dict__["count"] = total  # already counted above: spare the paginator's query
        page = paginator.get_page(page_number(request))
        return QueueResult(
            queue=self,
            page=page,
            filters=bound,
            sort_key=sort_key,
            descending=descending,
            errors=errors,
            total=paginator.count,
            query=data,
        )

    @staticmethod
    def _apply(
        queryset: QuerySet,
        bound: Iterable[BoundFilter],
        *,
        skip: BoundFilter | None = None,
        skip_kind: type[Filter] | None = None,
    ) -> QuerySet:
        for b in bound:
            if b is skip or not b.active or (skip_kind and isinstance(b.filter, skip_kind)):
                continue
            queryset = b.filter.apply(queryset, b.value)
        return queryset
