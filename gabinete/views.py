from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import desk, health, jobs, privacy
from .job_kinds import DIRECTORY
from .models import Directorate, Membership, Role, Team
from .permissions import (
    can_view_directory,
    has_any_membership,
    is_gabinete,
    permission_required,
)


def home(request):
    """Mi escritorio: what waits for this user across the apps, laid out for the user's role."""
    return render(
        request,
        "gabinete/home.html",
        {"layout": desk.layout_for(request.user), "has_unit": has_any_membership(request.user)},
    )


def directory_context() -> dict:
    members = Membership.objects.select_related("user").filter(user__is_active=True)
    directorates = Directorate.objects.active().prefetch_related(
        Prefetch("memberships", queryset=members.order_by("role", "user__last_name", "user__first_name"))
    )
    return {"directorates": directorates, "title": _("Nómina de direcciones y sus integrantes")}


@dataclass(frozen=True)
class DirectoryMember:
    """One line of the nómina: who, in what role and position, and how to reach them."""

    name: str
    role: str
    position: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class DirectoryUnit:
    name: str
    email: str
    members: list[DirectoryMember]


def _directory_rows() -> list[DirectoryUnit]:
    """The nómina page's rows, as text: each directorate (with its own e-mail) and its people (role,
    position, the account's e-mail and the position's phone). Two queries of plain values (no model
    per membership, no display call per row); same order as `directory_context` (the PDF's)."""
    roles = {value: str(label) for value, label in Role.choices}
    teams = {value: str(label) for value, label in Team.choices}
    directorates = list(Directorate.objects.active().values_list("pk", "name", "email"))
    members: dict[int, list[DirectoryMember]] = {pk: [] for pk, _name, _email in directorates}
    rows = (
        Membership.objects.filter(user__is_active=True, directorate__in=list(members))
        .order_by("role", "user__last_name", "user__first_name")
        .values_list(
            "directorate_id",
            "user__first_name",
            "user__last_name",
            "user__username",
            "user__email",
            "role",
            "team",
            "position",
            "phone",
        )
    )
    for directorate_id, first, last, username, email, role, team, position, phone in rows:
        name = f"{first} {last}".strip() or username
        role_text = roles.get(role, role) + (f" ({teams.get(team, team)})" if team else "")
        members[directorate_id].append(DirectoryMember(name, role_text, position, email, phone))
    return [DirectoryUnit(name, email, members[pk]) for pk, name, email in directorates]


@permission_required(can_view_directory)
def directory(request):
    context = {"rows": _directory_rows(), "title": _("Nómina de direcciones y sus integrantes")}
    if is_gabinete(request.user):
        context["without_unit"] = (
            get_user_model()
            .objects.filter(is_active=True, memberships__isnull=True, is_superuser=False)
            .order_by("last_name", "first_name")
        )
    return render(request, "gabinete/directory.html", context)


@login_not_required
@require_GET
def privacy_inventory(request):
    """The inventory of processing of personal data (Ley 21.719), from the models' declarations. Public:
    the privacy notices of the public forms point to it, and a data subject reads it before asking."""
    return render(request, "gabinete/privacy_inventory.html", {"entries": privacy.inventory()})


@permission_required(can_view_directory)
@require_POST
def directory_pdf(request):
    """Ask for the nómina PDF: prepared in the background, followed on the job's page."""
    job = jobs.job_request(by=request.user, kind=DIRECTORY)
    return redirect("gabinete:job-detail", pk=job.pk)


@login_not_required
@never_cache
@require_GET
def ping(request):
    """A trivial view with no database access: the yardstick of `make bench`."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For the proxy and a monitor: 200 when the database, the cache and the queue answer, else 503
    naming what failed. No session, no cookies, never stored (`Cache-Control: no-store`)."""
    results = health.run_checks()
    healthy = all(result.ok for result in results)
    lines = ["ok" if healthy else "falla", *(result.line() for result in results)]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8", status=200 if healthy else 503
    )


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
