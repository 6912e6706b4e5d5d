"""What the intranet keeps about each person's open sessions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gabinete import privacy


class UserSession(models.Model):
    """One signed-in session of a person: on which device (browser and system) and from which address
    it was opened, and when. «Mis sesiones» lists them so a person can close a session left open on a
    shared computer or a lost phone.

    The row lives as long as the session: signing out deletes it, and a session the store no longer
    holds (expired, closed) is not shown and is pruned. The last use is not stored here: the session
    store moves the session's expiry at most once a minute while it is used (IdleSessionMiddleware),
    so the last use is that expiry minus the idle time (gabinete.accounts.selectors)."""

    personal_data = privacy.Processing(
        fields=("user", "device", "ip_address", "created_at"),
        subjects=_("Funcionarios y funcionarias con cuenta en la intranet"),
        purpose=_("Mostrar a cada persona sus sesiones abiertas para que cierre las que no reconozca"),
        legal_basis=_("Deber de adoptar medidas de seguridad (Ley 21.719)"),
        access=_("La propia persona y los superusuarios"),
        retention=_("Mientras la sesión esté abierta; se borra al cerrarla o al expirar"),
        title=_("Sesiones abiertas"),
        area=_("Seguridad del ingreso"),
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions", verbose_name=_("persona")
    )
    session_key = models.CharField(_("clave de la sesión"), max_length=40, unique=True)
    device = models.CharField(_("dispositivo"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("inicio"), auto_now_add=True)

    class Meta:
        verbose_name = _("sesión abierta")
        verbose_name_plural = _("sesiones abiertas")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.device or '?'}"
