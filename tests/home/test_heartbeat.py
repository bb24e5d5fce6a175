"""Task-queue heartbeat: enqueued on commit, processed once, shown to administrators."""

import pytest

from lms.home.heartbeats import heartbeat_mark_processed
from lms.home.models import TaskHeartbeat
from lms.home.services import heartbeat_send
from tests.factories import UserFactory


@pytest.mark.django_db
def test_heartbeat_is_only_sent_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        heartbeat = heartbeat_send()
    assert len(callbacks) == 1
    heartbeat.refresh_from_db()
    assert heartbeat.processed_at is None  # nothing ran before commit

    callbacks[0]()  # the commit happens: the in-process task runs
    heartbeat.refresh_from_db()
    assert heartbeat.processed_at is not None
    assert heartbeat.processed_by


@pytest.mark.django_db
def test_redelivered_heartbeat_changes_nothing():
    heartbeat = TaskHeartbeat.objects.create()
    assert heartbeat_mark_processed(heartbeat_id=heartbeat.pk, worker="w1") is True
    assert heartbeat_mark_processed(heartbeat_id=heartbeat.pk, worker="w2") is False
    heartbeat.refresh_from_db()
    assert heartbeat.processed_by == "w1"


@pytest.mark.django_db
def test_administrator_sends_a_test_task_from_the_dashboard(
    client, site, django_capture_on_commit_callbacks
):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    dashboard = client.get("/admin/").content.decode()
    assert "Tác vụ nền" in dashboard
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/tasks/heartbeat/")
    assert response.status_code == 302
    heartbeat = TaskHeartbeat.objects.get()
    assert heartbeat.requested_by == admin
    assert heartbeat.processed_at is not None
    assert "được" in client.get("/admin/").content.decode()  # "processed by … after … s"


@pytest.mark.django_db
def test_only_administrators_may_send_test_tasks(client, site):
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert "Tác vụ nền" not in client.get("/admin/").content.decode()
    refused = client.post("/admin/tasks/heartbeat/", follow=True)
    assert "không có quyền" in refused.content.decode()  # Wagtail's "permission denied"
    assert not TaskHeartbeat.objects.exists()


def test_without_a_broker_the_log_says_tasks_run_in_process(settings, caplog):
    from lms.startup import log_task_mode

    settings.LMS_TASKS_IN_PROCESS = True
    with caplog.at_level("INFO", logger="lms"):
        log_task_mode()
    assert "background tasks run in-process" in caplog.text


def test_with_a_broker_the_log_stays_quiet(settings, caplog):
    from lms.startup import log_task_mode

    settings.LMS_TASKS_IN_PROCESS = False
    with caplog.at_level("INFO", logger="lms"):
        log_task_mode()
    assert caplog.text == ""
