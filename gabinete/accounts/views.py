"""The account pages: the second step (set up, typed at sign-in, recovery codes), «Mis sesiones»,
the password change, and the superusers' pages about someone else's account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from gabinete.pagination import page_number

from . import selectors, services, twostep
from .forms import EnrolForm, PeopleSearchForm, VerifyForm
from .models import UserSession
from .permissions import can_disable_two_step, can_manage_accounts

PEOPLE_PAGE_SIZE = 30


def _next_url(request: HttpRequest) -> str:
    """Where to go after the second step: a page of this site asked for by `next` (a path), else Mi
    escritorio. Anything else (another site, a view name, text) is ignored."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("gabinete:home")


def _with_next(name: str, request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return reverse(name) + (f"?{urlencode({'next': target})}" if target else "")


def _posted(request: HttpRequest):
    """The form data of a POST (also an empty one, which must show «obligatorio»), else None."""
    return request.POST if request.method == "POST" else None


def _signing_in(request: HttpRequest) -> bool:
    """The session still owes its second step (its pages use the sign-in layout, without menus)."""
    return bool(twostep.owed_by(request.session)) and not request.user.is_verified()


# --- the second step ----------------------------------------------------------------------------


@sensitive_post_parameters("code")
def two_step_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the authenticator app's code, or a recovery code."""
    owed = twostep.owed_by(request.session)
    if not owed or request.user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if owed == twostep.ENROL:
        return redirect(_with_next("accounts:two-step-enrol", request))
    form = VerifyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        device = services.two_step_verify(user=request.user, code=form.cleaned_data["code"], by=request.user)
        if device is not None:
            otp_login(request, device)
            request.session.pop(twostep.FAILURES_KEY, None)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _(
                        "Ingresó con un código de recuperación; le quedan %(n)s. "
                        "Genere nuevos en «Seguridad de la cuenta»."
                    )
                    % {"n": twostep.recovery_codes_left(request.user)},
                )
            return HttpResponseRedirect(_next_url(request))
        failures = int(request.session.get(twostep.FAILURES_KEY, 0)) + 1
        request.session[twostep.FAILURES_KEY] = failures
        # django-axes counts a wrong code like a wrong password (the same person and address).
        user_login_failed.send(sender=__name__, credentials={"username": request.user.get_username()}, request=request)
        if failures >= twostep.max_attempts():
            logout(request)
            messages.error(
                request, _("Se escribieron demasiados códigos incorrectos y la sesión se cerró. Ingrese de nuevo.")
            )
            return redirect("login")
        form.add_error("code", _("El código no es correcto. Escriba el que muestra ahora la aplicación."))
    return render(request, "accounts/two_step_verify.html", {"form": form, "next": request.GET.get("next", "")})


@sensitive_post_parameters("code")
def two_step_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), confirm with its first code."""
    user = request.user
    if not user.is_verified() and (twostep.owed_by(request.session) == twostep.VERIFY or twostep.has_two_step(user)):
        # Replacing an app takes a code of the current one first.
        request.session[twostep.STATE_KEY] = twostep.VERIFY
        return redirect(_with_next("accounts:two-step-verify", request))
    secret = request.session.get(twostep.PENDING_KEY) or twostep.new_secret()
    request.session[twostep.PENDING_KEY] = secret
    form = EnrolForm(_posted(request), secret=secret)
    if request.method == "POST" and form.is_valid():
        device, codes = services.two_step_enrol(user=user, secret=secret, time_step=form.time_step, by=user)
        del request.session[twostep.PENDING_KEY]
        otp_login(request, device)
        request.session[twostep.STATE_KEY] = twostep.VERIFY
        request.session[twostep.NEW_CODES_KEY] = codes
        messages.success(request, _("El segundo paso de ingreso quedó activado."))
        return redirect(_with_next("accounts:recovery-codes", request))
    context = {
        "form": form,
        "qr_svg": twostep.qr_svg(twostep.provisioning_uri(secret, user.get_username())),
        "secret": twostep.secret_base32(secret),
        "signing_in": _signing_in(request),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/two_step_enrol.html", context)


def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made (shown this once), or a new set on request."""
    if request.method == "POST":
        if not twostep.has_two_step(request.user):
            messages.error(request, _("Primero active el segundo paso de ingreso."))
            return redirect("accounts:security")
        request.session[twostep.NEW_CODES_KEY] = services.recovery_codes_renew(user=request.user, by=request.user)
        return redirect("accounts:recovery-codes")
    codes = request.session.pop(twostep.NEW_CODES_KEY, None)
    context = {
        "codes": codes,
        "left": twostep.recovery_codes_left(request.user),
        "has_two_step": twostep.has_two_step(request.user),
        "next": _next_url(request) if codes else "",
    }
    return render(request, "accounts/recovery_codes.html", context)


