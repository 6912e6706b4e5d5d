"""The archive's CSV export as a job (gabinete.jobs): an unfiltered search is the whole archive
(500,000 clippings at scale), minutes of work that no web worker should hold.

The job's parameters are the filters of the search page, exactly the querystring the person had (the
same `FilterForm` reads them, so a bad value is dropped the same way); the rows are those the *owner*
may see, searched again when the job runs. The rows are streamed: one query reads the clippings'
columns (a server-side cursor on PostgreSQL), and each batch of `BATCH` rows costs one query per
many-to-many (topics, directorates) — instead of a model instance and two prefetch queries per
thousand rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import exports, jobs
from gabinete.models import Directorate, Job

from . import permissions as perms
from . import selectors
from .forms import FilterForm
from .models import Clipping, Source, Topic

EXPORT_CSV = "archive.export_csv"

#: The search page's parameters an export carries (the page number is not one: the export has every page).
FILTER_KEYS = ("q", "desde", "hasta", "medio", "tipo", "tono", "direccion", "tema", "origen")

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

COLUMNS = ("pk", "published_on", "source", "outlet__name", "medium", "headline", "summary", "url", "section", "tone")


def export_params(query: Mapping[str, Any]) -> dict[str, str]:
    """The filters of a request (its querystring or the export form's hidden inputs) as job parameters."""
    return {key: str(query.get(key))[:2000] for key in FILTER_KEYS if query.get(key)}


def allowed(user: Any, params: Mapping[str, Any]) -> bool:
    """The export view's permission: whoever uses the archive exports what they may see."""
    return perms.can_use_archive(user)


def search(user: Any, params: Mapping[str, Any]) -> selectors.SearchResult:
    """The search the page made with these filters, as `user` sees it."""
    form = FilterForm({key: params[key] for key in FILTER_KEYS if key in params} or None)
    return selectors.clipping_search(
        user=user, text=form.search_text(), filters=form.filters() if form.is_bound else None
    )


def _title(params: Mapping[str, Any]) -> str:
    count = params.get("count")
    if count is None:
        return _("Archivo de prensa (CSV)")
    return _("Archivo de prensa (CSV, %(n)s recortes)") % {"n": number_format(count, force_grouping=True)}


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def clipping_rows(result: selectors.SearchResult, progress: Callable[[int], None] | None = None) -> Iterator[list]:
    """The CSV rows of a search, streamed, with a resident's contact never among them."""
    topics = {pk: (n, name) for n, (pk, name) in enumerate(Topic.objects.values_list("pk", "name"))}
    directorates = {pk: (n, slug) for n, (pk, slug) in enumerate(Directorate.objects.values_list("pk", "slug"))}
    sources = dict(Source.choices)
    total = result.queryset.count() if progress else 0
    done = 0
    columns = result.queryset.values_list(*COLUMNS).iterator(chunk_size=BATCH)
    for batch in _batches(columns, BATCH):
        ids = [row[0] for row in batch]
        topic_names = _names(Clipping.topics.through, "topic_id", ids, topics)
        directorate_slugs = _names(Clipping.directorates.through, "directorate_id", ids, directorates)
        for pk, published_on, source, outlet, medium, headline, summary, url, section, tone in batch:
            yield [
                f"{published_on:%d-%m-%Y}",
                str(sources.get(source, source)),
                outlet or "",
                medium,
                headline,
                summary,
                url,
                section,
                tone,
                "|".join(topic_names.get(pk, ())),
                "|".join(directorate_slugs.get(pk, ())),
            ]
        done += len(batch)
        if progress and total:
            progress(5 + 90 * done // total)


def _names(through: Any, field: str, ids: list[int], known: dict[int, tuple[int, str]]) -> dict[int, list[str]]:
    """For each clipping of `ids`, the names of its topics (or directorates), in their usual order."""
    found: dict[int, list[tuple[int, str]]] = {}
    for clipping_id, other_id in through.objects.filter(clipping_id__in=ids).values_list("clipping_id", field):
        if other_id in known:
            found.setdefault(clipping_id, []).append(known[other_id])
    return {pk: [name for _order, name in sorted(names)] for pk, names in found.items()}


@jobs.register(EXPORT_CSV, gettext_lazy("Archivo de prensa (CSV)"), allowed=allowed, title=_title)
def make_export_csv(job: Job) -> jobs.JobOutput:
    """The search's results as CSV, as the owner sees them now."""
    jobs.report_progress(job, 5)
    rows = clipping_rows(search(job.owner, job.params), progress=lambda p: jobs.report_progress(job, p))
    header = [str(name) for name in HEADER]
    return jobs.JobOutput(f"archivo-prensa-{timezone.localdate():%Y-%m-%d}.csv", exports.csv_file(header, rows))
