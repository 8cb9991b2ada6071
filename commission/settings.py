"""Settings for the press office site: every value comes from the environment.

See README.md (Configuration) and .env.example for each variable. Each is read through a reader in
commission/web/envconfig.py that refuses a bad value with one line naming the variable.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from commission.web.envconfig import (
    DEFAULT_EMAIL_TIMEOUT,
    cache_from_url,
    database_from_url,
    env_bool,
    env_choice,
    env_display_zones,
    env_int,
    env_list,
    env_number,
    env_origins,
    env_path,
    env_rate,
    env_site_url,
    env_str,
    env_time_zone,
    env_url_path,
    mailers_from_url,
)
from commission.web.links import DEFAULT_SITE_URL
from commission.web.times import TIME_STYLES

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Values set in the environment win over the file's. The test suite names /dev/null (pyproject.toml), so a
# developer's own .env never changes what the tests see.
environ.Env.read_env(os.environ.get("ENV_FILE") or BASE_DIR / ".env", overwrite=False)

DEBUG = env_bool(env, "DEBUG", default=False)

SECRET_KEY = env_str(env, "SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(env, "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_origins(env, "CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env_site_url(env, "SITE_URL", default=DEFAULT_SITE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_tasks_db",
    "commission",
    "press",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Admin pages, the lockout page among them, ask crawlers to stay away; robots.txt does not name ADMIN_URL.
    "commission.web.robots.NoIndexAdminMiddleware",
    # Above the page cache: what a cached page still needs. Security headers (and the HTTPS redirect), then
    # three that only touch responses, except CSP's process_request, which makes the nonce the cache swaps in.
    # 304 Not Modified when the client's ETag matches (public pages set theirs in commission/cache.py).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # The page's language, from its path alone (commission/web/languages.py): above the page cache, so a
    # cached page is served with its Content-Language too; the cache keys pages by path, and the path names
    # the language.
    "commission.web.languages.PathLanguageMiddleware",
    # A cached public page is served here, before the middleware below run (sessions, CSRF, auth, messages,
    # axes): an anonymous visitor's shared page needs none of them. A miss goes on to the view.
    "commission.web.cache.FetchPublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "commission.urls"
WSGI_APPLICATION = "commission.wsgi.application"

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
                "django.template.context_processors.csp",
                "commission.context_processors.site",
                "commission.context_processors.languages",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env)}
DATABASES["default"]["CONN_MAX_AGE"] = env_int(env, "CONN_MAX_AGE", default=0, unit="seconds", example=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool(env, "CONN_HEALTH_CHECKS", default=False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# British English is the default, at unprefixed addresses; Russian and Kazakh pages live under /ru/ and /kk/.
# Each language is named in its own words, as the language switcher shows it.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
# Kazakh numbers (a decimal comma), which Django has no formats for: commission/web/formats/kk/formats.py.
FORMAT_MODULE_PATH = ["commission.web.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_time_zone(env, "TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True
# How a time of day is written everywhere (pages, .ics, emails): "12h" 3:30pm, "12h-dot" 3.30pm, "24h" 15:30.
# Checked by events/checks.py; read at call time by events/timezones.py.
TIME_STYLE = env_choice(env, "TIME_STYLE", default="12h", choices=TIME_STYLES)
# The commission's display zones: where a release's embargo is shown, after the zone it was set in
# (press/embargo.py). Each (zone, label, place, the place in other languages); none means the site's TIME_ZONE
# alone.
DISPLAY_ZONES = env_display_zones(env, "DISPLAY_ZONES", default=[],
                                  languages=[code for code, _name in LANGUAGES if code != LANGUAGE_CODE])

STATIC_URL = "static/"
STATIC_ROOT = env_path(env, "STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env_path(env, "MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded media: local files by default; an S3-compatible bucket (django-storages) when MEDIA_BUCKET is set,
# so several app servers see the same files.
MEDIA_BUCKET = env_str(env, "MEDIA_BUCKET", default="")
if MEDIA_BUCKET:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env_str(env, "MEDIA_ENDPOINT_URL", default="") or None,
            "region_name": env_str(env, "MEDIA_REGION", default="") or None,
            "access_key": env_str(env, "MEDIA_ACCESS_KEY", default="") or None,
            "secret_key": env_str(env, "MEDIA_SECRET_KEY", default="") or None,
            "custom_domain": env_str(env, "MEDIA_CUSTOM_DOMAIN", default="") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": env_str(
            env, "STATICFILES_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Page cache and rate-limit counters, shared by every process: by default files in .cache/ beside manage.py
# (every process on this machine, management commands too, reads and writes the same ones); Redis with several
# machines. A cache of each process's own (locmemcache://) only when asked for: check --deploy refuses it.
CACHES = {"default": cache_from_url(env, "CACHE_URL", default=f"filecache://{BASE_DIR / '.cache'}")}
# Keeps this site's keys apart when several sites (or test runs) share one Redis.
CACHES["default"]["KEY_PREFIX"] = env_str(env, "CACHE_KEY_PREFIX", default="pressroom")
# Longest a public page is kept; edits and scheduled instants end it sooner. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env_int(env, "PAGE_CACHE_SECONDS", default=600, unit="seconds")
# The Chromium that prints a release's "Download as PDF" (commission/web/pdf.py); empty: the first of chromium,
# chromium-browser, google-chrome found on PATH. Without one, the link is not shown and its address answers 404.
CHROMIUM_PATH = env_str(env, "CHROMIUM_PATH", default="")

# Background work (email). "immediate" runs tasks in the request; "database" queues them for
# `manage.py db_worker` (django-tasks-db), which retries what failed.
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env_choice(env, "TASKS_BACKEND", default="immediate",
                                                        choices=TASK_BACKENDS)]}}

# SMTP gives up on a mail server that does not answer within EMAIL_TIMEOUT seconds, so it never holds a worker.
MAILERS = mailers_from_url(
    env_str(env, "EMAIL_URL", default="console://"),
    timeout=env_int(env, "EMAIL_TIMEOUT", default=DEFAULT_EMAIL_TIMEOUT, minimum=1, unit="seconds"),
)
DEFAULT_FROM_EMAIL = env_str(env, "DEFAULT_FROM_EMAIL", default="Press office <press@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# REGISTRATION_RATE caps the submissions of the public forms that email (press-conference registration,
# accreditation, alerts) per visitor address and per email address ("10/h"; "0" turns it off); checked by
# commission/web/checks.py, read at each request (commission/web/ratelimit.py).
REGISTRATION_RATE = env_rate(env, "REGISTRATION_RATE", default="10/h")
# Registrations of events that ended longer ago than this are anonymised by `manage.py purge_registrations`.
REGISTRATION_RETENTION_DAYS = env_int(env, "REGISTRATION_RETENTION_DAYS", default=180, minimum=1, unit="days")
# Rejected and lapsed (never confirmed) accreditation requests are deleted this long after their rejection or
# lapse by the same command (press/accreditation.py).
ACCREDITATION_RETENTION_DAYS = env_int(env, "ACCREDITATION_RETENTION_DAYS", default=90, minimum=1, unit="days")

# Email alerts (press/alerts.py): a release's alert is sent in batches of ALERTS_BATCH_SIZE, at most
# ALERTS_PER_MINUTE a minute where the task backend can wait between batches (database; 0: no pause).
ALERTS_BATCH_SIZE = env_int(env, "ALERTS_BATCH_SIZE", default=100, minimum=1, unit="emails")
ALERTS_PER_MINUTE = env_int(env, "ALERTS_PER_MINUTE", default=600, unit="emails")
# The mailto: of each alert's List-Unsubscribe header; empty: DEFAULT_FROM_EMAIL's address.
ALERTS_UNSUBSCRIBE_EMAIL = env_str(env, "ALERTS_UNSUBSCRIBE_EMAIL", default="")

# Upload caps for portraits and hero images (commission/images.py).
IMAGE_MAX_BYTES = env_int(env, "IMAGE_MAX_BYTES", default=10 * 1024 * 1024, minimum=1, unit="bytes")
IMAGE_MAX_PIXELS = env_int(env, "IMAGE_MAX_PIXELS", default=40_000_000, minimum=1, unit="pixels")
DATA_UPLOAD_MAX_MEMORY_SIZE = IMAGE_MAX_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice(env, "LOG_LEVEL", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
                                case_sensitive=False)},
}

# Security. HTTPS is its own switch (not tied to DEBUG) so a local server and
# browser tests run over plain HTTP while production redirects and marks cookies secure.
HTTPS = env_bool(env, "HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# Behind a reverse proxy: trust its X-Forwarded-Proto, and take the client's address from X-Forwarded-For
# (rate limits, commission/ratelimit.py).
BEHIND_PROXY = env_bool(env, "BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int(env, "SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0, unit="seconds",
                              example=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(env, "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool(env, "SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Nothing is loaded from another host; inline scripts and JSON-LD carry the request's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The admin lives at ADMIN_URL (kept out of robots.txt; its pages send X-Robots-Tag); failed logins are throttled
# by django-axes.
ADMIN_URL = env_url_path(env, "ADMIN_URL", default="admin/")
# Failed sign-ins for one user name from one address, then for all user names from one address (higher: an office
# shares one address behind its NAT). Both count over the last AXES_COOLOFF_HOURS; see commission/web/signin.py.
AXES_FAILURE_LIMIT = env_int(env, "AXES_FAILURE_LIMIT", default=5, minimum=1, unit="failed sign-ins")
AXES_ADDRESS_FAILURE_LIMIT = env_int(env, "AXES_ADDRESS_FAILURE_LIMIT", default=20, minimum=1,
                                     unit="failed sign-ins")
AXES_HANDLER = "commission.web.signin.AxesHandler"
AXES_COOLOFF_TIME = env_number(env, "AXES_COOLOFF_HOURS", default=1.0, unit="hours", example="1 or 0.5")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The visitor's address as the rate limits read it: behind the proxy, not the proxy's own.
AXES_CLIENT_IP_CALLABLE = "commission.web.ratelimit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
