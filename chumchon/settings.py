"""Django settings for Chumchon, read from the environment (see README.md, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

from chumchon.core.env import ConfigurationError, database_from_url, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


def _leaflet_dir() -> str:
    """Leaflet's JS and CSS from the xstatic-leaflet package, served by us (no CDN)."""
    import xstatic.pkg.leaflet

    return str(xstatic.pkg.leaflet.BASE_DIR)


VAR_DIR = Path(os.environ.get("CHUMCHON_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigurationError(
            "SECRET_KEY is not set and DEBUG=0: set SECRET_KEY to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105 (development only)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.line",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "template_partials",
    "rest_framework",
    "django_filters",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "chumchon.core",
    "chumchon.accounts",
    "chumchon.notifications",
    "chumchon.places",
    "chumchon.catalog",
    "chumchon.search",
    "chumchon.inquiries",
    "chumchon.bookings",
    "chumchon.reviews",
    "chumchon.trips",
    "chumchon.knowledge",
    "chumchon.programmes",
    "chumchon.matching",
    "chumchon.impact",
    "chumchon.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "chumchon.core.middleware.ClearSiteDataOnSignOutMiddleware",
    "csp.middleware.CSPMiddleware",
    "chumchon.core.middleware.PermissionsPolicyMiddleware",
    "chumchon.core.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "chumchon.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chumchon.core.middleware.ResumeFormAfterSignInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "chumchon.core.middleware.OfficerTwoFactorMiddleware",
    "chumchon.accounts.middleware.ReconsentMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "chumchon.urls"
WSGI_APPLICATION = "chumchon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "chumchon" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "chumchon.core.context_processors.site",
            ],
            "builtins": ["chumchon.core.templatetags.thai"],
        },
    }
]

