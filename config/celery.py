"""The Celery application. Without REDIS_URL, settings make tasks run eagerly in-process."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("negotiation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
