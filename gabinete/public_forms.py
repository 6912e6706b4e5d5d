"""What every public form (no login) shares: a limit of submissions per address and hour, kept in the
shared cache so several app servers count together, and a honeypot field that programs fill and
people never see (hidden by CSS and from assistive technology)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .proxies import client_ip

HONEYPOT = "sitio_web"
RATE_WINDOW_SECONDS = 60 * 60
TOO_MANY = _("Se recibieron demasiadas solicitudes desde su conexión en la última hora. Intente más tarde.")


@dataclass(frozen=True)
class SubmissionLimit:
    """At most `per_hour` accepted submissions of one form from one address (a family or an office
    may share one, so the limit is generous)."""

    name: str
    per_hour: int = 10

    def _key(self, request) -> str:
        return f"{self.name}-rate:{client_ip(request)}"

    def reached(self, request) -> bool:
        return int(cache.get(self._key(request)) or 0) >= self.per_hour

    def count(self, request) -> None:
        key = self._key(request)
        if cache.add(key, 1, RATE_WINDOW_SECONDS):
            return
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, RATE_WINDOW_SECONDS)


class HoneypotMixin(forms.Form):
    """A form that arrives with `sitio_web` filled was filled by a program."""

    sitio_web = forms.CharField(
        label=_("No complete este campo"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())
