"""CutisCase settings: one module, configured by environment variables.

Development defaults work with nothing set (SQLite under var/, console e-mail).
With DJANGO_DEBUG=0 the secrets and hosts must come from the environment; the
variables are listed in the README.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CLINIC_VAR_DIR", BASE_DIR / "var"))


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG=0) needs a long random "
            "secret key, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # Development only: a fixed key keeps sessions across restarts of runserver.
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-" + "x" * 20

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set. Production needs the site's host names, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    # Two-factor authentication (clinic.accounts.two_factor): authenticator apps (TOTP) and
    # single-use recovery codes (static). Before clinic.accounts, whose admin hides theirs.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "clinic.accounts",
    "clinic.sites",
    "clinic.patients",
    "cases",
    "clinic.scheduling",
    "clinic.portal",
    "clinic.demo",
    "clinic.backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the two-factor code step
    # (django-otp's OTPMiddleware, the device from the shared cache).
    "clinic.accounts.two_factor.CachedDeviceOTPMiddleware",
    # Fail closed: every view needs a login unless it says @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff idle timeout and no-store on every logged-in response.
    "clinic.accounts.middleware.StaffSessionMiddleware",
    # request.site: the clinic site this staff session looks at (clinic.sites.current).
    "clinic.sites.current.CurrentSiteMiddleware",
    # Staff with an authenticator give its code, and staff who must have one enrol,
    # before any other page (clinic.accounts.two_factor).
    "clinic.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "clinic" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.clinic",
                "clinic.context_processors.urgent_reports",
                "clinic.accounts.context_processors.two_factor",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (production) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'cutiscase.sqlite3'}",
        conn_max_age=env_int("DJANGO_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Several app servers: either psycopg's pool in each process, or PgBouncer in
    # transaction mode in front of PostgreSQL (then no pool here and no server-side
    # cursors, which a transaction pooler cannot keep). See docs/operations.md.
    if env_bool("CLINIC_DB_POOL", False):
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections; Django must not
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("CLINIC_DB_POOL_MIN_SIZE", 2),
            "max_size": env_int("CLINIC_DB_POOL_MAX_SIZE", 10),
            "timeout": env_int("CLINIC_DB_POOL_TIMEOUT", 10),
        }
    if env_bool("CLINIC_DB_PGBOUNCER", False):
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        if env_bool("CLINIC_DB_POOL", False):
            raise ImproperlyConfigured(
                "CLINIC_DB_POOL and CLINIC_DB_PGBOUNCER exclude each other: PgBouncer is the pool."
            )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
        # at the start of a transaction so check-then-insert (bookings) is atomic.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with each user's roles and permissions in the cache (clinic.accounts.rights)
    "clinic.accounts.rights.CachedPermissionsBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling: lock the (address, e-mail) pair, not the address alone, because a
# whole clinic often shares one public address and must not lock itself out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The login form field is called "username" even though it holds the e-mail address.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Abuse limits kept as counters in this cache (clinic.accounts.throttle): failed logins per
# account across all addresses (ASVS 2.2.1: at most 100 an hour; a password reset lifts
# it), and password-reset requests per client address and per account, each per hour.
CLINIC_THROTTLE_CACHE = env_str("CLINIC_THROTTLE_CACHE", "default")
CLINIC_LOGIN_FAILURES_PER_ACCOUNT_HOUR = env_int("CLINIC_LOGIN_FAILURES_PER_ACCOUNT_HOUR", 100)
CLINIC_PASSWORD_RESETS_PER_ADDRESS_HOUR = env_int("CLINIC_PASSWORD_RESETS_PER_ADDRESS_HOUR", 10)
CLINIC_PASSWORD_RESETS_PER_ACCOUNT_HOUR = env_int("CLINIC_PASSWORD_RESETS_PER_ACCOUNT_HOUR", 3)

# Two-factor authentication: required for the administrator in production (DEBUG off), and
# for vets and reception when the clinic turns it on. Anyone on the staff may opt in, and
# whoever has an authenticator is always asked for its code. Wrong codes are slowed down by
# django-otp (1 s, 2 s, 4 s … after each failure) and capped per account per hour.
CLINIC_ADMIN_TWO_FACTOR_REQUIRED = env_bool("CLINIC_ADMIN_TWO_FACTOR_REQUIRED", not DEBUG)
CLINIC_STAFF_TWO_FACTOR_REQUIRED = env_bool("CLINIC_STAFF_TWO_FACTOR_REQUIRED", False)
CLINIC_TWO_FACTOR_FAILURES_PER_HOUR = env_int("CLINIC_TWO_FACTOR_FAILURES_PER_HOUR", 20)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("CLINIC_TIME_ZONE", "Europe/London")
USE_I18N = True
# One date format everywhere ("1 Dec 2026", 24-hour times): clinic/formats/.
FORMAT_MODULE_PATH = ["clinic.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Uploaded clinical files are private: stored outside the web root and never given a
# public URL; views serve them after an access check (clinic.lib.uploads).
MEDIA_ROOT = Path(env_str("CLINIC_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private-media")))
# CLINIC_STORAGE=s3 keeps them in a private S3 bucket instead, so every app server reads
# the same files; they are still streamed by those views (never a bucket URL), so the bucket
# needs no public access and no browser ever talks to it.
CLINIC_STORAGE = env_str("CLINIC_STORAGE", "filesystem")
if CLINIC_STORAGE == "filesystem":
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
elif CLINIC_STORAGE == "s3":
    if not env_str("CLINIC_S3_BUCKET"):
        raise ImproperlyConfigured("CLINIC_STORAGE=s3 needs CLINIC_S3_BUCKET (the bucket name).")
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("CLINIC_S3_BUCKET"),
            "location": env_str("CLINIC_S3_PREFIX"),
            # Empty: AWS itself; otherwise an S3-compatible server (SeaweedFS, MinIO, Ceph).
            "endpoint_url": env_str("CLINIC_S3_ENDPOINT_URL") or None,
            "region_name": env_str("CLINIC_S3_REGION") or None,
            "addressing_style": env_str("CLINIC_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            # Empty: boto3 finds credentials itself (instance role, ~/.aws).
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            # Private objects (the bucket owner's), never overwritten (names are random),
            # and any URL ever made is signed and short-lived.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
else:
    raise ImproperlyConfigured(f"CLINIC_STORAGE must be filesystem or s3, not {CLINIC_STORAGE!r}.")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
MAX_UPLOAD_BYTES = env_int("CLINIC_MAX_UPLOAD_MB", 15) * 1024 * 1024
MAX_IMAGE_PIXELS = env_int("CLINIC_MAX_IMAGE_MEGAPIXELS", 40) * 1_000_000
# All images of one form together (decoded pixels; DICOM counts frames × samples too).
MAX_REQUEST_IMAGE_PIXELS = env_int("CLINIC_MAX_REQUEST_MEGAPIXELS", 120) * 1_000_000
# The owner portal is open to every client: lower limits (a phone photo is usually 12 MP).
PORTAL_MAX_UPLOAD_BYTES = env_int("CLINIC_PORTAL_MAX_UPLOAD_MB", 10) * 1024 * 1024
PORTAL_MAX_IMAGE_PIXELS = env_int("CLINIC_PORTAL_MAX_IMAGE_MEGAPIXELS", 25) * 1_000_000
PORTAL_MAX_REQUEST_IMAGE_PIXELS = env_int("CLINIC_PORTAL_MAX_REQUEST_MEGAPIXELS", 75) * 1_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Cache: shared by every app server through Redis when CLINIC_CACHE_URL is set (clinical
# settings, reference lists, rate limits); this process's memory otherwise. Sessions are
# kept in the database, which every node shares; with the shared cache, in the database with
# the cache in front (a page reads its session from Redis, a change writes both, a Redis
# restart logs nobody out). A per-process cache must not front them: a logout in one worker
# would leave the session open in another's memory.
CLINIC_CACHE_URL = env_str("CLINIC_CACHE_URL")
if CLINIC_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLINIC_CACHE_URL,
            "KEY_PREFIX": env_str("CLINIC_CACHE_KEY_PREFIX", "cutiscase"),
            "TIMEOUT": 300,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if CLINIC_CACHE_URL
    else "django.contrib.sessions.backends.db"
)
# How long a user's cached roles and permissions live. A change drops them in the shared
# cache at once; this process's memory cache is not shared, so other worker processes see
# a change only when their entry expires: keep that short.
CLINIC_RIGHTS_CACHE_SECONDS = env_int(
    "CLINIC_RIGHTS_CACHE_SECONDS", 3600 if CLINIC_CACHE_URL else 30
)

# E-mail: the console in development, SMTP in production.
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CutisCase <clinic@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Clinic administrator", addr) for addr in env_list("DJANGO_ADMIN_EMAILS")]

# The first clinic site's details: they seed it once (clinic.sites migration 0002); after
# that each site's name, phone, e-mail and address are edited in the admin (Clinic sites).
CLINIC_NAME = env_str("CLINIC_NAME", "Riverside Veterinary Dermatology")
CLINIC_PHONE = env_str("CLINIC_PHONE", "+44 20 7946 0000")
CLINIC_EMAIL = env_str("CLINIC_EMAIL", "reception@example.com")
CLINIC_ADDRESS = env_str("CLINIC_ADDRESS", "12 River Lane, London SE1 9XX")
CLINIC_PHONE_REGION = env_str("CLINIC_PHONE_REGION", "GB")
# The name authenticator apps show next to the staff member's e-mail address.
OTP_TOTP_ISSUER = CLINIC_NAME
# Where the clinic's site is reached: every link in an e-mail or calendar subscription is
# built from it (clinic.lib.site), never from the request's Host header.
CLINIC_SITE_URL = env_str(
    "CLINIC_SITE_URL",
    "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0]}",
)

# Content Security Policy: only our own origin; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's CSS draws its form icons as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_HOURS", 12) * 3600
# Staff (not owners) are logged out after this long without a request: shared computers.
CLINIC_STAFF_IDLE_MINUTES = env_int("CLINIC_STAFF_IDLE_MINUTES", 30)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Scheduling (clinic.scheduling): reminders go out this many hours before a visit; the
# follow-ups worklist shows what falls due up to this many days ahead; text messages go
# through this sender (console in development; a gateway class in production).
CLINIC_REMINDER_HOURS = env_int("CLINIC_REMINDER_HOURS", 24)
CLINIC_FOLLOW_UP_HORIZON_DAYS = env_int("CLINIC_FOLLOW_UP_HORIZON_DAYS", 14)
# How long reception may undo a check-in, no-show or cancellation (a slip of the mouse).
CLINIC_UNDO_MINUTES = env_int("CLINIC_UNDO_MINUTES", 10)
CLINIC_SMS_BACKEND = env_str("CLINIC_SMS_BACKEND", "clinic.lib.sms.ConsoleSmsBackend")
# Background tasks (django-tasks): the database queue; `manage.py db_worker` runs it.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Periodic jobs: `manage.py run_scheduler` (on any number of nodes) queues each once per
# interval for the workers (clinic.jobs).
INSTALLED_APPS += ["clinic.jobs"]
CLINIC_PERIODIC_JOBS = {
    "send_reminders": {
        "task": "clinic.scheduling.tasks.send_reminders",
        "every_minutes": env_int("CLINIC_REMINDER_INTERVAL_MINUTES", 15),
    },
    "delete_expired_exports": {
        "task": "clinic.portal.privacy.delete_expired_exports",
        "every_minutes": 60,
    },
}

# Owner portal: how long an invitation link works (days).
CLINIC_INVITATION_DAYS = env_int("CLINIC_INVITATION_DAYS", 7)
# Owner portal: how long a prepared "download my data" zip is kept (days).
CLINIC_EXPORT_DAYS = env_int("CLINIC_EXPORT_DAYS", 7)
