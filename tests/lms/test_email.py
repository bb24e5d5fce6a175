"""E-mail goes where EMAIL_URL says, and arrives: read back from a real SMTP server that the
test starts (aiosmtpd), not from Django's in-memory outbox."""

import json

import pytest
from django.contrib.auth import get_user_model

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


@pytest.mark.django_db
def test_a_password_reset_arrives_through_smtp_in_vietnamese_with_the_public_address(
    client, site, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.LMS_PUBLIC_URL = "https://hoctap.example.gov.vn"
    get_user_model().objects.create_user(
        username="le.mai", email="le.mai@example.gov.vn", password="mật-khẩu-cũ-dài"
    )
    with django_capture_on_commit_callbacks(execute=True):
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


def test_a_providers_api_is_chosen_by_email_backend_with_its_anymail_settings(run_manage):
    env = {"DJANGO_SETTINGS_MODULE": "lms.settings.dev"}
    env.update(
        EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
        ANYMAIL_MAILGUN_API_KEY="key-123",
        ANYMAIL_MAILGUN_API_URL="https://api.eu.mailgun.net/v3",
    )
    result = run_manage(
        "shell",
        "-c",
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.EMAIL_BACKEND, s.ANYMAIL]))",
        env=env,
        drop=("EMAIL_URL",),
    )
    assert result.returncode == 0, result.stderr
    backend, anymail = json.loads(result.stdout.strip().splitlines()[-1])
    assert backend == "anymail.backends.mailgun.EmailBackend"
    assert anymail == {
        "MAILGUN_API_KEY": "key-123",
        "MAILGUN_API_URL": "https://api.eu.mailgun.net/v3",
    }
