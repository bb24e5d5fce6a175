"""email_send: rendered in the language asked, logged without its body, delivered by a task
that retries, read back from a real SMTP server (the smtp_server fixture, aiosmtpd)."""

import socket

import pytest
from django.test import override_settings
from django.utils import translation

from lms.notifications.models import OutboundEmail
from lms.notifications.policy import MAX_ATTEMPTS
from lms.notifications.services import email_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice_template(tmp_path, settings):
    """A template set of the kind apps ship (emails/<name>/subject, body.txt, body.html)."""
    folder = tmp_path / "emails" / "notice"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text(
        "{% load i18n %}{% get_current_language as lang %}[{{ lang }}]\n"
        "{% translate 'Digital Learning' %}: {{ title }}\n"
    )
    (folder / "body.txt").write_text("Plain {{ title }} {{ public_url }}/x\n")
    (folder / "body.html").write_text(
        '{% extends "emails/layout.html" %}{% block content %}<p>Rich {{ title }}</p>{% endblock %}'
    )
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    settings.TEMPLATES = [engine]
    settings.LMS_PUBLIC_URL = "https://hoctap.example.gov.vn"
    settings.DEFAULT_FROM_EMAIL = "Hoc tap so <no-reply@hoctap.example.gov.vn>"
    return "notice"


def send(callbacks, **kwargs) -> OutboundEmail:
    arguments = {
        "to": "le.mai@example.gov.vn",
        "template": "notice",
        "context": {"title": "T<1>"},
        "kind": "test_notice",
        **kwargs,
    }
    with callbacks(execute=True):
        outbound = email_send(**arguments)
    outbound.refresh_from_db()
    return outbound


def test_a_message_arrives_with_subject_text_and_html_parts_in_vietnamese(
    notice_template, smtp_server, django_capture_on_commit_callbacks
):
    outbound = send(django_capture_on_commit_callbacks)
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["le.mai@example.gov.vn"]
    assert message["From"] == "Hoc tap so <no-reply@hoctap.example.gov.vn>"
    # Subject on one line, whatever the template's line breaks.
    assert message["Subject"].strip() == "[vi] Học tập số: T<1>"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert text.strip() == "Plain T<1> https://hoctap.example.gov.vn/x"
    assert "<p>Rich T&lt;1&gt;</p>" in html and '<html lang="vi">' in html
    assert "https://hoctap.example.gov.vn/" in html
    assert (outbound.status, outbound.attempts, outbound.error) == ("sent", 1, "")
    assert outbound.sent_at is not None and outbound.language == "vi"
    assert outbound.subject == "[vi] Học tập số: T<1>"


def test_the_language_asked_is_used_whatever_the_active_one(
    notice_template, smtp_server, django_capture_on_commit_callbacks
):
    with translation.override("vi"):
        outbound = send(django_capture_on_commit_callbacks, language="en")
    [(_, message)] = smtp_server.messages
    assert message["Subject"].strip() == "[en] Digital Learning: T<1>"
    assert outbound.language == "en"
    assert translation.get_language() == "vi"


def test_the_log_keeps_no_body_once_sent(
    notice_template, smtp_server, django_capture_on_commit_callbacks
):
    outbound = send(django_capture_on_commit_callbacks, context={"title": "secret-token-123"})
    assert outbound.status == "sent"
    row = OutboundEmail.objects.filter(pk=outbound.pk).values().get()
    assert not any("Plain" in str(value) for value in row.values())
    assert (row["pending_text"], row["pending_html"]) == ("", "")


def test_nothing_is_sent_before_the_transaction_commits(
    notice_template, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbound = email_send(
            to="a@example.gov.vn", template="notice", context={"title": "x"}, kind="k"
        )
    assert len(callbacks) == 1
    assert smtp_server.messages == []
    outbound.refresh_from_db()
    assert outbound.status == "queued" and outbound.pending_text


def test_a_relay_that_refuses_twice_then_accepts_delivers_once_on_the_third_attempt(
    notice_template, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse = 2
    outbound = send(django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1
    assert (outbound.status, outbound.attempts) == ("sent", 3)
    assert outbound.error == ""


def test_a_relay_that_keeps_refusing_leaves_the_message_failed_with_the_reason(
    notice_template, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse = MAX_ATTEMPTS + 5
    outbound = send(django_capture_on_commit_callbacks)
    assert smtp_server.messages == []
    assert (outbound.status, outbound.attempts) == ("failed", MAX_ATTEMPTS)
    assert outbound.error.startswith("SMTPDataError") and "451" in outbound.error
    assert (outbound.pending_text, outbound.pending_html, outbound.sent_at) == ("", "", None)
    assert smtp_server.refuse == 5  # exactly MAX_ATTEMPTS tries reached the server


def test_an_unreachable_relay_is_retried_then_failed(
    notice_template, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
    ):
        outbound = send(django_capture_on_commit_callbacks)
    assert (outbound.status, outbound.attempts) == ("failed", MAX_ATTEMPTS)
    assert outbound.error.startswith("ConnectionRefusedError")


def test_a_delivery_repeated_after_success_sends_nothing_more(
    notice_template, smtp_server, django_capture_on_commit_callbacks
):
    from lms.notifications.tasks import email_send_task

    outbound = send(django_capture_on_commit_callbacks)
    email_send_task.apply(kwargs={"outbound_id": outbound.pk})  # the broker redelivers
    assert len(smtp_server.messages) == 1
    outbound.refresh_from_db()
    assert outbound.attempts == 1


def test_a_permanent_refusal_is_not_retried(
    notice_template, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse = 3
    smtp_server.refusal = "550 5.1.1 Mailbox does not exist"
    outbound = send(django_capture_on_commit_callbacks)
    assert (outbound.status, outbound.attempts) == ("failed", 1)
    assert "550" in outbound.error
    assert smtp_server.refuse == 2  # one try reached the server
