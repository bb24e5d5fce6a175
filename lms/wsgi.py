import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

application = get_wsgi_application()

from lms.startup import log_task_mode  # noqa: E402 - needs Django set up

log_task_mode()
