"""django-otp's own admin pages are left out: they would show a person's secret (the QR code) to a
superuser, and answer a 500 for a device that does not exist. A superuser looks after someone's second
step from «Cuentas» (gabinete.accounts.views.person), where a reset is recorded in the activity log."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
