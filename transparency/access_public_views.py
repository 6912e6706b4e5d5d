"""Public pages of the access requests (no login): the form, its receipt, following a request with its
number and secret link, the answered requests with the yearly statistics, and the index of acts
declared secret or reserved (art. 23). None of them shows who asked."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gabinete.forms import add_service_errors
from gabinete.public_forms import TOO_MANY, SubmissionLimit
from gabinete.uploads import protected_file_response

from . import access_requests as service
from .access_forms import PublicAccessRequestForm
from .models import AccessChannel, AccessDocument, AccessRequest, AccessStatus

SUBMISSION_LIMIT = SubmissionLimit("access-request", per_hour=10)
#: Where the receipt page finds the request just sent (the sender's own session).
SESSION_REQUEST = "access_request_sent"


@login_not_required
def access_form(request):
    """Solicitar información (Ley N° 20.285, art. 12)."""
    form = PublicAccessRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_bot():
            request.session.pop(SESSION_REQUEST, None)
            return redirect("transparency_public:access-received")
        if SUBMISSION_LIMIT.reached(request):
            form.is_valid()
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            try:
                saved = service.access_request_submit(data=form.cleaned_data, channel=AccessChannel.WEB, by=None)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                SUBMISSION_LIMIT.count(request)
                request.session[SESSION_REQUEST] = saved.pk
                return redirect("transparency_public:access-received")
        else:
            status = 400
    return render(request, "transparency/public/access_form.html", {"form": form}, status=status)


@login_not_required
def access_received(request):
    pk = request.session.get(SESSION_REQUEST)
    sent = AccessRequest.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    return render(
        request,
        "transparency/public/access_received.html",
        {"sent": sent, "deadline": service.deadline(sent) if sent else None},
    )


def _followed(number: str, token: str) -> AccessRequest:
    found = service.followed(number, token)
    if found is None:
        raise Http404
    return found


@login_not_required
def access_follow(request, number: str, token: str):
    """The requester's own page: where the request stands, its terms, the answer and its documents."""
    followed = _followed(number, token)
    response = render(
        request,
        "transparency/public/access_follow.html",
        {
            "req": followed,
            "deadline": service.deadline(followed),
            "answered": followed.status == AccessStatus.ANSWERED,
            "appeal_due": service.appeal_deadline(followed),
        },
    )
    # The address holds the secret: never kept by a cache, never sent on to another site.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
def access_follow_document(request, number: str, token: str, document: int):
    followed = _followed(number, token)
    if followed.status != AccessStatus.ANSWERED:
        raise Http404
    doc = get_object_or_404(AccessDocument, pk=document, request=followed)
    return protected_file_response(doc.file, f"{doc.title[:80]}.pdf", inline=True)


def _year(request) -> int:
    raw = (request.GET.get("anio") or "").strip()
    this_year = timezone.localdate().year
    if raw.isascii() and raw.isdigit() and len(raw) == 4 and 2009 <= int(raw) <= this_year:
        return int(raw)
    return this_year


@login_not_required
def access_answered(request):
    """The answered requests of a year and its statistics, without personal data."""
    year = _year(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "transparency/public/access_answered.html",
        {
            "year": year,
            "years": list(range(this_year, max(2009, this_year - 5) - 1, -1)),
            "rows": list(service.public_answered(year)[:500]),
            "stats": service.yearly_stats(year),
        },
    )


@login_not_required
def reserved_index(request):
    return render(request, "transparency/public/reserved_index.html", {"rows": list(service.reserved_index()[:1000])})
