"""Tests: same as base, fast password hashing. DATABASE_URL/REDIS_URL still apply, so the
same suite runs on SQLite (default) and on PostgreSQL + Redis in CI."""
from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