@require_POST
def two_step_disable(request: HttpRequest) -> HttpResponse:
    if not can_disable_two_step(request.user):
        messages.error(request, _("Su cargo exige el segundo paso de ingreso: no se puede desactivar."))
    elif not twostep.has_two_step(request.user):
        messages.info(request, _("El segundo paso de ingreso no estaba activado."))
    else:
        services.two_step_disable(user=request.user, by=request.user)
        request.session.pop(twostep.STATE_KEY, None)
        messages.success(request, _("El segundo paso de ingreso quedó desactivado."))
    return redirect("accounts:security")


def security(request: HttpRequest) -> HttpResponse:
    """«Seguridad de la cuenta»: the second step and a way to the sessions and the password."""
    context = {
        "status": selectors.two_step_status(request.user),
        "sessions": len(selectors.sessions_open(request.user, current_key=request.session.session_key)),
    }
    return render(request, "accounts/security.html", context)


# --- sessions -----------------------------------------------------------------------------------------


def sessions(request: HttpRequest) -> HttpResponse:
    """«Mis sesiones»: where the person is signed in, and when each session was last used."""
    found = selectors.sessions_open(request.user, current_key=request.session.session_key)
    return render(request, "accounts/sessions.html", {"sessions": found})


@require_POST
def sessions_close_others(request: HttpRequest) -> HttpResponse:
    closed = services.sessions_close_others(
        user=request.user, keep_session_key=request.session.session_key, by=request.user
    )
    messages.success(
        request, _("Se cerraron %(n)s sesiones.") % {"n": closed} if closed else _("No había otras sesiones abiertas.")
    )
    return redirect("accounts:sessions")


@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    user_session = get_object_or_404(UserSession, pk=pk, user=request.user)
    if user_session.session_key == request.session.session_key:
        messages.info(request, _("Para cerrar esta sesión use «Cerrar sesión» en el menú."))
    else:
        services.session_close(user_session=user_session, by=request.user)
        messages.success(request, _("La sesión quedó cerrada."))
    return redirect("accounts:sessions")


@sensitive_post_parameters()
def password_change(request: HttpRequest) -> HttpResponse:
    """Change the password; every other session of the person is closed."""
    form = PasswordChangeForm(request.user, _posted(request))
    if request.method == "POST" and form.is_valid():
        services.password_change(form=form, session=request.session, by=request.user)
        return redirect("password_change_done")
    return render(request, "registration/password_change_form.html", {"form": form})


# --- the superusers' pages ------------------------------------------------------------------------------


def _person_or_403(request: HttpRequest, pk: int):
    if not can_manage_accounts(request.user):
        raise PermissionDenied
    return get_object_or_404(get_user_model(), pk=pk)


def people(request: HttpRequest) -> HttpResponse:
    """«Cuentas»: find a person to reset their second step or close their sessions."""
    if not can_manage_accounts(request.user):
        raise PermissionDenied
    form = PeopleSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.people_search(text), PEOPLE_PAGE_SIZE).get_page(page_number(request))
    return render(request, "accounts/people.html", {"form": form, "page": page})


def person(request: HttpRequest, pk: int) -> HttpResponse:
    found = _person_or_403(request, pk)
    context = {
        "person": found,
        "status": selectors.two_step_status(found),
        "sessions": selectors.sessions_open(found, current_key=request.session.session_key),
    }
    return render(request, "accounts/person.html", context)


@require_POST
def person_two_step_reset(request: HttpRequest, pk: int) -> HttpResponse:
    found = _person_or_403(request, pk)
    closed = services.two_step_reset(person=found, by=request.user)
    messages.success(
        request,
        _("Se restableció el segundo paso de %(name)s y se cerraron %(n)s sesiones.")
        % {"name": found.get_full_name() or found.get_username(), "n": closed},
    )
    return redirect("accounts:person", pk=found.pk)


@require_POST
def person_sessions_close(request: HttpRequest, pk: int) -> HttpResponse:
    found = _person_or_403(request, pk)
    closed = services.sessions_close_all(person=found, by=request.user)
    messages.success(
        request,
        _("Se cerraron %(n)s sesiones de %(name)s.")
        % {"name": found.get_full_name() or found.get_username(), "n": closed},
    )
    return redirect("accounts:person", pk=found.pk)
