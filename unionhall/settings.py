"""unionhall settings: each value comes from an UNIONHALL_* environment variable or a demo default.

Set UNIONHALL_ENV=production for a real deployment: it then requires a secret key and allowed
hosts, and turns on the secure-cookie, HTTPS and HSTS settings that `check --deploy` asks for.
"""

import datetime as dt
import ipaddress
import zoneinfo
from pathlib import Path

from csp.constants import NONE, SELF
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from unionhall.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("UNIONHALL_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("UNIONHALL_ENV", "demo")
if ENVIRONMENT not in {"demo", "production", "test"}:
    raise ImproperlyConfigured(
        f"UNIONHALL_ENV={ENVIRONMENT!r} is unknown: use demo, test or production"
    )
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("UNIONHALL_DEBUG", not PRODUCTION)
SECRET_KEY = env_str("UNIONHALL_SECRET_KEY", "" if PRODUCTION else "demo-only-secret-key-change-me")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("UNIONHALL_SECRET_KEY must be set to at least 50 random characters")
ALLOWED_HOSTS = env_list(
    "UNIONHALL_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("UNIONHALL_ALLOWED_HOSTS must list the host names served")
CSRF_TRUSTED_ORIGINS = env_list("UNIONHALL_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "bootstrap",
    "unionhall.core",
    "unionhall.orgs",
    "unionhall.members",
    "unionhall.funds",
    "unionhall.care",
    "unionhall.dues",
    "unionhall.reports",
    "unionhall.notices",
    "unionhall.congress",
    "unionhall.voice",
    "unionhall.honours",
    "unionhall.activities",
    "unionhall.competitions",
    "unionhall.mentoring",
    "unionhall.polls",
    "unionhall.plans",
    "unionhall.district",
    "unionhall.archive",
    "unionhall.demo",  # last: the seed commands, above every app
    "django_tasks",
    "django_tasks_db",
    "axes",  # login throttling: after its app's models, so unionhall's templates come first
]

MIDDLEWARE = [
    "unionhall.orgs.health.HealthCheckMiddleware",  # /healthz, before anything reads the database
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "unionhall.core.security.IdleSessionMiddleware",
    "unionhall.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "unionhall.core.storage.UploadCleanupMiddleware",  # no file left without its row
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "unionhall.core.security.PrivatePagesMiddleware",
    "unionhall.orgs.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

if PRODUCTION:
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")
    # Pages are sent compressed (static files come compressed from WhiteNoise, before this).
    # Django's GZipMiddleware pads each response against BREACH (Django 4.2 and later).
    MIDDLEWARE.insert(3, "django.middleware.gzip.GZipMiddleware")

ROOT_URLCONF = "unionhall.urls"
WSGI_APPLICATION = "unionhall.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "unionhall.orgs.context_processors.current_org",
                "unionhall.notices.context_processors.bell",
            ],
        },
    }
]

try:
    DATABASES = {
        "default": database_from_url(
            env_str("UNIONHALL_DATABASE_URL", f"sqlite:///{VAR_DIR / 'unionhall.sqlite3'}")
        )
    }
except ImproperlyConfigured as error:
    raise ImproperlyConfigured(f"UNIONHALL_DATABASE_URL: {error}") from None
DATABASES["default"]["CONN_MAX_AGE"] = env_int(
    "UNIONHALL_CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"]
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# What the summary page keeps between requests (README, "Speed"): by default in files under
# VAR_DIR/cache, which every gunicorn worker of this server shares (in each worker's memory, each
# of the five workers of a 2-core server built every part itself: measured in the README);
# `locmem://` keeps it in each worker's memory; with several app servers, one Redis they share
# (`redis://host:6379/0`; needs the `redis` package installed beside the app).
_CACHE_URL = env_str("UNIONHALL_CACHE_URL", "")
if _CACHE_URL.startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
        }
    }
elif _CACHE_URL == "locmem://":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "unionhall",
        }
    }
