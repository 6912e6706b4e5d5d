"""The second step, enforced once for every view."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import twostep

#: Views a session that still owes its second step may open: the step itself and the way out.
OPEN_DURING_SIGN_IN = frozenset(
    {
        "accounts:two-step-verify",
        "accounts:two-step-enrol",
        "login",
        "logout",
        "gabinete:healthz",
        "gabinete:ping",
    }
)


class TwoStepMiddleware:
    """A session signed in with the password alone reaches no page until it has given its second step:
    a person with an authenticator app is sent to type a code, a person to whom it is required and who
    has none to set one up (gabinete.accounts.twostep). Public views (login_not_required) stay public.

    Place it after django_otp's OTPMiddleware (which says whether the session is verified) and after
    LoginRequiredMiddleware (anonymous people go to the login first). It reads only the session, so a
    signed-in page costs no extra query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_DURING_SIGN_IN:
            return None
        # Checked before the session is read: a public page must not vary on the cookie.
        if getattr(view_func, "login_required", True) is False:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        owed = twostep.owed_by(request.session)
        if not owed or user.is_verified():
            return None
        target = reverse("accounts:two-step-verify" if owed == twostep.VERIFY else "accounts:two-step-enrol")
        response = redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = response["Location"]
        return response
