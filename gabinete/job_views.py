"""«Mis documentos»: the documents a person asked the intranet to prepare in the background, each
with its page (state, progress, the file when ready, «Reintentar» when it failed)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import jobs
from .htmx import render_page
from .models import JobState
from .pagination import page_number
from .permissions import can_retry_job, jobs_visible_to
from .uploads import protected_file_response

PAGE_SIZE = 25
#: How often (seconds) the page of a waiting job asks for news: htmx, or the page reloads itself
#: without JavaScript (<noscript> refresh).
POLL_SECONDS = 2


def job_list(request):
    jobs_of_user = jobs_visible_to(request.user).filter(owner=request.user).order_by("-created_at", "-pk")
    page = Paginator(jobs_of_user, PAGE_SIZE).get_page(page_number(request))
    return render(request, "gabinete/job_list.html", {"page": page})


def job_detail(request, pk: int):
    job = get_object_or_404(jobs_visible_to(request.user).select_related("owner"), pk=pk)
    context = {"job": job, "poll_seconds": POLL_SECONDS, "can_retry": can_retry_job(request.user, job)}
    return render_page(request, "gabinete/job_detail.html", "gabinete/_job_status.html", context)


def job_download(request, pk: int):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk, state=JobState.DONE)
    if not job.file:
        raise Http404
    return protected_file_response(job.file, job.filename, inline=True)


@require_POST
def job_retry(request, pk: int):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    try:
        jobs.job_retry(job=job, by=request.user)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Se volvió a solicitar el documento."))
    return redirect("gabinete:job-detail", pk=job.pk)