# Database: SQLite (WAL) under var/ by default; PostgreSQL through DATABASE_URL.
DEFAULT_SQLITE_PATH = str(VAR_DIR / "chumchon.sqlite3")
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # git-ignored, so absent from a fresh clone
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"), sqlite_default_path=DEFAULT_SQLITE_PATH
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigurationError(f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering fails a request in seconds instead of holding it.
            "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Without Redis, a cache that every process of the machine shares (gunicorn's workers, the task
    # worker), so a rate limit counts once and not once per process: files under var/cache. Not
    # Django's database cache: on SQLite its writes would wait on an import's write lock, and an
    # import's progress (core/progress.py), written inside the import's transaction, would stay
    # invisible until its end. Several machines share a cache only through REDIS_URL.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CHUMCHON_CACHE_DIR", str(VAR_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "accounts:profile"
LOGIN_URL = "account_login"

# django-allauth: e-mail is the login, verified before first use; failed logins are rate limited.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "chumchon.accounts.forms.SignupForm"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "chumchon.accounts.adapter.AccountAdapter"
# Failed logins: per account with growing waits (chumchon.accounts.adapter), and per network only
# at a far higher threshold, so that one person's typos cannot lock out a village on one Wi-Fi.
# "login" (every login POST) is raised from allauth's 30/m/ip for the same reason: a whole
# workshop signs in from one address at once.
ACCOUNT_RATE_LIMITS = {
    "login": "120/m/ip",
    "login_failed": "100/15m/ip",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Chumchon] "
# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) with recovery codes. Officers
# must set it up before they use officer pages (chumchon.core.middleware.OfficerTwoFactorMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Chumchon"
OFFICER_MFA_REQUIRED = env_bool("OFFICER_MFA_REQUIRED", True)

# Sign in with LINE (LINE Login channel), only when its channel ID and secret are set: without them
# the sign-in and sign-up pages show no LINE button. LINE checks the e-mail addresses it gives out;
# the sign-up form still asks for a name, a role and consent to the privacy notice (no auto sign-up).
# LINE_LOGIN_API_URL and LINE_ACCESS_URL point elsewhere only for tests (a local fake LINE).
LINE_LOGIN_CHANNEL_ID = os.environ.get("LINE_LOGIN_CHANNEL_ID", "")
LINE_LOGIN_CHANNEL_SECRET = os.environ.get("LINE_LOGIN_CHANNEL_SECRET", "")
LINE_LOGIN_API_URL = os.environ.get("LINE_LOGIN_API_URL", "https://api.line.me")
LINE_ACCESS_URL = os.environ.get("LINE_ACCESS_URL", "https://access.line.me")
SOCIALACCOUNT_PROVIDERS = {
    "line": {
        "provider_class": "chumchon.accounts.line_login.provider.LineProvider",
        "APPS": (
            [{"client_id": LINE_LOGIN_CHANNEL_ID, "secret": LINE_LOGIN_CHANNEL_SECRET}]
            if LINE_LOGIN_CHANNEL_ID and LINE_LOGIN_CHANNEL_SECRET
            else []
        ),
        "SCOPE": ["profile", "openid", "email"],
        "VERIFIED_EMAIL": True,
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # an e-mail from LINE never takes over an existing account
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# E-mail: printed to the console unless an SMTP server is configured. Every message goes through the
# task worker (chumchon/core/mail.py); the EMAIL_BACKEND environment variable names the backend the
# worker sends with.
EMAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_BACKEND = "chumchon.core.mail.WorkerEmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a mail server that does not answer fails the delivery (a hanging SMTP server would
# otherwise hold a task worker forever).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Chumchon <noreply@chumchon.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation: Thai is the default (unprefixed URLs); English lives under /en/.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "chumchon" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "chumchon" / "static", ("leaflet", _leaflet_dir())]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Whitenoise serves static files straight from the apps in development and tests (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Background work: tasks are rows in the database, run by `manage.py db_worker` processes (`make run`
# starts one). The tests switch to the immediate backend in conftest.py, except the worker tests.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A job whose worker has been silent this long is reported failed (an import: seconds without a
# heartbeat; an optimiser run: beyond its own time limit, as the LP solver holds the worker).
JOB_STALLED_AFTER_SECONDS = env_int("JOB_STALLED_AFTER_SECONDS", 60)
MATCHING_RUN_STALE_SECONDS = env_int("MATCHING_RUN_STALE_SECONDS", 30)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "chumchon.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "chumchon.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "chumchon.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "chumchon.api.throttling.WriteRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min", "write": "60/min"},
    "EXCEPTION_HANDLER": "chumchon.core.api_errors.exception_handler",
    # JSON bodies with bounds on depth and numbers, and no NUL characters (chumchon/core/json_bounds.py).
    "DEFAULT_PARSER_CLASSES": [
        "chumchon.core.json_bounds.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chumchon API",
    "DESCRIPTION": "Communities, places, the catalog, direct contact, business-matching events, knowledge and impact figures of Chumchon.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for a choice set that several serializers use.
    "ENUM_NAME_OVERRIDES": {
        "SideEnum": "chumchon.inquiries.models.Side",
        "MeetingPriorityEnum": "chumchon.matching.models.Priority",
    },
}

# Content-Security-Policy (django-csp): scripts and styles only from the site's own files, or inline
# with the response's nonce (`<script nonce="{{ request.csp_nonce }}">`): no 'unsafe-inline' for
# either; no inline event handlers (onclick=...) or style attributes in pages (e-mails and PDFs are
# not pages). Images may be data: URIs (Leaflet's CSS) and map tiles from MAP_TILE_URL's host.
_tiles = urlsplit(os.environ.get("MAP_TILE_URL", ""))
_tile_hosts = [f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"] if _tiles.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src": [csp_constants.SELF, csp_constants.NONCE],
        "img-src": [csp_constants.SELF, "data:", *_tile_hosts],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "worker-src": [csp_constants.SELF],
        "manifest-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    }
}
# Browser features: location for "near me" and a community's proposal, the camera for payment slips and
# the check-in scanner; nothing else.
PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(self), microphone=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), interest-cohort=()"
)

# Security: safe defaults in production; `manage.py check --deploy` is clean with DEBUG=0.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer's health check comes over plain HTTP, straight to the machine.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SILENCED_SYSTEM_CHECKS: list[str] = []

# Map tiles for route maps, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (respect the tile
# server's usage policy). Empty: maps draw the stops and the route line without a background.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")  # its host is allowed in CONTENT_SECURITY_POLICY
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors" if MAP_TILE_URL else "")

# Direct contact: absolute links in notifications, private attachments, LINE Messaging API.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
LINE_NOTIFICATIONS_ENABLED = env_bool("LINE_NOTIFICATIONS_ENABLED", False)
LINE_CHANNEL_ACCESS_TOKEN = os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", "")
LINE_MESSAGING_API_URL = os.environ.get("LINE_MESSAGING_API_URL", "https://api.line.me/v2/bot/message/push")
# Linking a person's LINE to their notifications (docs/notifications.md, "LINE"): the official
# account's ID as people search for it ("@chumchon"), the Messaging API channel's secret (which
# signs what LINE posts to /line/webhook/), and where replies go.
LINE_OFFICIAL_ACCOUNT_ID = os.environ.get("LINE_OFFICIAL_ACCOUNT_ID", "")
LINE_CHANNEL_SECRET = os.environ.get("LINE_CHANNEL_SECRET", "")
LINE_REPLY_API_URL = os.environ.get("LINE_REPLY_API_URL", "https://api.line.me/v2/bot/message/reply")

# Version of the privacy notice people consent to (PDPA); bump it when the text changes, and every
# signed-in person who accepted an older version is asked to accept this one before any other page
# (chumchon.accounts.middleware.ReconsentMiddleware).
PRIVACY_NOTICE_VERSION = "2026-11"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
