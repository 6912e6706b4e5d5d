"""Pages of the archive that fills itself: the sources, the matching rules and the inbox where the
press team accepts or discards what the fetcher found (Gabinete only: archive.permissions)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from gabinete import bulk
from gabinete.concurrency import StaleObjectError
from gabinete.forms import add_service_errors
from gabinete.htmx import render_page
from gabinete.permissions import permission_required

from . import permissions as perms
from . import selectors, services
from .forms import AcceptArticleForm, DiscardArticleForm, FeedSourceForm, MatchRuleForm
from .models import Article, ArticleState, FeedSource, MatchRule, Tone
from .queues import INBOX_QUEUE, inbox_leads

manager_required = permission_required(perms.can_manage_clippings)


def _nav(active: str) -> dict:
    return {"active": active, "can_manage": True, "can_read_briefing": True}


# --- sources -----------------------------------------------------------------------------------------


@manager_required
def source_list(request):
    sources = FeedSource.objects.select_related("outlet")
    return render(request, "archive/ingest/source_list.html", {"sources": sources, **_nav("sources")})


@manager_required
def source_form(request, pk=None):
    source = get_object_or_404(FeedSource, pk=pk) if pk else None
    form = FeedSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.feed_source_save(by=request.user, source=source, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Fuente guardada: se leerá en la próxima vuelta del lector."))
            return redirect(saved)
    status = 400 if request.method == "POST" else 200
    return render(request, "archive/ingest/source_form.html", {"form": form, "source": source}, status=status)


@manager_required
def source_detail(request, pk):
    source = get_object_or_404(FeedSource.objects.select_related("outlet"), pk=pk)
    latest = source.articles.select_related("outlet").order_by("-fetched_at", "-pk")[:20]
    return render(request, "archive/ingest/source_detail.html", {"source": source, "latest": latest})


@require_POST
@manager_required
def source_toggle(request, pk):
    source = get_object_or_404(FeedSource, pk=pk)
    services.feed_source_set_active(source=source, active=not source.is_active, by=request.user)
    messages.success(request, _("La fuente quedó activa.") if source.is_active else _("La fuente quedó en pausa."))
    return redirect(source)


@require_POST
@manager_required
def source_fetch(request, pk):
    source = get_object_or_404(FeedSource, pk=pk)
    try:
        services.feed_source_fetch_now(source=source, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("La lectura de la fuente quedó en la cola: en unos momentos verá lo nuevo."))
    return redirect(source)


# --- rules -------------------------------------------------------------------------------------------


@manager_required
def rule_list(request):
    rules = MatchRule.objects.prefetch_related("topics", "directorates")
    return render(request, "archive/ingest/rule_list.html", {"rules": rules, **_nav("rules")})


@manager_required
def rule_form(request, pk=None):
    """Write a rule; «Probar» shows what it would have matched in the last 30 days, without saving."""
    rule = get_object_or_404(MatchRule, pk=pk) if pk else None
    form = MatchRuleForm(request.POST or None, instance=rule)
    trial = None
    status = 200
    if request.method == "POST":
        if "probar" in request.POST:
            if form.is_valid():
                trial = selectors.rule_trial(form.cleaned_data["query"])
            else:
                status = 400
        elif form.is_valid():
            data = dict(form.cleaned_data)
            topics, directorates = data.pop("topics"), data.pop("directorates")
            try:
                saved = services.match_rule_save(
                    by=request.user, rule=rule, topics=topics, directorates=directorates, **data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Regla «%(name)s» guardada.") % {"name": saved.name})
                return redirect("archive:rule-list")
        else:
            status = 400
    return render(request, "archive/ingest/rule_form.html", {"form": form, "rule": rule, "trial": trial}, status=status)


# --- the inbox ---------------------------------------------------------------------------------------


def _inbox_rows():
    return Article.objects.select_related("outlet", "story__press_release").prefetch_related(
        "rules", "suggested_directorates"
    )


def _bulk_actions() -> dict[str, bulk.BulkAction]:
    def accept(article: Article, by) -> None:
        services.story_accept(article=article, by=by, tone=Tone.NEUTRAL, expected_version=article.version)

    def discard(article: Article, by) -> None:
        services.story_discard(
            article=article, by=by, reason=_("Descarte en bloque desde la bandeja"), expected_version=article.version
        )

    def waiting(article: Article, user) -> str:
        return "" if article.state == ArticleState.PENDING else _("ya fue revisada.")

    actions = [
        bulk.BulkAction(
            "aceptar",
            gettext_lazy("Aceptar en el archivo (tono neutro, sugerencias de las reglas)"),
            accept,
            perms.can_manage_clippings,
            change=lambda a: _("En la bandeja → Recorte del archivo"),
            refusal=waiting,
        ),
        bulk.BulkAction(
            "descartar",
            gettext_lazy("Descartar"),
            discard,
            perms.can_manage_clippings,
            change=lambda a: _("En la bandeja → Descartada (no se vuelve a proponer)"),
            refusal=waiting,
        ),
    ]
    return {a.name: a for a in actions}


@manager_required
def inbox(request):
    """What the fetcher found and a rule matched, one row per story, newest first."""
    queue = INBOX_QUEUE.run(request, inbox_leads(_inbox_rows()))
    selectors.story_others(queue.rows)
    return render_page(
        request,
        "archive/ingest/inbox.html",
        "includes/_queue_results.html",
        {
            "queue": queue,
            "queue_url": reverse("archive:inbox"),
            "bulk": {"url": reverse("archive:inbox-bulk"), "actions": _bulk_actions().values()},
            "failing": selectors.failing_sources(),
            **_nav("inbox"),
        },
    )


@require_POST
@manager_required
def inbox_bulk(request):
    return bulk.bulk_view(
        request,
        queryset=Article.objects.select_related("outlet"),
        actions=_bulk_actions(),
        back_url=reverse("archive:inbox"),
        title=_("Revisar las publicaciones marcadas"),
    )


def _article_page(request, article: Article, *, accept_form=None, discard_form=None, status: int = 200):
    selectors.story_others([article])
    initial = {
        "tone": Tone.NEUTRAL,
        "topics": list(article.suggested_topics.all()),
        "directorates": list(article.suggested_directorates.all()),
    }
    return render(
        request,
        "archive/ingest/article_detail.html",
        {
            "article": article,
            "accept_form": accept_form or AcceptArticleForm(instance=article, initial=initial),
            "discard_form": discard_form or DiscardArticleForm(instance=article),
            "waiting": article.state == ArticleState.PENDING,
        },
        status=status,
    )


def _article(pk: int) -> Article:
    articles = Article.objects.select_related("outlet", "source", "story__press_release", "clipping", "decided_by")
    return get_object_or_404(articles.prefetch_related(Prefetch("rules")), pk=pk)


@manager_required
def article_detail(request, pk):
    return _article_page(request, _article(pk))


@require_POST
@manager_required
def article_accept(request, pk):
    article = _article(pk)
    form = AcceptArticleForm(request.POST, instance=article)
    if form.is_valid():
        try:
            clippings = services.story_accept(
                article=article,
                by=request.user,
                tone=form.cleaned_data["tone"],
                topics=form.cleaned_data["topics"],
                directorates=form.cleaned_data["directorates"],
                expected_version=form.cleaned_data["version"],
            )
        except (ValidationError, StaleObjectError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Publicación aceptada: quedó %(n)s recorte en el archivo.",
                    "Publicación aceptada: quedaron %(n)s recortes en el archivo (uno por medio).",
                    len(clippings),
                )
                % {"n": len(clippings)},
            )
            return redirect("archive:inbox")
    return _article_page(request, article, accept_form=form, status=400)


@require_POST
@manager_required
def article_discard(request, pk):
    article = _article(pk)
    form = DiscardArticleForm(request.POST, instance=article)
    if form.is_valid():
        try:
            services.story_discard(
                article=article,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except (ValidationError, StaleObjectError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Publicación descartada: no se volverá a proponer."))
            return redirect("archive:inbox")
    return _article_page(request, article, discard_form=form, status=400)
