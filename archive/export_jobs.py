"""The archive's CSV export as a job (gabinete.jobs): an unfiltered search is the whole archive
(500,000 clippings at scale), minutes of work that no web worker should hold.

The job's parameters are the filters of the search page, exactly the querystring the person had (the
same `FilterForm` reads them, so a bad value is dropped the same way); the rows are those the *owner*
may see, searched again when the job runs. The rows are streamed: one query reads the clippings'
columns and, through two correlated subqueries, each one's topic and directorate ids (a server-side
cursor on PostgreSQL, `BATCH` rows at a time) — instead of a model instance per row and two prefetch
queries per thousand rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gabinete import exports, jobs
from gabinete.models import Directorate, Job

from . import permissions as perms
from . import selectors
from .forms import search_from_params, search_params
from .models import Clipping, Source, Topic

EXPORT_CSV = "archive.export_csv"

#: Rows per batch: one query per many-to-many for each (and one progress report).
BATCH = 5_000

HEADER = (
    gettext_lazy("fecha"),
    gettext_lazy("origen"),
    gettext_lazy("medio"),
    gettext_lazy("tipo_medio"),
    gettext_lazy("titular"),
    gettext_lazy("resumen"),
    gettext_lazy("enlace"),
    gettext_lazy("seccion"),
    gettext_lazy("tono"),
    gettext_lazy("temas"),
    gettext_lazy("direcciones"),
)

COLUMNS = ("published_on", "source", "outlet__name", "medium", "headline", "summary", "url", "section", "tone")


def export_params(query: Mapping[str, Any]) -> dict[str, str]:
    """The filters of a request (its querystring or the export form's hidden inputs) as job parameters."""
    return search_params(query)


def allowed(user: Any, params: Mapping[str, Any]) -> bool:
    """The export view's permission: whoever uses the archive exports what they may see."""
    return perms.can_use_archive(user)


def search(user: Any, params: Mapping[str, Any]) -> selectors.SearchResult:
    """The search the page made with these filters, as `user` sees it."""
    return search_from_params(user, params)


def _title(params: Mapping[str, Any]) -> str:
    count = params.get("count")
    if count is None:
        return _("Archivo de prensa (CSV)")
    return ngettext("Archivo de prensa (CSV, %(n)s recorte)", "Archivo de prensa (CSV, %(n)s recortes)", count) % {
        "n": number_format(count, force_grouping=True)
    }


class _IdList(Aggregate):
    """The ids of a to-many relation as one text, "4,9,12" (GROUP_CONCAT; STRING_AGG on PostgreSQL)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="STRING_AGG(CAST(%(expressions)s AS text), ',')", **extra)


def _ids_of(through: Any, field: str) -> Subquery:
    """A clipping's related ids (topics or directorates), read in the export's one query."""
    related = through.objects.filter(clipping_id=OuterRef("pk")).values("clipping_id")
    return Subquery(related.annotate(ids=_IdList(field)).values("ids")[:1], output_field=CharField())


def _names(ids: str | None, known: dict[int, tuple[int, str]]) -> str:
    """ "4,9" as the names of those topics (or directorates) in their usual order: "Aseo|Barrios"."""
    if not ids:
        return ""
    return "|".join(name for _order, name in sorted(known[int(pk)] for pk in ids.split(",") if int(pk) in known))


def clipping_rows(result: selectors.SearchResult, progress: Callable[[int], None] | None = None) -> Iterator[list]:
    """The CSV rows of a search, streamed, with a resident's contact never among them."""
    topics = {pk: (n, name) for n, (pk, name) in enumerate(Topic.objects.values_list("pk", "name"))}
    directorates = {pk: (n, slug) for n, (pk, slug) in enumerate(Directorate.objects.values_list("pk", "slug"))}
    sources = {value: str(label) for value, label in Source.choices}
    total = result.queryset.count() if progress else 0
    rows = (
        result.queryset.annotate(
            topic_ids=_ids_of(Clipping.topics.through, "topic_id"),
            directorate_ids=_ids_of(Clipping.directorates.through, "directorate_id"),
        )
        .values_list(*COLUMNS, "topic_ids", "directorate_ids")
        .iterator(chunk_size=BATCH)
    )
    for done, row in enumerate(rows, 1):
        published_on, source, outlet, medium, headline, summary, url, section, tone, topic_ids, directorate_ids = row
        yield [
            f"{published_on:%d-%m-%Y}",
            sources.get(source, source),
            outlet or "",
            medium,
            headline,
            summary,
            url,
            section,
            tone,
            _names(topic_ids, topics),
            _names(directorate_ids, directorates),
        ]
        if progress and total and done % BATCH == 0:
            progress(5 + 90 * done // total)


@jobs.register(EXPORT_CSV, gettext_lazy("Archivo de prensa (CSV)"), allowed=allowed, title=_title)
def make_export_csv(job: Job) -> jobs.JobOutput:
    """The search's results as CSV, as the owner sees them now."""
    jobs.report_progress(job, 5)
    rows = clipping_rows(search(job.owner, job.params), progress=lambda p: jobs.report_progress(job, p))
    header = [str(name) for name in HEADER]
    return jobs.JobOutput(f"archivo-prensa-{timezone.localdate():%Y-%m-%d}.csv", exports.csv_file(header, rows))
