"""Settings for orglife, read from the environment.

Every variable is listed in `.env.example`. The helpers below fail loudly on a
value they cannot understand, so a typo stops the process at start-up instead of
running with a silently different configuration.
"""

import importlib.util
import ipaddress
import os
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off).")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str | None, *, base_dir: Path) -> dict:
    """The DATABASES["default"] entry for DATABASE_URL; a SQLite file under var/ without it."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": base_dir / "var" / "orglife.sqlite3",
            # Tests on SQLite use a file too: an in-memory database is shared between the
            # live server's threads in shared-cache mode, where a reader that meets a
            # writer fails at once ("database table is locked") instead of waiting.
            "TEST": {"NAME": base_dir / "var" / "test.sqlite3"},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several unrelated types
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from exc
    engine = config.get("ENGINE")
    if engine not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured(f"DATABASE_URL uses {engine!r}; orglife supports postgres://… and sqlite:///… only.")
    if engine == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database (postgres://user@host:5432/NAME).")
    return config


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set unless DEBUG=1 (see .env.example).")
    SECRET_KEY = "insecure-development-key-only-for-debug"
# Earlier keys after a rotation: sessions, signed tokens and the sealed anonymous
# opinions still waiting for their batch (orglife.common.sealed) open with them.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks.backends.database",
    "orglife.apps.OrglifeConfig",
]

MIDDLEWARE = [
    "orglife.common.middleware.ContentSecurityPolicyMiddleware",
    # Before anything that reads the body (CSRF, sessions' POST, views).
    "orglife.common.middleware.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view asks for a login unless marked @login_not_required (the public
    # opinion form and its thanks page, the welcome page, login, logout, /healthz).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "orglife.urls"
WSGI_APPLICATION = "orglife.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"), base_dir=BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orglife.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "orglife" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
# Rectification evidence (orglife.rectification.evidence): files stay private, read
# only through the evidence view. The file system under var/evidence by default;
# with EVIDENCE_S3_BUCKET an S3-compatible bucket through django-storages (install
# django-storages[s3]==1.14.6), never with public URLs.
EVIDENCE_S3_BUCKET = os.environ.get("EVIDENCE_S3_BUCKET", "").strip()
if EVIDENCE_S3_BUCKET:
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "EVIDENCE_S3_BUCKET is set but django-storages is not installed: pip install 'django-storages[s3]==1.14.6'."
        )
    EVIDENCE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": EVIDENCE_S3_BUCKET,
            "endpoint_url": os.environ.get("EVIDENCE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("EVIDENCE_S3_REGION") or None,
            "access_key": os.environ.get("EVIDENCE_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("EVIDENCE_S3_SECRET_KEY") or None,
            "location": "orglife",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    EVIDENCE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(BASE_DIR / "var" / "evidence"), "base_url": None},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "evidence": EVIDENCE_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Bulk exports (orglife.dashboard.jobs) are written through this storage and kept a day.
# Several machines need a shared one: a shared folder here, or an S3-compatible
# backend (django-storages) in its place.
STORAGES["exports"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": os.environ.get("ORGLIFE_EXPORT_DIR") or str(BASE_DIR / "var" / "exports")},
}

# Background jobs (django-tasks, database backend): `python manage.py run_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# The templates hold no inline script or style (htmx's own indicator style is turned
# off in templates/base.html), so nothing needs 'unsafe-inline' or 'unsafe-eval'.
# Sent by orglife.common.middleware.ContentSecurityPolicyMiddleware.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Printing (orglife.printing). The official fonts are not free: a deployment
# copies them into this folder (any file names; they are recognised by the family
# names inside). Without them the print falls back to the free Noto and AR PL fonts.
def env_dir(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    path = Path(raw.strip()).expanduser()
    if not path.is_dir():
        raise ImproperlyConfigured(f"{name}={raw!r} is not a directory.")
    return path


ORGLIFE_FONT_DIR = env_dir("ORGLIFE_FONT_DIR", BASE_DIR / "var" / "fonts")

# Rendered PDFs, keyed by their content. A file cache lets every gunicorn worker
# reuse a PDF another one rendered; the default cache stays in memory.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "print": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("ORGLIFE_PRINT_CACHE_DIR") or str(BASE_DIR / "var" / "cache" / "print"),
        "TIMEOUT": 30 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}


# Opinion collection (orglife.opinions.views). The public form counts posts per
# hashed client IP in the "shared" cache, which also says who has a material open in
# the editor. Several gunicorn workers share them only through Redis; LocMemCache
# keeps them per process (development, tests). The default allows a meeting hall
# on one Wi-Fi (one public address) to submit together.
def env_rate(name: str, default: str) -> tuple[int, int] | None:
    """`N/SECONDS` (at most N posts per SECONDS per client), or `off` for no limit."""
    raw = os.environ.get(name, default).strip().lower()
    if raw in ("off", "0"):
        return None
    count, _, seconds = raw.partition("/")
    if not (count.isdigit() and seconds.isdigit() and int(count) > 0 and int(seconds) > 0):
        raise ImproperlyConfigured(f"{name}={raw!r} is not N/SECONDS (e.g. 5/60) or off.")
    return int(count), int(seconds)


REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} is not a redis://, rediss:// or unix:// URL.")
CACHES["shared"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"}
)
if REDIS_URL:  # app servers on several machines share rendered PDFs through Redis too
    CACHES["print"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "orglife:print",
        "TIMEOUT": 7 * 24 * 3600,
    }
OPINION_RATE_LIMIT = env_rate("OPINION_RATE_LIMIT", "20/60")
# Failed logins (orglife.orgs.auth), counted in the same store: per account, and per client
# address (a meeting hall on one Wi-Fi logs in from one address). Past either limit,
# logins are refused until the window ends, the right password included.
LOGIN_RATE_LIMIT = env_rate("LOGIN_RATE_LIMIT", "5/300")
LOGIN_ADDRESS_RATE_LIMIT = env_rate("LOGIN_ADDRESS_RATE_LIMIT", "30/300")


def env_count(name: str, default: int = 0) -> int:
    """A whole number, 0 or more."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number (0, 1, 2, …).")
    return int(raw)


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or networks (10.0.0.0/8, ::1), normalised to networks."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            message = f"{name}: {item!r} is not an IP address or network (10.0.0.1, 10.0.0.0/8)."
            raise ImproperlyConfigured(message) from None
    return networks


