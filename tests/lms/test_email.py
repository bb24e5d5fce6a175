"""E-mail goes where EMAIL_URL says, and arrives: read back from a real SMTP server that the
test starts (aiosmtpd), not from Django's in-memory outbox."""

import json
import socket
from email import message_from_bytes, policy

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

SHOW_EMAIL = (
    "shell",
    "-c",
    "import json; from django.conf import settings as s; print(json.dumps({name: getattr(s, "
    "name, None) for name in ('EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', "
    "'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_TIMEOUT')}))",
)


def email_settings(run_manage, **env) -> dict:
    env = {"DJANGO_SETTINGS_MODULE": "lms.settings.dev", **env}
    result = run_manage(*SHOW_EMAIL, env=env, drop=("EMAIL_URL",))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_email_url_e_mails_go_to_the_console(run_manage):
    seen = email_settings(run_manage)
    assert seen["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_email_url_names_the_smtp_server_and_its_tls(run_manage):
    seen = email_settings(
        run_manage, EMAIL_URL="smtp://hoctap:m%40t-kh%E1%BA%A9u@mail.example.gov.vn:587?tls=True"
    )
    assert seen["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (seen["EMAIL_HOST"], seen["EMAIL_PORT"]) == ("mail.example.gov.vn", 587)
    assert seen["EMAIL_HOST_USER"] == "hoctap"
    assert seen["EMAIL_HOST_PASSWORD"] == "m@t-khẩu"  # percent-encoded in the URL
    assert seen["EMAIL_USE_TLS"] is True and seen["EMAIL_USE_SSL"] is False
    assert seen["EMAIL_TIMEOUT"] == 10
    implicit = email_settings(
        run_manage, EMAIL_URL="smtp://hoctap:secret@mail.example.gov.vn:465?ssl=True"
    )
    assert implicit["EMAIL_USE_SSL"] is True and implicit["EMAIL_USE_TLS"] is False


class Mailbox:
    """What the SMTP server received: (envelope recipients, parsed message)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port on the loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
        ):
            yield mailbox
    finally:
        controller.stop()


@pytest.mark.django_db
def test_a_password_reset_arrives_through_smtp_in_vietnamese_with_the_public_address(
    client, site, smtp_server, settings
):
    settings.LMS_PUBLIC_URL = "https://hoctap.example.gov.vn"
    get_user_model().objects.create_user(
        username="le.mai", email="le.mai@example.gov.vn", password="mật-khẩu-cũ-dài"
    )
    response = client.post(
        "/accounts/password/reset/", {"email": "le.mai@example.gov.vn"}, HTTP_HOST="localhost"
    )
    assert response.status_code == 302
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["le.mai@example.gov.vn"]
    # (A long encoded header is folded onto a second line; unfolding leaves its indent.)
    assert message["Subject"].strip() == "Đặt lại mật khẩu trên Học tập số"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "https://hoctap.example.gov.vn/accounts/password/reset/" in body
