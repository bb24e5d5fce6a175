"""Writes for site-wide concerns: the page tree a site needs, and asking the task queue for a
heartbeat (what the worker then does is lms.home.heartbeats)."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_supported_language_variant
from wagtail.models import Locale, Page, Site

from courses.models import CourseIndexPage
from courses.setup import course_authoring_setup

from .models import HomePage, TaskHeartbeat
from .tasks import heartbeat_record

HOME_SLUG = "home"
CATALOGUE_SLUG = "courses"


@transaction.atomic
def site_setup(*, hostname: str = "localhost", port: int = 80) -> HomePage:
    """Give the site its page tree (root, home page, course catalogue, default Site) and the
    course authoring groups and review workflow.

    Idempotent. Works right after Wagtail's initial migration (whose placeholder welcome page it
    replaces) and on an empty database (e.g. after a test flush).
    """
    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))

    home = HomePage.objects.first()
    if home is None:
        for placeholder in root.get_children().filter(slug=HOME_SLUG):
            placeholder.delete()
        home = root.add_child(instance=HomePage(title="Học tập số", slug=HOME_SLUG))

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])

    catalogue = CourseIndexPage.objects.first()
    if catalogue is None:
        catalogue = home.add_child(instance=CourseIndexPage(title="Khoá học", slug=CATALOGUE_SLUG))
    course_authoring_setup(catalogue=catalogue)
    return home


def heartbeat_send(*, user=None) -> TaskHeartbeat:
    """Record a heartbeat and send it through the task queue once the row is committed."""
    heartbeat = TaskHeartbeat.objects.create(requested_by=user)
    heartbeat_record.delay_on_commit(heartbeat_id=heartbeat.pk)
    return heartbeat
