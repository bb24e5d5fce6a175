"""Settings > Plugins: administrators see every plugin and turn them off and on, live."""

import logging

import pytest
from wagtail.models import ModelLogEntry

from courses.models import LessonPage
from courses.services import enrollment_create
from plugins import hookimpl
from plugins.manager import get_plugin_system, hooks
from plugins.models import PluginState
from plugins.testing import plugin_registered
from tests.factories import UserFactory, course_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, site):
    client.force_login(UserFactory(username="quan.tri", is_superuser=True, is_staff=True))
    return client


def plugin_row(html: str, name: str) -> str:
    start = html.index(f'data-plugin="{name}"')
    return html[start : html.index("</tr>", start)]


def test_plugins_are_listed_under_settings(admin_client):
    menu = admin_client.get("/admin/").content.decode()
    assert "/admin/plugins/" in menu
    html = admin_client.get("/admin/plugins/").content.decode()
    quiz = plugin_row(html, "quiz")
    assert "1.0.0" in quiz and "Đi kèm hệ thống" in quiz and "Đang bật" in quiz
    assert "register_lesson_blocks" in quiz and "register_completion_requirements" in quiz
    assert "Quiz lesson block" in quiz
    assert "register_report_exporters" in plugin_row(html, "report_exporters")
    # Where a plugin author reads the version to put in lms_versions.
    assert "cung cấp API plugin 0.4" in html and "Hỗ trợ API plugin &gt;=0.2,&lt;1.0" in quiz


def test_disabling_a_plugin_stops_its_hooks_and_is_recorded(admin_client):
    response = admin_client.post("/admin/plugins/report_exporters/toggle/", {"enabled": "0"})
    assert response.status_code == 302
    state = PluginState.objects.get(name="report_exporters")
    assert state.enabled is False
    assert state.changed_by.username == "quan.tri" and state.changed_at is not None
    entry = ModelLogEntry.objects.get(action="lms_plugins.disable")
    assert entry.user.username == "quan.tri"
    assert hooks.register_report_exporters() == []
    row = plugin_row(admin_client.get("/admin/plugins/").content.decode(), "report_exporters")
    assert "Đã tắt" in row and "quan.tri" in row

    admin_client.post("/admin/plugins/report_exporters/toggle/", {"enabled": "1"})
    assert [name for name, _ in hooks.register_report_exporters()] == ["report_exporters"]
    assert ModelLogEntry.objects.filter(action="lms_plugins.enable").count() == 1


def test_a_change_made_by_another_process_applies_at_the_next_request(client, site):
    PluginState.objects.create(name="report_exporters", enabled=False)  # another process wrote it
    system = get_plugin_system()
    system.disabled = frozenset()  # this process still believes it enabled
    client.get("/")  # the next request re-reads the state
    assert hooks.register_report_exporters() == []


def test_a_disabled_plugins_blocks_render_as_a_placeholder(client, site):
    learner = UserFactory(username="hoc.vien")
    course = course_with_lessons(lessons=0, quiz=True)
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    quiz_lesson = LessonPage.objects.child_of(course).get()
    assert 'name="q-q1"' in client.get(quiz_lesson.url).content.decode()
    PluginState.objects.create(name="quiz", enabled=False)
    response = client.get(quiz_lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "tạm thời không hiển thị được" in html
    assert 'name="q-q1"' not in html


def test_a_disabled_plugins_urls_answer_404(client, site):
    learner = UserFactory(username="hoc.vien")
    client.force_login(learner)
    PluginState.objects.create(name="quiz", enabled=False)
    assert client.post("/plugins/quiz/1/x/submit/", {}).status_code == 404


class FailingContribution:
    @hookimpl
    def register_report_exporters(self):
        raise ValueError("exporter misconfigured")


def test_a_failing_contribution_is_left_out_and_shown(admin_client):
    with plugin_registered(FailingContribution(), name="broken_exporter"):
        contributed = dict(hooks.register_report_exporters())
        assert "broken_exporter" not in contributed and "report_exporters" in contributed
        row = plugin_row(admin_client.get("/admin/plugins/").content.decode(), "broken_exporter")
        assert "register_report_exporters" in row and "exporter misconfigured" in row


def test_refused_plugins_are_shown_with_their_reason(admin_client):
    from plugins.discovery import PluginRecord

    system = get_plugin_system()
    system.records["ancient"] = PluginRecord(
        name="ancient",
        module="ancient.hooks",
        package="ancient",
        source="installed",
    )
    system.records["ancient"].refuse("incompatible", versions="<0.1", current="0.2")
    try:
        row = plugin_row(admin_client.get("/admin/plugins/").content.decode(), "ancient")
        assert (
            "Bị từ chối" in row and "chỉ hỗ trợ API plugin phiên bản &lt;0.1" in row
        )  # in Vietnamese
        assert "toggle" not in row  # nothing to switch
        assert (
            admin_client.post("/admin/plugins/ancient/toggle/", {"enabled": "1"}).status_code == 404
        )
    finally:
        system.records.pop("ancient")


def test_only_administrators_see_and_change_plugins(client, site):
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="bien.tap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert "/admin/plugins/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/plugins/").status_code == 302  # Wagtail: "permission denied"
    client.post("/admin/plugins/quiz/toggle/", {"enabled": "0"})
    assert not PluginState.objects.exists()


def test_tracing_logs_every_hook_call(settings, caplog):
    settings.LMS_TRACE_PLUGINS = True
    with caplog.at_level(logging.INFO, logger="plugins"):
        hooks.register_report_exporters()
    assert "plugin hook report_exporters.register_report_exporters() took" in caplog.text
