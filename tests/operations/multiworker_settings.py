"""The production settings for the several-app-servers test, with plain static storage: WhiteNoise's
manifest would need a collectstatic (about 100 s on a busy CI machine) that this test does not judge."""

from gabinete.settings import *  # noqa: F403
from gabinete.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
