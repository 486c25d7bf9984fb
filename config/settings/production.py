"""Production: differs from base by environment, not code. SECRET_KEY is required."""
import os

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, env_str

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY (50+ random characters) in the environment.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer's health check speaks plain HTTP to the server itself.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Static files: served by WhiteNoise from STATIC_ROOT (filled by `collectstatic`), with hashed
# names cached for good by browsers and gzip/brotli variants made once at collectstatic.
_WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
MIDDLEWARE = [m for m in MIDDLEWARE if m != _WHITENOISE]  # noqa: F405
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, _WHITENOISE)
STATIC_ROOT = env_str("STATIC_ROOT") or BASE_DIR / "staticfiles"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The draft and compare pages keep what they render from issued versions (and the parts that
# show the record, keyed on its state) in the cache: negotiation/views/drafts.py, Fragments.
PAGE_FRAGMENT_CACHE = env_bool("PAGE_FRAGMENT_CACHE", True)

# Sessions read from Redis (kept in the database too, and read from there when Redis fails):
# a page view costs no session query. Only with Redis, a cache every process shares.
if REDIS_URL:  # noqa: F405
    SESSION_ENGINE = "config.settings.session_store"

# Entries of one deployment apart from another's in a shared Redis (the load benchmark uses it).
if env_str("CACHE_KEY_PREFIX"):
    CACHES["default"]["KEY_PREFIX"] = env_str("CACHE_KEY_PREFIX")  # noqa: F405

# Logs a person can read: one line per record, time, level, logger, message, on stdout
# (gunicorn's access log goes there too; see `make serve`).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s", "datefmt": "%Y-%m-%d %H:%M:%S%z"},
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"}},
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
}
