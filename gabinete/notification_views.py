"""«Notificaciones»: the bell's page, opening a notice (from the page or an e-mail), and each person's
preferences (how each kind reaches them, and when the daily digest goes out)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import notifications
from .forms import add_service_errors
from .models import Notification
from .pagination import page_number

PAGE_SIZE = 30


def notification_list(request):
    unread_only = request.GET.get("ver") == "no-leidas"
    notices = notifications.recent_for(request.user, unread_only=unread_only)
    page = Paginator(notices, PAGE_SIZE).get_page(page_number(request))
    context = {
        "page": page,
        "unread_only": unread_only,
        "unread": notifications.unread_count(request.user),
        "kind_labels": {k.code: k.label for k in notifications.kinds()},
    }
    return render(request, "gabinete/notification_list.html", context)


def notification_open(request, pk: int):
    """Mark the notice read and go to its record (the e-mails link here; the login comes first if needed)."""
    notice = get_object_or_404(Notification, pk=pk, user=request.user)
    target = notifications.open_notice(notice=notice, by=request.user)
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("gabinete:notifications")


@require_POST
def notification_read_all(request):
    count = notifications.mark_all_read(by=request.user)
    messages.success(
        request, _("%(n)s avisos marcados como leídos.") % {"n": count} if count else _("No había avisos sin leer.")
    )
    return redirect("gabinete:notifications")


class PreferencesForm(forms.Form):
    digest_at = forms.TimeField(
        label=gettext_lazy("Hora del resumen diario"),
        help_text=gettext_lazy("Días hábiles, hora de Antofagasta (por ejemplo 08:00)."),
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
        error_messages={"invalid": gettext_lazy("Escriba una hora válida, por ejemplo 08:00.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = []
        for kind, delivery in notifications.preferences_of(user):
            name = f"kind-{kind.code}"
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                choices=kind.choices,
                initial=delivery,
                help_text=kind.help,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                error_messages={"invalid_choice": gettext_lazy("Esta opción no está disponible para este aviso.")},
            )
            self.kinds.append((kind, name))
        self.fields["digest_at"].initial = notifications.digest_time_of(user)

    def grouped(self):
        """The kinds' fields by app, for the page."""
        from .activity import APP_NAMES

        groups: dict[str, list] = {}
        for kind, name in self.kinds:
            groups.setdefault(str(APP_NAMES.get(kind.app, kind.app)), []).append(self[name])
        return list(groups.items())

    def choices(self) -> dict[str, str]:
        return {kind.code: self.cleaned_data[name] for kind, name in self.kinds}


def notification_preferences(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            notifications.set_preferences(
                by=request.user, choices=form.choices(), digest_at=form.cleaned_data["digest_at"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Preferencias guardadas."))
            return redirect("gabinete:notification-preferences")
    return render(
        request, "gabinete/notification_preferences.html", {"form": form, "has_email": bool(request.user.email)}
    )
