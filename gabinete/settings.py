"""Settings for Gabinete, read from the environment (django-environ; an optional .env file).

Development: `DEBUG=true` (the Makefile's `run` sets it) and no DATABASE_URL gives SQLite under var/.
Production: DEBUG unset, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS and DATABASE_URL set; then
`python manage.py check --deploy` reports no warnings (see README).
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from gabinete.proxies import trusted_networks

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The default key only serves development and tests; `check --deploy` flags it (security.W009).
SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only-0c6e1f0b6d9a4a3f8f7e2b5d1c9a8e7f6d5c4b3a")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.syndication",
    "localflavor",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "django_ckeditor_5",
    "django_tasks",
    # Django REST framework is used without its app: its templates (the browsable API) are not served
    # and its Spanish catalogue would replace Django's form messages («requerido» for «obligatorio»);
    # the API's messages are its own (transparency/api.py).
    "drf_spectacular",
    "corsheaders",
    "gabinete",
    "gabinete.office",
    "gabinete.dataprotection",
    # Two-step sign-in (authenticator apps and recovery codes) and the list of open sessions.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "gabinete.accounts",
    "protocol",
    "communications",
    "archive",
    "indicators",
    "transparency",
]
# Development tooling (the bench, scale data: gabinete/devtools/) only where DEBUG is on; the test
# settings and gabinete/settings_dev.py (make bench) add it too. Production never installs it.
if DEBUG:
    INSTALLED_APPS.append("gabinete.devtools")

MIDDLEWARE = [
    # First: a body larger than REQUEST_BODY_MAX_BYTES is refused (413) before anything reads it.
    "gabinete.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Personal and restricted answers: Cache-Control "private, no-store" unless the view set its own.
    "gabinete.middleware.PrivateCacheMiddleware",
    # Keeps a session alive while it is used: its expiry moves at most once a minute.
    "gabinete.middleware.IdleSessionMiddleware",
    # CORS for the open data API only (CORS_URLS_REGEX): before CommonMiddleware, as the package asks.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session gave its second step (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # Every view needs a login unless it is marked @login_not_required (public pages, feeds).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A session that still owes its second step reaches only that step (gabinete/accounts/middleware.py).
    "gabinete.accounts.middleware.TwoStepMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A NUL character in the address or the form data: a 400 for every view (after the headers' middleware).
    "gabinete.middleware.InvalidCharactersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Activity-log entries recorded while a request is served say they came from the web.
    "gabinete.activity.ActivitySourceMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gabinete.urls"
WSGI_APPLICATION = "gabinete.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gabinete.context_processors.organisation",
                "gabinete.context_processors.navigation",
                "gabinete.context_processors.notifications",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
try:
    DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gabinete.sqlite3'}")}
except (ImproperlyConfigured, ValueError, KeyError) as exc:  # environ raises several kinds
    raise ImproperlyConfigured(
        "La variable de entorno DATABASE_URL no es válida. Use postgres://usuario@host:5432/base "
        f"o sqlite:///ruta/archivo.sqlite3 (detalle: {exc})."
    ) from exc
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.postgresql",
    "django.db.backends.sqlite3",
):
    raise ImproperlyConfigured(
        "La variable de entorno DATABASE_URL debe apuntar a PostgreSQL (postgres://…) o SQLite "
        f"(sqlite:///…); se recibió el motor {DATABASES['default']['ENGINE']}."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# DATABASE_REPLICA_URL (optional): a read replica of the same PostgreSQL for the heavy report queries
# (gabinete.replica.reading_from_replica). Tests mirror it onto default.
if env.str("DATABASE_REPLICA_URL", default=""):
    try:
        DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    except (ImproperlyConfigured, ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"La variable de entorno DATABASE_REPLICA_URL no es válida (detalle: {exc})."
        ) from exc
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL debe usar el mismo motor que DATABASE_URL (PostgreSQL).")
    for _setting in ("OPTIONS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if _setting in DATABASES["default"]:
            DATABASES["replica"].setdefault(_setting, DATABASES["default"][_setting])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["gabinete.replica.ReplicaRouter"]

# CACHE_URL: locmemcache:// (one process) or redis://host:6379/1?key_prefix=gabinete (several app
# servers; Django's RedisCache with the `redis` client). django-environ hands options of the URL to
# Django's RedisCache in lower case, where Django reads KEY_PREFIX, TIMEOUT and VERSION only in upper
# case: they are moved up, so `?key_prefix=` keeps two installations on one Redis apart.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://gabinete")}
for _option in ("key_prefix", "timeout", "version"):
    if _option in CACHES["default"]:
        CACHES["default"][_option.upper()] = CACHES["default"].pop(_option)

# --- Background jobs (Django's tasks API through the django-tasks backport) ---------------------
# TASKS_BACKEND=db (default): the queue is a table of the database (django-tasks-db), worked by
# `manage.py db_worker`; `make run` starts one beside the server. TASKS_BACKEND=rq: Redis through RQ
# (django-tasks-rq), worked by `manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job
# default` (the scheduler runs the deferred e-mail retries), on the Redis of TASKS_REDIS_URL (default:
# CACHE_URL when that is redis://).
TASKS_BACKEND = env("TASKS_BACKEND", default="db")
if TASKS_BACKEND == "db":
    INSTALLED_APPS.append("django_tasks_db")
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "rq":
    _cache_url = env("CACHE_URL", default="")
    _redis_url = env("TASKS_REDIS_URL", default=_cache_url if _cache_url.startswith("redis") else "")
    if not _redis_url:
        raise ImproperlyConfigured(
            "TASKS_BACKEND=rq necesita Redis: defina TASKS_REDIS_URL (redis://host:6379/2) o CACHE_URL=redis://…"
        )
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": _redis_url.split("?", 1)[0], "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND debe ser «db» o «rq»; se recibió «{TASKS_BACKEND}».")
#: How long a worker holds a job it claimed without a sign of life (progress) before another worker
#: may take it over (a worker that died mid-job: killed, out of memory, the machine restarted).
JOBS_LEASE_SECONDS = env.int("JOBS_LEASE_SECONDS", default=600)
#: How many times a job is tried (worker deaths included) before it is marked failed.
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)

# --- Periodic jobs: the one list (gabinete/periodic.py) -------------------------------------------
# Each entry: the dotted path of a django-tasks task, a cron expression read in America/Santiago and
# what it does. `manage.py enqueue_periodic` (cron or a systemd timer, every minute) or
# `manage.py run_periodic` (beside the worker in `make run`) hands each due slot to the queue once,
# however many servers run it. Digests and other periodic work are added here, nowhere else.
PERIODIC_TASKS = {
    "requeue-stale-jobs": {
        "task": "gabinete.periodic.requeue_stale_jobs",
        "cron": "*/5 * * * *",
        "description": "Devuelve a la cola los documentos cuyo proceso murió a medio trabajo.",
    },
    "outbox-sweep": {
        "task": "gabinete.mail.sweep_outbox",
        "cron": "*/5 * * * *",
        "description": "Reintenta los correos cuyo momento llegó o cuyo envío quedó a medias.",
    },
    "transparency-reminders": {
        "task": "transparency.tasks.send_reminders",
        "cron": "0 8 * * 1-5",
        "description": "Recordatorios de Transparencia Activa a las direcciones (días hábiles, 08:00).",
    },
    "daily-digests": {
        "task": "gabinete.notifications.send_daily_digests",
        "cron": "*/15 * * * 1-5",
        "description": (
            "Resumen diario de avisos a cada persona a la hora que eligió (08:00 si no eligió; solo días hábiles)."
        ),
    },
    "deadline-notices": {
        "task": "gabinete.notifications.send_deadline_notices",
        "cron": "45 7 * * 1-5",
        "description": "Avisos de plazos que vencen en tres días hábiles y de plazos vencidos (días hábiles, 07:45).",
    },
    "saved-search-alerts": {
        "task": "archive.tasks.announce_saved_searches",
        "cron": "*/15 * * * *",
        "description": "Avisa a quienes siguen una búsqueda guardada del archivo de prensa cuando llegan recortes nuevos.",
    },
    "archive-fetch-sources": {
        "task": "archive.tasks.fetch_due_sources",
        "cron": "*/5 * * * *",
        "description": "Lee las fuentes de noticias de los medios cuya hora llegó y lleva lo nuevo a la bandeja de prensa.",
    },
    "directory-accounts": {
        "task": "gabinete.ldap_directory.check_directory_accounts",
        "cron": "0 21 * * *",
        "description": (
            "Desactiva las cuentas de quienes dejaron el directorio municipal (deshabilitados o eliminados) "
            "y deja su trabajo abierto en Mi escritorio de Gabinete para reasignarlo (solo con LDAP_URL)."
        ),
    },
    "privacy-retention": {
        "task": "gabinete.dataprotection.tasks.apply_retention",
        "cron": "30 3 * * *",
        "description": (
            "Anonimiza o elimina los datos personales cuyo plazo de conservación se cumplió (Ley 21.719; 03:30)."
        ),
    },
    "press-briefing": {
        "task": "archive.tasks.briefing_auto_send",
        "cron": "30 7 * * 1-5",
        "description": (
            "Síntesis de prensa del día a la lista de destinatarios (días hábiles, 07:30; "
            "solo con BRIEFING_AUTO_SEND=true)."
        ),
    },
}
# --- The press archive's fetcher (archive/fetching.py): what it tells the media's servers, and its limits.
ARCHIVE_FETCH_USER_AGENT = env(
    "ARCHIVE_FETCH_USER_AGENT",
    default="GabineteAntofagasta/1.0 (archivo de prensa de la Municipalidad de Antofagasta)",
)
ARCHIVE_FETCH_TIMEOUT = env.float("ARCHIVE_FETCH_TIMEOUT", default=10.0)
ARCHIVE_FETCH_MAX_MB = env.float("ARCHIVE_FETCH_MAX_MB", default=5.0)
ARCHIVE_FETCH_RETRIES = env.int("ARCHIVE_FETCH_RETRIES", default=2)
ARCHIVE_FETCH_BACKOFF = env.float("ARCHIVE_FETCH_BACKOFF", default=1.0)
#: Seconds between two requests to the same site.
ARCHIVE_FETCH_HOST_DELAY = env.float("ARCHIVE_FETCH_HOST_DELAY", default=1.0)
#: New articles read per fetch of a source (the rest wait for the next one).
ARCHIVE_FETCH_MAX_ITEMS = env.int("ARCHIVE_FETCH_MAX_ITEMS", default=200)
#: Estimated similarity (Jaccard of word shingles) from which two articles are the same story.
ARCHIVE_CLUSTER_THRESHOLD = env.float("ARCHIVE_CLUSTER_THRESHOLD", default=0.5)

#: A slot missed by more than this (no scheduler was running) is not caught up.
PERIODIC_CATCH_UP_HOURS = env.int("PERIODIC_CATCH_UP_HOURS", default=6)

# --- Auth ---------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in with the municipal directory (LDAP or Active Directory, gabinete/ldap_directory.py) when
# LDAP_URL is set; without it (the embedded default, the demo) only local accounts. Local accounts keep
# working beside the directory (ModelBackend comes after it), also while the directory is down.
LDAP_URL = env("LDAP_URL", default="")
if LDAP_URL:
    from gabinete.ldap_settings import DIRECTORY_BACKEND, directory_settings

    AUTHENTICATION_BACKENDS.insert(1, DIRECTORY_BACKEND)
    globals().update(
        directory_settings(
            url=LDAP_URL,
            bind_dn=env("LDAP_BIND_DN", default=""),
            bind_password=env("LDAP_BIND_PASSWORD", default=""),
            user_search_base=env("LDAP_USER_SEARCH_BASE"),
            user_filter=env("LDAP_USER_FILTER", default="(uid=%(user)s)"),
            group_search_base=env("LDAP_GROUP_SEARCH_BASE", default=""),
            group_type=env("LDAP_GROUP_TYPE", default="groupOfNames"),
            disabled_filter=env("LDAP_DISABLED_FILTER", default="(employeeType=inactivo)"),
            mapping_attribute=env("LDAP_MAPPING_ATTRIBUTE", default=""),
            start_tls=env.bool("LDAP_START_TLS", default=False),
            ca_file=env("LDAP_CA_FILE", default=""),
            require_cert=env("LDAP_TLS_REQUIRE_CERT", default="demand"),
            timeout=env.float("LDAP_TIMEOUT", default=5.0),
        )
    )
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "gabinete:home"
LOGOUT_REDIRECT_URL = "login"
# Two-step sign-in (gabinete/accounts): after the password, a code from an authenticator app. Required
# of superusers ("superuser") and of these roles (gabinete.models.Role values); optional for the rest,
# who may switch it on in «Seguridad de la cuenta». An empty list makes it optional for everyone: the
# default of the demo (DEBUG, `make run`), whose public demo accounts are tried without a phone.
TWO_FACTOR_REQUIRED_ROLES = env.list(
    "TWO_FACTOR_REQUIRED_ROLES", default=[] if DEBUG else ["superuser", "gabinete", "juridica", "administrador"]
)

# Lock out a username from one address after repeated failures (django-axes). The address is the
# person's, not the proxy's: behind nginx it comes from X-Forwarded-For, believed only when the request
# comes from one of TRUSTED_PROXIES (gabinete.proxies.client_ip). BEHIND_PROXY alone trusts the same
# machine (nginx on the host, gunicorn on 127.0.0.1, as the README shows).
TRUSTED_PROXIES = env.list(
    "TRUSTED_PROXIES", default=["127.0.0.1", "::1"] if env.bool("BEHIND_PROXY", default=False) else []
)
trusted_networks(tuple(TRUSTED_PROXIES))  # a wrong entry stops the start with a clear message
AXES_CLIENT_IP_CALLABLE = "gabinete.proxies.client_ip"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

# Sessions end after a period without activity.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=2 * 60 * 60)

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "es-cl"
LANGUAGES = [("es-cl", "Español (Chile)")]
TIME_ZONE = "America/Santiago"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["gabinete.formats"]

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploaded files go through Django's storage API only (never a path on disk), so they can live on the
# local disk (MEDIA_ROOT, the default) or in a private bucket of an S3-compatible service
# (MEDIA_STORAGE=s3, django-storages). Either way they are served only by the views that check
# permissions: the bucket is private and no signed URL is ever made.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "filesystem":
    _MEDIA_BACKEND: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    _MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            # Without them boto3 looks in its usual places (instance role, ~/.aws).
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),  # "path" for MinIO and the like
            "location": env("AWS_LOCATION", default=""),  # a folder inside the bucket
            "default_acl": "private",
            "querystring_auth": False,  # no signed URLs that would bypass the permission checks
            "file_overwrite": False,  # like the disk: a name taken gets a new one, nothing is replaced
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE debe ser «filesystem» o «s3», no «{MEDIA_STORAGE}».")
STORAGES = {
    "default": _MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Staff documents are never served from MEDIA_URL: each app serves them through a view that
# checks permissions (gabinete.uploads.protected_file_response).
FILE_UPLOAD_PERMISSIONS = 0o640
# The largest file any upload field accepts (FileKindValidator max_mb; a test keeps them in step).
UPLOAD_MAX_MB = 20
# A request body may hold that file plus the form's other fields and the multipart framing; anything
# larger is refused unread (gabinete.request_limits). nginx: client_max_body_size 21m (README).
REQUEST_BODY_MAX_BYTES = (UPLOAD_MAX_MB + 1) * 1024 * 1024
# The non-file part of a request (a long press release, a big form), checked by Django itself.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files up to this size stay in memory while the request is handled; larger ones go to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024 + 512 * 1024

# --- Email --------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Gabinete <gabinete@municipalidadantofagasta.cl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that does not answer must not hold a worker for long (the outbox retries later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Every e-mail goes through the outbox (gabinete/mail.py), delivered by the job queue: attempts before
# a row is marked failed, and the minutes between them (the last figure repeats).
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=4)
MAIL_RETRY_MINUTES = env.list("MAIL_RETRY_MINUTES", cast=int, default=[1, 5, 30])
#: How long a worker holds an e-mail it is sending before another may take it over.
MAIL_LEASE_SECONDS = env.int("MAIL_LEASE_SECONDS", default=300)

# --- Security -----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts only from our own origin, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Bootstrap and htmx set element styles at run time.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Open data API (/api/v1/, transparency/api.py) ------------------------------------------------
# Read-only and public: no authentication (no session, no CSRF), JSON only, paginated, throttled per
# address with the shared cache (API_RATE). Any origin may read it (GET); nothing is written through it.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [],
}
#: Answers a minute the API gives one address (transparency.api.PerAddress).
API_RATE = env("API_RATE", default="300/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Datos abiertos de la Municipalidad de Antofagasta",
    "DESCRIPTION": (
        "Transparencia activa (Ley 20.285 art. 7) con sus versiones y tablas, los registros de lobby "
        "(Ley 20.730) y las estadísticas de las solicitudes de acceso a la información. Solo lectura, "
        "sin autenticación; páginas de 50 filas (?pagina=, ?por_pagina= hasta 500)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False

# --- Rich text (CKEditor 5) ---------------------------------------------------------------------
# The editor uploads images to our own view, never to the package's (which asks for is_staff and
# stores files under MEDIA_URL, which serves nothing): whoever may write releases may upload
# (communications.permissions), images are checked by content, stored under a generated name and
# served at /noticias/imagenes/ (public, like the releases they illustrate).
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "communications:image-upload"
CKEDITOR_5_ALLOW_ALL_FILE_TYPES = False
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "webp"]
CKEDITOR_5_CONFIGS = {
    "default": {
        "licenseKey": "GPL",
        "language": "es",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "insertTable",
                "|",
                "undo",
                "redo",
            ]
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Párrafo", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Título 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Título 3", "class": "ck-heading_heading3"},
            ]
        },
    },
}
# Press releases: the same editor with an image button (uploads go to the view above).
CKEDITOR_5_CONFIGS["release"] = {
    **CKEDITOR_5_CONFIGS["default"],
    "toolbar": {
        "items": [
            "heading",
            "|",
            "bold",
            "italic",
            "link",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "insertTable",
            "imageUpload",
            "|",
            "undo",
            "redo",
        ]
    },
    "image": {"toolbar": ["imageTextAlternative"]},
}

# --- Gabinete -----------------------------------------------------------------------------------
MUNICIPALITY_NAME = "Municipalidad de Antofagasta"
OFFICE_NAME = "Dirección de Gabinete de Alcaldía"
# Who receives each report by e-mail is kept in the intranet (Listas de distribución, gabinete.lists).
# Send the daily briefing to its list by itself at 07:30 on business days (PERIODIC_TASKS); off by default.
BRIEFING_AUTO_SEND = env.bool("BRIEFING_AUTO_SEND", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # httpx logs every request of the archive's fetcher at INFO: the sources' pages keep their own state.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}, "httpx": {"level": "WARNING"}},
}
