"""Settings shared by every environment, read from the environment (house rule 7).

The embedded default (nothing set) is SQLite, tasks run eagerly in-process and a
local-memory cache, so `make run` needs no PostgreSQL, Redis or worker.
Set DATABASE_URL and REDIS_URL to use the real services.
"""
import json
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, env_str
from negotiation.text.limits import TextLimits

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", True)
# A development-only key: production.py refuses to start without SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "csp",
    "negotiation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Anonymous users read nothing but the login page.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Every historical record knows who made the change.
    "simple_history.middleware.HistoryRequestMiddleware",
    # The Content-Security-Policy header on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Login throttling: must come last (it answers a locked-out login with the lock-out page).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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

DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A bounded pool per process (psycopg's), sized to the process's threads: a burst of
    # requests waits for a connection instead of opening PostgreSQL connections without bound.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    # Django health-checks each connection it takes from the pool (a dropped one is replaced).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1, "max_size": int(env_str("DB_POOL_MAX") or 4), "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 60
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "draft_list"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): after 5 failed logins for the same username from the same
# address, that pair is locked out for 15 minutes and sees registration/locked_out.html (HTTP
# 429). A successful login clears the count. Failures are kept in the database; a lock is
# lifted by `manage.py axes_reset_username NAME` (or by a superuser in the admin's Axes pages).
# AxesStandaloneBackend must come first: it refuses locked-out credentials before any check.
# The client address is REMOTE_ADDR; behind a proxy that rewrites it, set AXES_CLIENT_IP_CALLABLE.
# RolesBackend is Django's ModelBackend reading the user and the user's roles in one query.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "negotiation.roles.RolesBackend",
]
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # no start-up banner; lock-outs are still logged as warnings

# Content-Security-Policy (django-csp; Django 5.2 has none built in): only this site's own
# scripts, styles and images (plus data: images), no framing, forms post only here. Templates
# carry no inline <script>, style="..." or on*= handler (tests/web/test_security.py checks).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

# The one set of text limits (import, editor, commands): overrides of the defaults in
# negotiation/text/limits.py, by field name, e.g. {"max_pdf_pages": 1000}; from the environment
# as JSON: TEXT_LIMITS='{"max_file_bytes": 10485760}'. Unknown names stop the start-up.
try:
    TEXT_LIMITS = json.loads(env_str("TEXT_LIMITS") or "{}")
    _text_limits = TextLimits.from_mapping(TEXT_LIMITS)
except (ValueError, TypeError) as error:
    raise ImproperlyConfigured(f"TEXT_LIMITS: {error}") from error

# Uploads: the importer refuses files and texts over the limits with a clear message; let
# Django accept a little more so that message, not a bare 400, is what the user sees.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(_text_limits.max_file_bytes, _text_limits.max_text_chars) + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = _text_limits.max_file_bytes + 1024 * 1024

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # The broker may live in another Redis database (CI does this, so tests can flush the cache).
    CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL
    CELERY_RESULT_BACKEND = CELERY_BROKER_URL
    CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TASK_ACKS_LATE = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# E-mail (the digest of followed drafts): printed on the console unless configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tracker@localhost")
SITE_URL = env_str("SITE_URL", "")

# The REST API (negotiation/api, /api/v1/): DRF, drf-spectacular and their settings.
from config.settings.api import *  # noqa: E402,F403

INSTALLED_APPS += API_APPS  # noqa: F405
