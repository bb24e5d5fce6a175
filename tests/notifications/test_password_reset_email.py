"""Password reset e-mails (the site's and the admin's) go through email_send: both parts, the
link on the public address, logged without the link."""

import re

import pytest
from django.core.cache import cache

from lms.notifications.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://hoctap.example.gov.vn"


@pytest.fixture(autouse=True)
def setup(settings, site):
    settings.LMS_PUBLIC_URL = PUBLIC
    cache.clear()  # rate-limit counters outlive a test's rollback
    yield
    cache.clear()


def reset(client, path, email, callbacks):
    with callbacks(execute=True):
        return client.post(path, {"email": email}, HTTP_HOST="attacker.example")


def test_a_reset_arrives_with_both_parts_and_the_log_keeps_no_link(
    client, smtp_server, django_capture_on_commit_callbacks
):
    user = UserFactory(username="le.mai", email="le.mai@example.gov.vn")
    response = reset(
        client,
        "/accounts/password/reset/",
        "le.mai@example.gov.vn",
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["le.mai@example.gov.vn"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    [link] = re.findall(r"https://\S+/accounts/password/reset/\S+/\S+/", text)
    assert link.startswith(PUBLIC + "/accounts/password/reset/")
    assert f'href="{link}"' in html
    assert "attacker.example" not in text + html
    logged = OutboundEmail.objects.get()
    assert (logged.kind, logged.status, logged.user, logged.to) == (
        "password_reset",
        "sent",
        user,
        "le.mai@example.gov.vn",
    )
    token = link.rstrip("/").rsplit("/", 1)[-1]
    row = OutboundEmail.objects.filter(pk=logged.pk).values().get()
    assert not any(token in str(value) for value in row.values())


def test_a_reset_asked_in_english_arrives_in_english(
    client, smtp_server, django_capture_on_commit_callbacks, settings
):
    UserFactory(username="le.mai", email="le.mai@example.gov.vn")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    reset(
        client,
        "/accounts/password/reset/",
        "le.mai@example.gov.vn",
        django_capture_on_commit_callbacks,
    )
    [(_, message)] = smtp_server.messages
    assert message["Subject"].strip() == "Reset your password on Digital Learning"
    assert OutboundEmail.objects.get().language == "en"


def test_the_admin_reset_is_sent_and_logged_the_same_way_with_the_admin_link(
    client, smtp_server, django_capture_on_commit_callbacks
):
    user = UserFactory(username="can.bo", email="can.bo@example.gov.vn", is_staff=True)
    response = reset(
        client,
        "/admin/password_reset/",
        "can.bo@example.gov.vn",
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    [(_, message)] = smtp_server.messages
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert re.search(PUBLIC + r"/admin/password_reset/confirm/\S+/\S+/", text)
    assert message["Subject"].strip() == "Đặt lại mật khẩu trên Học tập số"
    assert OutboundEmail.objects.get().user == user
