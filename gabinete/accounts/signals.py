"""Sign-in and sign-out keep two things in step: what the new session still owes (its second step)
and the list of the person's open sessions. Also `force_login` (tests) and any other backend that
calls django.contrib.auth.login (the directory's, when it comes) pass through here."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from user_agents import parse

from gabinete.proxies import client_ip

from . import services, twostep


def device_label(user_agent: str) -> str:
    """«Firefox 128 en Windows 10», «Chrome Mobile en Android 14»: enough for a person to recognise a
    device, no more."""
    if not user_agent:
        return ""
    agent = parse(user_agent)
    browser = " ".join(part for part in (agent.browser.family, agent.browser.version_string.split(".")[0]) if part)
    system = " ".join(part for part in (agent.os.family, agent.os.version_string) if part)
    if agent.browser.family == "Other" and agent.os.family == "Other":
        return user_agent[:100]
    return f"{browser} en {system}" if system and system != "Other" else browser


@receiver(user_logged_in, dispatch_uid="accounts.signed_in")
def signed_in(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    owed = twostep.step_owed(user)
    if owed:
        session[twostep.STATE_KEY] = owed
    else:
        session.pop(twostep.STATE_KEY, None)
    session.pop(twostep.FAILURES_KEY, None)
    if session.session_key is None:
        session.save()
    meta = getattr(request, "META", {})
    services.session_register(
        user=user,
        session_key=session.session_key,
        device=device_label(meta.get("HTTP_USER_AGENT", "")),
        ip_address=client_ip(request) or None,
    )


@receiver(user_logged_out, dispatch_uid="accounts.signed_out")
def signed_out(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        services.session_forget(session_key=session.session_key)
