"""One test per hook (test_hook_<name>); a meta-test keeps hookspecs, tests and docs in step."""

import inspect
import re
from pathlib import Path

import pytest
from packaging.version import Version

from courses.models import LessonPage
from courses.requirements import RequirementProgress, RequirementType, requirement_types_reset
from courses.services import enrollment_create, lesson_complete
from plugins import hookimpl, hookspecs
from plugins.api import API_VERSION
from plugins.manager import hooks
from plugins.testing import plugin_registered
from tests.conftest import PROJECT_ROOT
from tests.factories import UserFactory, course_with_lessons
from tests.plugins.recorder import Recorder

HOOK_NAMES = sorted(
    name
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith(("register_", "extend_", "after_", "get_"))
)


def documented_signature(name: str) -> str:
    params = inspect.signature(getattr(hookspecs, name)).parameters
    return f"### `{name}({', '.join(params)})`"


def test_every_hook_has_a_test_and_a_documented_signature():
    source = Path(__file__).read_text(encoding="utf-8")
    tests = set(re.findall(r"^def (test_hook_\w+)\(", source, re.M))
    docs = (PROJECT_ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert (
        sorted(f"test_hook_{name}" for name in HOOK_NAMES if f"test_hook_{name}" not in tests) == []
    )
    assert [name for name in HOOK_NAMES if documented_signature(name) not in docs] == []
    documented = re.findall(r"^### `(\w+)\(", docs, re.M)
    assert sorted(documented) == HOOK_NAMES  # nothing documented that does not exist


def test_every_hook_says_in_which_api_version_it_was_added():
    docs = (PROJECT_ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for name in HOOK_NAMES:
        added = getattr(getattr(hookspecs, name), "added_in", "")
        assert added and Version(added) <= Version(API_VERSION), name
        heading = documented_signature(name)
        after_heading = docs[docs.index(heading) + len(heading) :].lstrip("\n")
        assert after_heading.startswith(f"*Added in plugin API {added}.*"), name


def test_every_hook_has_a_docstring_saying_when_it_is_called():
    for name in HOOK_NAMES:
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert "Called" in doc, name


@pytest.fixture
def learner(db):
    return UserFactory(username="hook.learner")


class Blocks:
    @hookimpl
    def register_lesson_blocks(self):
        from wagtail import blocks

        return [("test_banner", blocks.CharBlock(template="courses/blocks/heading_block.html"))]


def test_hook_register_lesson_blocks():
    field = LessonPage._meta.get_field("body")
    with plugin_registered(Blocks(), name="banners"):
        types = dict(field.block_types())
    assert types["test_banner"].lms_plugin == "banners"
    assert "rich_text" in types and "quiz" in types  # core and the bundled quiz


class AlwaysMet(RequirementType):
    code = "always_met"
    label = "Always met"

    def evaluate(self, *, enrollment, params):
        return RequirementProgress(met=True, progress=1.0)


class Requirements:
    @hookimpl
    def register_completion_requirements(self):
        return [AlwaysMet()]


@pytest.mark.django_db
def test_hook_register_completion_requirements(site, learner):
    from courses.models import CoursePage
    from courses.requirements import requirement_types

    # Requirement types are structure, fixed once per process; rebuild them around the test.
    field = CoursePage._meta.get_field("completion_requirements")
    with plugin_registered(Requirements(), name="rules"):
        requirement_types_reset()
        field.reset_block_types()
        try:
            assert requirement_types()["always_met"].plugin == "rules"
            course = course_with_lessons(lessons=1)
            course.completion_requirements = [{"type": "always_met", "value": None}]
            course.save_revision().publish()
            enrollment = enrollment_create(user=learner, course=course)
            lesson_complete(
                enrollment=enrollment, lesson=LessonPage.objects.child_of(course).first()
            )
            enrollment.refresh_from_db()
            assert enrollment.frozen_requirements == [{"type": "always_met", "params": None}]
            assert enrollment.passed is True
        finally:
            requirement_types_reset()
            field.reset_block_types()


class Attempts:
    """A graded activity of a plugin's own, attempted without passing in one lesson."""

    def __init__(self):
        self.lesson_ids = []

    @hookimpl
    def extend_lesson_states(self, enrollment):
        return {lesson_id: "attempted" for lesson_id in self.lesson_ids}


@pytest.mark.django_db
def test_hook_extend_lesson_states(site, learner):
    from courses.models.pages import lesson_states

    course = course_with_lessons(lessons=2)
    first, second = LessonPage.objects.child_of(course).order_by("path")
    enrollment = enrollment_create(user=learner, course=course)
    lesson_complete(enrollment=enrollment, lesson=first)
    plugin = Attempts()
    plugin.lesson_ids = [first.pk, second.pk]
    with plugin_registered(plugin, name="activities"):
        states = lesson_states(enrollment=enrollment)
    # A lesson the LMS knows as done keeps its state; the plugin adds the other.
    assert states == {first.pk: "done", second.pk: "attempted"}


class RosterFormat:
    code = "tsv_test"

    @hookimpl
    def register_roster_formats(self):
        return [self]


@pytest.mark.django_db
def test_hook_register_roster_formats():
    plugin = RosterFormat()
    with plugin_registered(plugin, name="rosters"):
        contributed = dict(hooks.register_roster_formats())
    assert contributed["rosters"] == [plugin]


@pytest.mark.django_db
def test_hook_register_report_exporters():
    import io

    import openpyxl

    exporters = {
        exporter.code: exporter
        for _, contribution in hooks.register_report_exporters()
        for exporter in contribution
    }
    assert {"csv", "xlsx"} <= set(exporters)
    rows = [["Nguyễn Thị Ánh", '=HYPERLINK("x")', 12]]
    csv_bytes = exporters["csv"].export(
        title="Độ phủ", headers=["Họ tên", "Ghi chú", "Số"], rows=rows
    )
    assert csv_bytes.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    assert 'Nguyễn Thị Ánh,"\'=HYPERLINK(""x"")",12' in csv_bytes.decode("utf-8-sig")
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            exporters["xlsx"].export(
                title="Độ phủ: 2025/T1", headers=["Họ tên", "Ghi chú", "Số"], rows=rows
            )
        )
    )
    sheet = workbook.active
    assert sheet.title == "Độ phủ  2025 T1"
    assert [cell.value for cell in sheet[2]] == ["Nguyễn Thị Ánh", '\'=HYPERLINK("x")', 12]


