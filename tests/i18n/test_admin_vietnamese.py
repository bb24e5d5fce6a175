"""The admin in Vietnamese: the main screens of each staff role show none of Wagtail's English
(tests/i18n/english_admin_strings.py), and words with two meanings read right in the admin."""

import gettext
import json
import re

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import DjangoTranslation

from courses.models import CourseIndexPage, CoursePage, LessonPage
from tests.conftest import PROJECT_ROOT
from tests.i18n.english_admin_strings import (
    GLUED_AND_PUBLISH,
    english_admin_strings_in,
    visible_text,
)

OVERRIDES = PROJECT_ROOT / "locale_overrides" / "vi" / "LC_MESSAGES"
PROJECT_CATALOGUE = PROJECT_ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"

# The main screens of each role, by name: {course}, {lesson}, {catalogue} and {task_state}
# are filled in from the demo, with one course submitted for review (`in_review`).
ADMIN_SCREENS = {
    "dashboard": "/admin/",
    "explorer": "/admin/pages/",
    "catalogue": "/admin/pages/{catalogue}/",
    "course in review": "/admin/pages/{course}/edit/",
    "lesson": "/admin/pages/{lesson}/edit/",
    "new course": "/admin/pages/add/courses/coursepage/{catalogue}/",
    "new lesson": "/admin/pages/add/courses/lessonpage/{course}/",
    "course history": "/admin/pages/{course}/history/",
    "workflow history": "/admin/pages/{course}/workflow_history/",
    "page search": "/admin/pages/search/?q=an",
    "approve dialog": "/admin/pages/workflow/action/{course}/approve/{task_state}/",
    "page chooser": "/admin/choose-page/",
    "images": "/admin/images/",
    "upload images": "/admin/images/multiple/add/",
    "documents": "/admin/documents/",
    "snippets": "/admin/snippets/",
    "targets": "/admin/snippets/targets/target/",
    "certificate templates": "/admin/snippets/certificates/certificatetemplate/",
    "workflows": "/admin/workflows/list/",
    "workflow tasks": "/admin/workflows/tasks/index/",
    "workflow report": "/admin/reports/workflow/",
    "workflow tasks report": "/admin/reports/workflow_tasks/",
    "locked pages": "/admin/reports/locked/",
    "aging pages": "/admin/reports/aging-pages/",
    "site history": "/admin/reports/site-history/",
    "page types": "/admin/reports/page-types-usage/",
    "sent e-mails": "/admin/reports/sent-emails/",
    "users": "/admin/users/",
    "groups": "/admin/groups/",
    "sites": "/admin/sites/",
    "collections": "/admin/collections/",
    "redirects": "/admin/redirects/",
    "account": "/admin/account/",
}
TRAINER_SCREENS = (
    "dashboard",
    "catalogue",
    "course in review",
    "lesson",
    "new course",
    "new lesson",
    "workflow history",
    "page search",
    "page chooser",
    "images",
    "upload images",
    "documents",
    "snippets",
    "certificate templates",
    "workflow report",
    "account",
)
HR_SCREENS = {
    "dashboard": "/admin/",
    "coverage": "/admin/coverage/",
    "people": "/admin/org/people/",
    "units": "/admin/org/units/",
    "roster imports": "/admin/org/imports/",
    "site history": "/admin/reports/site-history/",
    "account": "/admin/account/",
}
SCREENS = [
    *[("admin", name, url) for name, url in ADMIN_SCREENS.items()],
    *[("trainer", name, ADMIN_SCREENS[name]) for name in TRAINER_SCREENS],
    *[(role, name, url) for role in ("hr", "hr.tanuyen") for name, url in HR_SCREENS.items()],
]


@pytest.fixture
def in_review(demo):
    """A demo course with a new draft that its trainer has submitted for review."""
    trainer = get_user_model().objects.get(username="trainer")
    course = CoursePage.objects.live().order_by("path").first()
    course.save_revision(user=trainer)
    workflow_state = course.get_workflow().start(course, trainer)
    return {
        "catalogue": CourseIndexPage.objects.get().pk,
        "course": course.pk,
        "lesson": LessonPage.objects.child_of(course).order_by("path").first().pk,
        "task_state": workflow_state.current_task_state.pk,
    }


