"""Settings for the candidate pipeline.

Every value that differs between a laptop and production comes from the environment.
The defaults are for development: SQLite, a filesystem Celery broker, email printed to
the console. With ``DJANGO_DEBUG=0`` the secret key and allowed hosts must be given and
the security settings switch on (``manage.py check --deploy`` is clean).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rfs.conf.audit import AUDITED_FIELDS
from rfs.conf.email import provider_settings
from rfs.conf.env import env_bool, env_list
from rfs.conf.logs import logging_config

# The product's limits and timings (RFS_MIN_SIGNUP_AGE, RFS_ENDORSEMENT_*, ...), one place.
from rfs.conf.product import *  # noqa: F403
from rfs.conf.schedule import BEAT_SCHEDULE
from rfs.conf.security import NO_DEVICE_FEATURES
from rfs.storage import public_media_origins, upload_storages

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("RFS_VAR_DIR", BASE_DIR / "var"))


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production-3f9a1c7e5b2d8f4a6c0e"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The public address: every link in every email (the platform's and allauth's) is built
# from it, so an email opens where the person signed in and their session cookie applies.
# `make run` sets it to the address it prints; production must say it (no guessed default).
SITE_URL = os.environ.get("RFS_SITE_URL", "http://localhost:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured("RFS_SITE_URL must be set when DJANGO_DEBUG is off.")
SITE_NAME = os.environ.get("RFS_SITE_NAME", "Run for Something")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_celery_beat",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "csp",
    # Email providers' APIs and their bounce/complaint webhooks (RFS_EMAIL_PROVIDER below).
    "anymail",
    # Field-level change history of the sensitive models (AUDITLOG_INCLUDE_TRACKING_MODELS).
    "auditlog",
    "rfs",
    "candidates",
    "endorsements",
    "mentorship",
    "resources",
    "insights",
    "workplace",
]

MIDDLEWARE = [
    # First, so request latency by view (/metrics, rfs/metrics.py) covers every layer.
    "rfs.metrics.RequestLatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's saved language wins over the cookie and the browser's.
    "rfs.middleware.PersonLanguageMiddleware",
    # Keeps who is asking and from which address for the audit trail (rfs/audit.py).
    "rfs.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "rfs.middleware.TimezoneMiddleware",
    "rfs.middleware.RequireTwoFactorMiddleware",
    "candidates.middleware.CampaignMiddleware",
]

ROOT_URLCONF = "rfs.urls"
WSGI_APPLICATION = "rfs.wsgi.application"
ASGI_APPLICATION = "rfs.asgi.application"
SITE_ID = 1

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
                "django.template.context_processors.i18n",
                "rfs.context_processors.navigation",
                "workplace.context_processors.inbox_count",
            ],
            # ``|day:"long_date"``: dates in the shape of the active language (rfs/dates.py).
            "builtins": ["rfs.templatetags.rfs_dates"],
        },
    },
]

# --- Data -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default (`make run`): web, worker and beat write to one file at once.
    # A transaction that starts reading and later writes cannot take the write lock while
    # another writer holds it, and SQLite answers "database is locked" at once instead of
    # waiting. IMMEDIATE takes the write lock when the transaction begins, so writers
    # queue (up to "timeout" seconds); WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("RFS_SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    } | DATABASES["default"].get("OPTIONS", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Short socket timeouts and the fallback of rfs.cache: a Redis that is down or hangs
    # slows pages down rather than failing them.
    CACHES = {
        "default": {
            "BACKEND": "rfs.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- People -----------------------------------------------------------------------------

AUTH_USER_MODEL = "rfs.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: passwordless signup, email verified by code, login by emailed code
# (checked in ENVIRONMENT.md). People may add a password later.
ACCOUNT_ADAPTER = "rfs.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
# allauth's rate limits stay on (its defaults); the admin's login page is allauth's, so
# the same limits throttle it.
# allauth's rate limits stay on with its defaults; the admin's login page is allauth's,
# so the same limits throttle it. Only the benchmark profile turns them off.
if not env_bool("RFS_RATE_LIMITS", True):
    ACCOUNT_RATE_LIMITS = False

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Staff, directors and committee members see personal data: they must turn on
# two-factor authentication first. A local demo may switch this off.
RFS_REQUIRE_MFA_FOR_PRIVILEGED = env_bool("RFS_REQUIRE_MFA", True)

# --- Pages ------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Spanish numbers as written in the US, ISO date inputs (rfs/formats/es); dates: rfs/dates.py.
FORMAT_MODULE_PATH = ["rfs.formats"]
TIME_ZONE = "UTC"
USE_TZ = True
# Shown to people who have not chosen a time zone yet.
RFS_DEFAULT_USER_TIME_ZONE = "America/New_York"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads: public ones (resource files, endorsed candidates' photos) under MEDIA_URL, and
# private ones (filing evidence), served only by views that check permission. Both on the
# local filesystem by default, or in an S3-compatible bucket with RFS_STORAGE=s3
# (rfs/storage.py; README.md, "Configuration").
MEDIA_ROOT = Path(os.environ.get("RFS_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
RFS_PRIVATE_ROOT = Path(os.environ.get("RFS_PRIVATE_ROOT", VAR_DIR / "private"))
try:
    _UPLOAD_STORAGES = upload_storages(
        os.environ, private_root=RFS_PRIVATE_ROOT, media_url=MEDIA_URL
    )
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
STORAGES = {
    **_UPLOAD_STORAGES,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Development serves files straight from the apps; production serves collected files.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Security ---------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions are read from the cache (Redis) and written to both: one query less on every
# signed-in page. A Redis that is down reads as a miss (rfs.cache), so the database answers.
# rfs.sessions is Django's cached_db with two round trips less per new session.
SESSION_ENGINE = "rfs.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The health check is probed over plain HTTP inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Preload puts the domain on browsers' built-in HTTPS-only list, which takes months to
# undo: an operator opts in knowingly (DJANGO_HSTS_PRELOAD=1), never by default.
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0 and env_bool("DJANGO_HSTS_PRELOAD", False)
# security.W021 asks for preload; leaving it off is the choice above, not an oversight.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front append to X-Forwarded-For: the client's address is
# the entry that many places from the end (rfs.net.client_address). 0, the default,
# ignores the header, so without a proxy nobody can choose their address by sending it;
# docker-compose sets 1 (its TLS proxy). allauth's rate limits and the audit trail key on
# this address.
RFS_TRUSTED_PROXY_COUNT = int(os.environ.get("RFS_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = RFS_TRUSTED_PROXY_COUNT

# No page here uses the camera, microphone, location, payments or other device features:
# the browser refuses them to our pages and to anything a page might embed.
PERMISSIONS_POLICY = NO_DEVICE_FEATURES

# No inline scripts or styles anywhere; Bootstrap and our own files come from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *public_media_origins(os.environ)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Where to report a vulnerability: an email address or an https:// page, shown at
# /.well-known/security.txt and in docs/security.md. Empty: no security.txt (404).
RFS_SECURITY_CONTACT = os.environ.get("RFS_SECURITY_CONTACT", "").strip()

# --- Audit trail ------------------------------------------------------------------------
# Our own rows (rfs.audit.audit_record) record who saw whose data; django-auditlog records
# which fields of these models changed. Personal values are masked as "(changed)": the log
# says that a phone number changed and who changed it, not the number. An erasure scrubs
# the rest (rfs.audit.audit_forget_person).
AUDITLOG_MASK_CALLABLE = "rfs.audit.mask_personal_value"
AUDITLOG_INCLUDE_TRACKING_MODELS = AUDITED_FIELDS

# --- Email ------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Run for Something <hello@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How many times the outbox tries one message before it gives up and marks it failed.
RFS_EMAIL_MAX_ATTEMPTS = int(os.environ.get("RFS_EMAIL_MAX_ATTEMPTS", "8"))

# smtp (the EMAIL_* settings above), or a provider's API through django-anymail, whose
# signed webhooks (/email/events/<provider>/) report bounces and complaints
# (rfs/services/suppression.py). Keys from the environment, never the repository.
RFS_EMAIL_PROVIDER = os.environ.get("RFS_EMAIL_PROVIDER", "smtp").strip().lower()
EMAIL_BACKEND, ANYMAIL = provider_settings(RFS_EMAIL_PROVIDER, EMAIL_BACKEND, os.environ)

# --- Background work --------------------------------------------------------------------

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
# A Redis that accepts connections but never answers must not hold a web request: without
# socket timeouts a publish waits forever. With these a signup gives up on a frozen Redis
# within about 5 s (the worker's BRPOP runs on kombu's event loop and is not affected).
# Each transport ignores the other transport's options.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport needs its folders before the worker starts.
    _broker_dir = VAR_DIR / "celery"
    (_broker_dir / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(_broker_dir / "control"),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = "UTC"
# django-celery-beat's database scheduler, retrying entries it cannot write at startup.
CELERY_BEAT_SCHEDULER = "rfs.beat:DatabaseScheduler"
# Publishing gives up quickly when the broker is down: the outbox row is already saved
# and the sweep below sends it once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}

# The whole beat schedule, in one place: rfs/conf/schedule.py.
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# /healthz reports the outbox sweep as stale when it has not run for this long, once the
# web process has been up for the grace period (beat and the worker start alongside it).
RFS_SWEEP_STALE_SECONDS = int(os.environ.get("RFS_SWEEP_STALE_SECONDS", "180"))
RFS_SWEEP_STARTUP_GRACE_SECONDS = int(os.environ.get("RFS_SWEEP_STARTUP_GRACE_SECONDS", "180"))

# /metrics (Prometheus) answers only "Authorization: Bearer <this>"; unset, it is a 404.
# Under gunicorn, PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py) sums the workers' figures.
RFS_METRICS_TOKEN = os.environ.get("RFS_METRICS_TOKEN", "")

# --- Product settings (rfs/conf/product.py) ---------------------------------------------

LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"))

ACCOUNT_SIGNUP_FORM_CLASS = "candidates.forms.SignupForm"
ACCOUNT_FORMS = {"login": "rfs.forms.LoginForm"}
