"""Settings for the test suite: the real settings with fast hashing, no HTTPS redirects and plain
static storage (WhiteNoise's manifest needs collectstatic)."""

import os
import tempfile

from .settings import *  # noqa: F403
from .settings import DATABASES, INSTALLED_APPS, STORAGES

DEBUG = False
# The bench and scale-data code is tested too (production leaves it out: gabinete/devtools/).
if "gabinete.devtools" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "gabinete.devtools"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A worker process started by a test (tests/gabinete/test_job_worker.py) shares the test's media folder.
MEDIA_ROOT = os.environ.get("GABINETE_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="gabinete-test-media-")
# SQLite's test database is a file (not shared memory), so a worker process can open it too; tmpfs when
# there is one. pytest-xdist's workers each get their own (pytest-django adds the suffix).
# GABINETE_TEST_DB_DIR names a folder kept between runs instead (`make test-dates` runs the suite on
# several dates and builds the databases once, with pytest-django's --reuse-db).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _db_dir = os.environ.get("GABINETE_TEST_DB_DIR") or tempfile.mkdtemp(
        prefix="gabinete-test-db-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None
    )
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_db_dir, "test.sqlite3")}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = tempfile.mkdtemp(prefix="gabinete-test-static-")
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "axes": {"level": "WARNING"}}}  # noqa: F405
# The archive's fetcher against the tests' local media sites: a timeout is a second, one quick retry,
# no pause between requests to the same site.
ARCHIVE_FETCH_TIMEOUT = 1.0
ARCHIVE_FETCH_RETRIES = 1
ARCHIVE_FETCH_BACKOFF = 0.05
ARCHIVE_FETCH_HOST_DELAY = 0.0
# The suite signs people in with force_login and the browser helper `login()` (password only): with the
# second step required of Gabinete, Jurídica, the Administrador Municipal and superusers, thousands of
# tests would first have to set up an authenticator app. The two-step tests (tests/accounts/) set the
# production list with the `settings` fixture, and a test checks that production's default names the four.
TWO_FACTOR_REQUIRED_ROLES: list[str] = []