class IdentityProviders:
    @hookimpl
    def register_identity_providers(self):
        from plugins.api import OpenIDProvider

        return [
            OpenIDProvider(
                code="hanoi-staff",
                label="Danh bạ cán bộ",
                issuer="https://sso.invalid/realms/canbo",
                client_id="lms",
                client_secret="secret",
                population="staff",
                claims={"national_id": "so_cccd"},
            ),
            OpenIDProvider(  # a malformed one is left out, the others stay
                code="Bad Code",
                label="?",
                issuer="https://x.invalid",
                client_id="x",
                client_secret="",
            ),
        ]


@pytest.mark.django_db
def test_hook_register_identity_providers(client, monkeypatch):
    from lms.identity.providers import claim_names, identity_providers

    monkeypatch.setenv("LMS_OIDC_PROVIDERS", "")  # the bundled plugin registers none
    with plugin_registered(IdentityProviders(), name="sso"):
        providers = identity_providers()
        page = client.get("/accounts/login/").content.decode()
    assert list(providers) == ["hanoi-staff"]
    assert claim_names(provider=providers["hanoi-staff"])["national_id"] == "so_cccd"
    assert 'href="/accounts/sso/hanoi-staff/login/"' in page and "Danh bạ cán bộ" in page


class SmsChannel:
    code = "test_sms"
    label = "SMS"

    def reaches(self, recipient):
        return bool(recipient.phone)

    def send(self, *, recipient, message):
        return "sms-1"


class Channels:
    def __init__(self):
        self.channel = SmsChannel()

    @hookimpl
    def register_notification_channels(self):
        return [self.channel]


@pytest.mark.django_db
def test_hook_register_notification_channels(settings):
    from lms.reminders.channels import channel_for, notification_channels
    from plugins.api import NotificationChannel, Recipient

    both = Recipient(
        person_id=1, name="An", kind="staff", language="vi", email="a@b.vn", phone="09"
    )
    phone_only = Recipient(person_id=2, name="Bình", kind="citizen", language="vi", phone="09")
    plugin = Channels()
    with plugin_registered(plugin, name="sms"):
        channels = notification_channels()
        assert [channel.code for channel in channels] == ["email", "test_sms"]  # by code
        assert all(isinstance(channel, NotificationChannel) for channel in channels)
        assert channel_for(both, channels=channels).code == "email"
        assert channel_for(phone_only, channels=channels) is plugin.channel
        settings.LMS_REMINDER_CHANNELS = ["test_sms"]  # the province prefers SMS
        assert channel_for(both, channels=notification_channels()) is plugin.channel
    assert [channel.code for channel in notification_channels()] == ["email"]
    assert channel_for(phone_only, channels=notification_channels()) is None


class CertificateData:
    @hookimpl
    def extend_certificate_context(self, certificate):
        return {"training_hours": "8"}


