"""Public pages of the lobby (no login): the audience request form, the requests with their outcome
(art. 11, equal treatment) and the register of lobbyists and interest managers (art. 13).

None of them shows a requester's e-mail, postal address or RUT. The request form is guarded against
programs by a honeypot field, a size limit on every text and a limit of submissions per address and
hour kept in the shared cache (so several app servers count together)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from gabinete.exports import csv_response
from gabinete.forms import add_service_errors
from gabinete.public_forms import TOO_MANY, SubmissionLimit

from . import audience_requests as requests_service
from .models import AudienceRequestChannel, PassiveSubject
from .request_forms import PublicAudienceRequestForm

#: Submissions accepted from one address per hour (a family or an office may share one).
SUBMISSION_LIMIT = SubmissionLimit("lobby-request", per_hour=10)
#: Where the received page finds the number of the request just sent (the person's session).
SESSION_NUMBER = "lobby_request_number"


@login_not_required
def request_form(request):
    """Solicitar una audiencia (Ley N° 20.730): the public form."""
    form = PublicAudienceRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_bot():
            # Filled by a program: answer as if received, keep nothing.
            request.session.pop(SESSION_NUMBER, None)
            return redirect("lobby_public:request-received")
        if SUBMISSION_LIMIT.reached(request):
            form.is_valid()
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            try:
                saved = requests_service.audience_request_submit(
                    data=form.cleaned_data, channel=AudienceRequestChannel.WEB, by=None
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                SUBMISSION_LIMIT.count(request)
                request.session[SESSION_NUMBER] = saved.number
                return redirect("lobby_public:request-received")
        else:
            status = 400
    return render(request, "protocol/public/request_form.html", {"form": form}, status=status)


@login_not_required
def request_received(request):
    """The receipt: the number of the request just sent (from the sender's own session)."""
    number = request.session.get(SESSION_NUMBER, "")
    return render(request, "protocol/public/request_received.html", {"number": number})


def _chosen_subject(request) -> PassiveSubject | None:
    raw = (request.GET.get("sujeto") or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) < 12):
        return None
    return get_object_or_404(PassiveSubject.objects.filter(is_public=True), pk=int(raw))


@login_not_required
def request_list(request):
    """Art. 11: the answered requests to each passive subject with their outcome, so equal treatment of
    those who ask on the same matter can be seen. No contact data."""
    subject = _chosen_subject(request)
    rows = list(requests_service.public_requests(subject=subject)[:500])
    return render(
        request,
        "protocol/public/request_list.html",
        {"rows": rows, "subject": subject, "subjects": PassiveSubject.objects.filter(is_public=True)},
    )


@login_not_required
def lobbyist_list(request):
    """Art. 13: the register of lobbyists and interest managers."""
    subject = _chosen_subject(request)
    return render(
        request,
        "protocol/public/lobbyist_list.html",
        {
            "people": requests_service.lobbyist_register(subject=subject),
            "subject": subject,
            "subjects": PassiveSubject.objects.filter(is_public=True),
        },
    )


@login_not_required
def lobbyist_csv(request):
    subject = _chosen_subject(request)
    return csv_response(
        "registro-de-lobbistas.csv",
        [str(h) for h in requests_service.LOBBYIST_HEADER],
        requests_service.lobbyist_rows(requests_service.lobbyist_register(subject=subject)),
    )