elif not _CACHE_URL:
    CACHES = {
        "default": {
            # Django's FileBasedCache, culled every 100 writes instead of listing its directory
            # on each (unionhall/core/cache.py: measured there).
            "BACKEND": "unionhall.core.cache.CulledFileCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
else:
    raise ImproperlyConfigured(
        f"UNIONHALL_CACHE_URL: {_CACHE_URL!r} is neither redis://…, locmem:// nor empty"
    )

# The proxies (addresses or networks, e.g. 127.0.0.1 or 10.0.0.0/8) whose X-Forwarded-For header
# is believed: see unionhall/core/clients.py. Empty: the peer's own address, never the header.
UNIONHALL_TRUSTED_PROXIES = env_list("UNIONHALL_TRUSTED_PROXIES", [])
try:
    for _proxy in UNIONHALL_TRUSTED_PROXIES:
        ipaddress.ip_network(_proxy, strict=False)
except ValueError:
    raise ImproperlyConfigured(
        f"UNIONHALL_TRUSTED_PROXIES: {_proxy!r} is not an address or network, e.g. 127.0.0.1"
    ) from None

# `manage.py backup`: where archives go, and how many it keeps (the newest of each of the last
# N days and of the last M months); older ones are pruned by the command itself.
UNIONHALL_BACKUP_DIR = Path(env_str("UNIONHALL_BACKUP_DIR", str(VAR_DIR / "backups")))
UNIONHALL_BACKUP_KEEP_DAILY = env_int("UNIONHALL_BACKUP_KEEP_DAILY", 7)
UNIONHALL_BACKUP_KEEP_MONTHLY = env_int("UNIONHALL_BACKUP_KEEP_MONTHLY", 12)

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "unionhall.orgs.backends.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The client address that throttles count against (login failures, the public suggestion
# link): a dotted path to a function of the request; every throttle calls it through
# unionhall.core.security.client_address. The default reads X-Forwarded-For only from the proxies
# UNIONHALL_TRUSTED_PROXIES names (unionhall.core.clients), else the peer's own address.
UNIONHALL_CLIENT_ADDRESS = env_str(
    "UNIONHALL_CLIENT_ADDRESS", "unionhall.core.clients.client_address"
)
# Login throttling (django-axes, with unionhall.orgs.throttle): after
# UNIONHALL_LOGIN_FAILURE_LIMIT wrong passwords for one account from one client address, that
# account is refused at that address (only there: a teacher's typos never lock colleagues behind
# the school's shared address, and an attacker typing the chair's name elsewhere does not lock
# the chair out). An address is refused for every account once
# UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT different usernames failed from it (guessing across the
# staff list), far above a staff room's typos. Both last the cool-off after the last counted
# failure; a refused attempt is not counted, so waiting the minutes the page says is enough.
# The chair's unlock clears every lock on an account (all addresses); the district
# administrator lifts an address lock.
AXES_FAILURE_LIMIT = env_int("UNIONHALL_LOGIN_FAILURE_LIMIT", 5)
UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT = env_int("UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT", 20)
if UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT < 2:
    raise ImproperlyConfigured(
        "UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT must be at least 2 different accounts (default 20)"
    )
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("UNIONHALL_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "unionhall.orgs.throttle.LoginThrottle"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "unionhall.orgs.throttle.throttled_address"  # an IPv6 /64 counts as one
AXES_LOCKOUT_CALLABLE = "unionhall.orgs.views.login_locked_out"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not logged: only failures count
AXES_VERBOSE = False
# One-time voting codes (unionhall.polls.services.attempts): a client address (an IPv6 address
# counts as its /64) whose code attempts failed UNIONHALL_CODE_FAILURE_LIMIT times (unknown,
# used or voided codes) within UNIONHALL_CODE_FAILURE_WINDOW_MINUTES is asked to wait (429).
# A classroom voting behind one school address mistypes a few codes, not thirty.
UNIONHALL_CODE_FAILURE_LIMIT = env_int("UNIONHALL_CODE_FAILURE_LIMIT", 30)
UNIONHALL_CODE_FAILURE_WINDOW_MINUTES = env_int("UNIONHALL_CODE_FAILURE_WINDOW_MINUTES", 10)
# A ballot page opened with a code can be cast for this long (its signed ticket, polls/public.py);
# after it, the voter types the code again.
UNIONHALL_BALLOT_TICKET_MINUTES = env_int("UNIONHALL_BALLOT_TICKET_MINUTES", 120)
if UNIONHALL_BALLOT_TICKET_MINUTES < 1:
    raise ImproperlyConfigured("UNIONHALL_BALLOT_TICKET_MINUTES must be at least 1")
if UNIONHALL_CODE_FAILURE_LIMIT < 1 or UNIONHALL_CODE_FAILURE_WINDOW_MINUTES < 1:
    raise ImproperlyConfigured(
        "UNIONHALL_CODE_FAILURE_LIMIT and UNIONHALL_CODE_FAILURE_WINDOW_MINUTES must be at least 1"
    )
# One-time passwords handed out on slips are hashed with fewer rounds (orgs/hashers.py); listed
# last, it is never the hasher of a password a person chooses.
ONE_TIME_HASHER = "unionhall.orgs.hashers.OneTimePasswordHasher"
PASSWORD_HASHERS = [*global_settings.PASSWORD_HASHERS, ONE_TIME_HASHER]
if env_bool("UNIONHALL_FAST_PASSWORDS", ENVIRONMENT == "test"):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", ONE_TIME_HASHER]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("UNIONHALL_TIME_ZONE", "Asia/Shanghai")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"UNIONHALL_TIME_ZONE={TIME_ZONE!r} is not a known time zone, e.g. Asia/Shanghai"
    ) from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Static files are public (nginx serves them): outside the private VAR_DIR on a server.
STATIC_ROOT = Path(env_str("UNIONHALL_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("UNIONHALL_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads hold ID numbers and receipts: readable by the app's own account only, whatever umask
# it runs under. A file is deleted again when the row it was saved for is not written
# (unionhall/core/storage.py).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "unionhall.core.storage.TransactionalFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
        # Public, unlike uploads: the web server reads them.
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}

# Long jobs a user waits for (the year's archive) run in a worker, `manage.py db_worker`
# (`make demo` starts one). Tests run them at once instead (tests/conftest.py overrides this).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# /healthz fails when the disk holding the uploads or the SQLite database has less free space.
UNIONHALL_HEALTH_MIN_FREE_MB = env_int("UNIONHALL_HEALTH_MIN_FREE_MB", 200)

# Uploads: a spreadsheet bigger than this is refused with a message, before it is parsed.
UNIONHALL_IMPORT_MAX_BYTES = env_int("UNIONHALL_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
# The address the site is reached at (https://union.example.cn), for links in documents that
# leave the site (the summary's .docx); empty: the address the request came to.
UNIONHALL_SITE_URL = env_str("UNIONHALL_SITE_URL", "").rstrip("/")
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# A retirement care visit more than this many days from the member's retirement date warns.
CARE_RETIREMENT_WINDOW_DAYS = env_int("UNIONHALL_CARE_RETIREMENT_WINDOW_DAYS", 180)
# A school with at least this many staff holds a 教代会, a smaller one a 教职工大会 (教育部令
# 第32号, as commonly quoted, not read verbatim): the default a school's chair may change.
CONGRESS_MIN_STAFF = env_int("UNIONHALL_CONGRESS_MIN_STAFF", 80)
# A staff congress reports to the union above it within this many working days of the session
# (上海市教代会条例 art. 37: 七个工作日).
DISTRICT_CONGRESS_REPORT_WORKING_DAYS = env_int(
    "UNIONHALL_DISTRICT_CONGRESS_REPORT_WORKING_DAYS", 7
)
# The district's comparison page shows figures worked out at most this many seconds ago
# (`manage.py district_refresh` from cron keeps them fresh; older ones are worked out again).
DISTRICT_SNAPSHOT_MAX_AGE = env_int("UNIONHALL_DISTRICT_SNAPSHOT_MAX_AGE", 900)
# A session ends after this long without a request: core.security.IdleSessionMiddleware
# renews it (at most once per UNIONHALL_SESSION_REFRESH_SECONDS, not a write per page).
SESSION_COOKIE_AGE = env_int("UNIONHALL_SESSION_IDLE_MINUTES", 120) * 60
SESSION_ENGINE = "unionhall.core.sessions"
UNIONHALL_SESSION_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: scripts and styles only from the site's own static files; no inline
# script, no inline style attribute, no plugin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Uploads: a photo (of a member, of a care visit) larger than this is refused.
UNIONHALL_PHOTO_MAX_BYTES = env_int("UNIONHALL_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
# An uploaded image (photo, receipt, certificate) declaring more pixels than this is refused
# before it is decoded (core/images.py). 40 million holds a phone's usual photo (12 to 24
# megapixels) and an A4 page scanned at 600 dpi (35 million).
UNIONHALL_IMAGE_MAX_PIXELS = env_int("UNIONHALL_IMAGE_MAX_PIXELS", 40_000_000)
# A spreadsheet import: at most this many rows, and this many bytes once unpacked.
UNIONHALL_IMPORT_MAX_ROWS = env_int("UNIONHALL_IMPORT_MAX_ROWS", 20000)
UNIONHALL_IMPORT_MAX_UNPACKED_BYTES = env_int(
    "UNIONHALL_IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024
)
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("UNIONHALL_SSL_REDIRECT", True)
    # The proxy and the monitoring ask for the health endpoint over plain HTTP on the host.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("UNIONHALL_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOG_LEVEL = env_str("UNIONHALL_LOG_LEVEL", "WARNING").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"UNIONHALL_LOG_LEVEL={LOG_LEVEL!r} is unknown: use DEBUG, INFO, WARNING, ERROR or CRITICAL"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