# How many reverse proxies (nginx, a load balancer) stand in front of the app and
# append to X-Forwarded-For, and the addresses they connect from. The header is
# believed only from those addresses: an app server that can also be reached
# directly would otherwise let any client choose its own address. 0: the client is
# REMOTE_ADDR and the header is ignored.
TRUSTED_PROXY_COUNT = env_count("TRUSTED_PROXY_COUNT")
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
if TRUSTED_PROXY_COUNT and not TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} needs TRUSTED_PROXIES, the addresses the proxies connect from "
        "(127.0.0.1 for nginx on this host)."
    )

# HTTPS. In production (DEBUG=0) plain-HTTP requests are redirected and browsers are
# told to use HTTPS only (HSTS, a year by default); /healthz answers over HTTP for
# load balancers. Behind proxies, a request is HTTPS when the proxy says so in
# X-Forwarded-Proto (nginx: proxy_set_header X-Forwarded-Proto $scheme;).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_count("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", bool(SECURE_HSTS_SECONDS))
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", bool(SECURE_HSTS_SECONDS))
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def env_admins(name: str) -> list[tuple[str, str]]:
    """Comma-separated `address` or `Name <address>` entries, as Django's ADMINS."""
    admins = []
    for item in env_list(name, []):
        display, address = parseaddr(item)
        try:
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an e-mail address.") from None
        admins.append((display or address, address))
    return admins


# Errors. Every 500 is written with its traceback to the console (stderr: gunicorn's
# log or the journal), and mailed to ADMINS when set. Requests are not logged one by
# one: the 4xx warnings of django.request would name every public form link.
ADMINS = env_admins("ADMINS")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "").strip() or "orglife@localhost"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip() or "localhost"
EMAIL_PORT = env_count("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_SUBJECT_PREFIX = "[orglife] "
# The review's notices (orglife.review) are mailed too: printed to the console with DEBUG=1.
EMAIL_BACKEND = f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend"
DEFAULT_FROM_EMAIL = SERVER_EMAIL
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.request": {"level": "ERROR"},
        # Scanners send any Host header: logged, not mailed.
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
    },
}

# Request bodies (orglife.common.middleware.BodyLimitMiddleware), by the declared
# Content-Length, before anything reads them: the import uploads take a 10 MB file or
# 10 MB of pasted text (orglife.materials.importing) plus the form around it, the public opinion
# form a paste far over its 1,000 characters (so that the form can refuse it with the
# text kept: 10,000 Chinese characters are 90 KB url-encoded), the admin a whole
# material with its parts, everything else a few edited paragraphs. A reverse proxy in
# front should refuse the same (nginx: client_max_body_size 11m).
IMPORT_BODY_LIMIT = 10 * 1024 * 1024 + 256 * 1024
BODY_LIMIT_DEFAULT = 1024 * 1024
# A progress entry of the ledger: up to 4 evidence files of 5 MB each and the note.
EVIDENCE_FILE_LIMIT = 5 * 1024 * 1024
EVIDENCE_FILES_PER_ENTRY = 4
EVIDENCE_BODY_LIMIT = EVIDENCE_FILES_PER_ENTRY * EVIDENCE_FILE_LIMIT + 256 * 1024
BODY_LIMITS = {
    "opinion_form": 512 * 1024,
    "material_import": IMPORT_BODY_LIMIT,
    "personal_import": IMPORT_BODY_LIMIT,
    "admin:": IMPORT_BODY_LIMIT,
    "admin:login": BODY_LIMIT_DEFAULT,  # anyone may post there
    "ledger_progress_add": EVIDENCE_BODY_LIMIT,  # evidence files (orglife.rectification.evidence)
}
# Within those limits Django's own: pasted text is one field of up to 10 MB, and an
# uploaded file stays in memory (the importer reads it whole anyway) instead of
# being written to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_BODY_LIMIT
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_BODY_LIMIT
