"""Celery application: tasks are autodiscovered from every installed app's tasks.py.

Without CELERY_BROKER_URL the settings make tasks run in-process (see settings.base), so the
embedded default needs no Redis.
"""

import os

from celery import Celery

# Like wsgi.py, a deployment entry point: production settings unless told otherwise
# (`make worker` / `make beat` run it with development settings).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