def admin_client(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def screen_text(response) -> str:
    """What the screen shows: its visible text, the admin menu's labels (which Wagtail's
    JavaScript draws from JSON), or a dialog's HTML sent as JSON."""
    if response["Content-Type"].startswith("application/json"):
        return visible_text(json.loads(response.content)["html"])
    html = response.content.decode()
    menu = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    labels = re.findall(r'"label": "((?:[^"\\]|\\.)*)"', menu.group(1)) if menu else []
    return visible_text(html) + "\n" + "\n".join(json.loads(f'"{label}"') for label in labels)


@pytest.mark.parametrize(
    ("username", "screen", "url"), SCREENS, ids=[f"{u}: {s}" for u, s, _url in SCREENS]
)
def test_admin_screen_shows_no_english(client, in_review, username, screen, url):
    response = admin_client(client, username).get(url.format(**in_review))

    assert response.status_code == 200, f"{username} cannot open {screen}"
    assert english_admin_strings_in(screen_text(response)) == []


def test_login_page_is_vietnamese(client, demo):
    response = client.get("/admin/login/")

    assert english_admin_strings_in(visible_text(response.content.decode())) == []


def test_approve_and_publish_reads_with_a_space(client, in_review):
    """Wagtail's catalogue wrote "%(label)svà Xuất bản": "Phê chuẩnvà Xuất bản"."""
    response = admin_client(client, "admin").get(f"/admin/pages/{in_review['course']}/edit/")
    text = visible_text(response.content.decode())

    with translation.override("vi"):
        approve_and_publish = _("%(label)s and Publish") % {"label": _("Approve")}
    assert approve_and_publish == "Phê duyệt và xuất bản"
    assert approve_and_publish in text
    assert GLUED_AND_PUBLISH.findall(text) == []


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{course}/edit/",
        "/admin/pages/{course}/workflow_history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
    ],
)
def test_workflow_states_read_as_a_review_not_as_learning(client, in_review, url):
    """A task in progress read "ĐANG HỌC" (the learners' "In progress" won), and "Submitted"
    would read as a submitted quiz."""
    response = admin_client(client, "admin").get(url.format(**in_review))
    text = visible_text(response.content.decode())

    assert "Đang duyệt" in text
    assert "đang học" not in text.lower()
    assert "Đã nộp bài" not in text


# Words the project uses with another meaning than Wagtail's or Django's: the project's uses
# take a message context, so the bare word keeps the admin's meaning.
TWO_MEANINGS = {
    "In progress": "learning",
    "Submitted": "quiz",
    "Name": "person",
    "Login": "user account",
    "Clear": "filters",
    "From": "date",
    "Code": "identifier",
}


def test_words_with_two_meanings_have_a_context_in_the_project():
    entries = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PROJECT_CATALOGUE)) if not e.obsolete}

    bare = sorted(word for word in TWO_MEANINGS if (None, word) in entries)
    assert bare == [], "the project's uses need a context: see TWO_MEANINGS"


# Wagtail's messages that read the same in Vietnamese (names, codes, placeholders only).
SAME_IN_VIETNAMESE = {
    "Email",
    "URL",
    "ID",
    "Wagtail API v2",
    "Wagtail API v3",
    "%(range_start)s - %(range_end)s",
    "%(field_label)s:",
    "%(related_model_name)s %(field_label)s",
    "%(status_display)s %(task_name)s %(started_at)s",
    "%(time_zone_option)s: %(localized_time_zone_label)s",
}


def wagtail_messages(domain: str):
    """Every message of the installed Wagtail apps, from their English catalogues."""
    for app in apps.get_app_configs():
        if not app.name.startswith("wagtail"):
            continue
        path = f"{app.path}/locale/en/LC_MESSAGES/{domain}.po"
        try:
            yield from polib.pofile(path)
        except OSError:
            continue


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_message_has_vietnamese(domain):
    """Catches the strings of a Wagtail upgrade: add them to locale_overrides/."""
    catalogue = DjangoTranslation("vi", domain=domain)
    english = set()
    for entry in wagtail_messages(domain):
        if entry.msgid in SAME_IN_VIETNAMESE:
            continue
        if entry.msgid_plural:
            args = (entry.msgid, entry.msgid_plural, 2)
            text = (
                catalogue.npgettext(entry.msgctxt, *args)
                if entry.msgctxt
                else catalogue.ngettext(*args)
            )
            untranslated = text == entry.msgid_plural
        elif entry.msgctxt:
            untranslated = catalogue.pgettext(entry.msgctxt, entry.msgid) == entry.msgid
        else:
            untranslated = catalogue.gettext(entry.msgid) == entry.msgid
        if untranslated:
            english.add(entry.msgid)
    assert sorted(english) == []


def test_makemessages_writes_to_the_project_catalogue_not_the_overrides():
    """makemessages extracts into LOCALE_PATHS[0]; the overrides come after it, and both
    come before the apps' catalogues (LOCALE_PATHS always win over INSTALLED_APPS)."""
    paths = [str(path) for path in settings.LOCALE_PATHS]

    assert paths == [str(PROJECT_ROOT / "locale"), str(PROJECT_ROOT / "locale_overrides")]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_overrides_match_their_source(domain):
    po = polib.pofile(str(OVERRIDES / f"{domain}.po"))
    with (OVERRIDES / f"{domain}.mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)

    def compiled_text(entry):
        if entry.msgid_plural and entry.msgctxt:
            return compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
        if entry.msgid_plural:
            return compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
        if entry.msgctxt:
            return compiled.pgettext(entry.msgctxt, entry.msgid)
        return compiled.gettext(entry.msgid)

    stale = [
        entry.msgid
        for entry in po.translated_entries()
        if compiled_text(entry) != (entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr)
    ]
    assert po.untranslated_entries() == []
    assert stale == [], "run `make messages-overrides` to recompile locale_overrides/vi"