@pytest.mark.django_db
def test_hook_extend_certificate_context():
    certificate = object()
    with plugin_registered(CertificateData(), name="hours"):
        assert hooks.extend_certificate_context(certificate=certificate) == [
            ("hours", {"training_hours": "8"})
        ]


@pytest.fixture
def recorder():
    plugin = Recorder()
    with plugin_registered(plugin, name="recorder"):
        yield plugin


@pytest.mark.django_db
def test_hook_after_enrollment_created(site, learner, recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_create(user=learner, course=course_with_lessons())
    assert recorder.events == [("after_enrollment_created", enrollment)]


@pytest.mark.django_db
def test_hook_after_lesson_completed(site, learner, recorder, django_capture_on_commit_callbacks):
    course = course_with_lessons(lessons=2)
    enrollment = enrollment_create(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        progress = lesson_complete(
            enrollment=enrollment, lesson=LessonPage.objects.child_of(course).first()
        )
    assert ("after_lesson_completed", progress) in recorder.events


@pytest.mark.django_db
def test_hook_after_course_completed(site, learner, recorder, django_capture_on_commit_callbacks):
    course = course_with_lessons(lessons=1)
    enrollment = enrollment_create(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(enrollment=enrollment, lesson=LessonPage.objects.child_of(course).first())
    completed = [payload for name, payload in recorder.events if name == "after_course_completed"]
    assert [item.pk for item in completed] == [enrollment.pk]
    assert completed[0].passed is True


class CertificateEvents:
    def __init__(self):
        self.events = []

    @hookimpl
    def after_certificate_issued(self, certificate):
        self.events.append(("issued", certificate))

    @hookimpl
    def after_certificate_revoked(self, certificate):
        self.events.append(("revoked", certificate))


@pytest.mark.django_db
def test_hook_after_certificate_issued():
    plugin, certificate = CertificateEvents(), object()
    with plugin_registered(plugin, name="cert_events"):
        assert hooks.after_certificate_issued(certificate=certificate) is None
    assert plugin.events == [("issued", certificate)]


@pytest.mark.django_db
def test_hook_after_certificate_revoked():
    plugin, certificate = CertificateEvents(), object()
    with plugin_registered(plugin, name="cert_events"):
        hooks.after_certificate_revoked(certificate=certificate)
    assert plugin.events == [("revoked", certificate)]


@pytest.mark.django_db
def test_calling_a_hook_without_its_arguments_is_a_programming_error():
    with pytest.raises(TypeError, match="needs the keyword arguments"):
        hooks.after_course_completed()


def test_calling_a_hook_that_does_not_exist_is_a_programming_error():
    with pytest.raises(AttributeError):
        hooks.after_something_unknown()


@pytest.mark.django_db
@pytest.mark.parametrize("passes", [True, False], ids=["passing", "failing"])
def test_hook_after_demo_lesson_reached(site, learner, passes):
    """The bundled quiz answers it with attempts of its own; the demo imports no plugin."""
    import datetime

    from django.utils import timezone

    from plugins.quiz.models import QuizAttempt

    course = course_with_lessons(lessons=1, quiz=True, max_attempts=3)
    enrollment = enrollment_create(user=learner, course=course)
    quiz_lesson = next(
        lesson for lesson in LessonPage.objects.child_of(course) if lesson.has_graded_activity
    )
    reached = timezone.now() - datetime.timedelta(days=30)
    hooks.after_demo_lesson_reached(
        enrollment=enrollment, lesson=quiz_lesson, passes=passes, at=reached
    )
    attempts = list(QuizAttempt.objects.filter(enrollment=enrollment).order_by("number"))
    assert attempts and all(attempt.submitted_at > reached for attempt in attempts)
    if passes:
        assert attempts[-1].score == 100 and all(a.score < 100 for a in attempts[:-1])
    else:
        assert len(attempts) == 3 and all(attempt.score < 100 for attempt in attempts)


@pytest.mark.django_db
def test_the_demo_journey_leaves_graded_lessons_to_their_plugins(site, learner):
    import datetime
    import random

    from lms.demo.courses import learner_journey

    class DemoRecorder:
        def __init__(self):
            self.reached = []

        @hookimpl
        def after_demo_lesson_reached(self, lesson, passes):
            self.reached.append((lesson.pk, passes))

    course = course_with_lessons(lessons=2, quiz=True)
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    plugin = DemoRecorder()
    with plugin_registered(plugin, name="demo_recorder"):
        learner_journey(
            user=learner,
            course=course,
            lessons=lessons,
            rng=random.Random(1),
            outcome="passed",
            start=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC),
        )
    assert plugin.reached == [(lessons[-1].pk, True)]
