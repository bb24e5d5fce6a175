"""The learner gets an e-mail when their certificate's PDF is stored, with the download and
verification links on the public address: read from a real SMTP server."""

import datetime
import re

import pytest

from certificates.models import Certificate
from lms.notifications.models import OutboundEmail
from tests.factories import UserFactory
from tests.targets.conftest import complete

pytestmark = pytest.mark.django_db
PUBLIC = "https://hoctap.example.gov.vn"


@pytest.fixture(autouse=True)
def english_public_site(settings):
    # English: the Vietnamese catalogue is compiled by the lead after these tests are written.
    settings.LANGUAGE_CODE = "en"
    settings.LMS_PUBLIC_URL = PUBLIC


def issue(person, course, callbacks) -> Certificate:
    with callbacks(execute=True):
        enrollment = complete(person, course, on=datetime.date(2026, 3, 27))
    return Certificate.objects.get(enrollment=enrollment)


def parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_an_issued_certificate_is_announced_with_working_links(
    client, learner, certified_course, smtp_server, django_capture_on_commit_callbacks
):
    certificate = issue(learner, certified_course, django_capture_on_commit_callbacks)
    assert certificate.status == Certificate.Status.ISSUED
    [(recipients, message)] = smtp_server.messages
    assert recipients == [learner.user.email]
    assert message["Subject"].strip() == (
        'Your certificate for "Chuyển đổi số trong cơ quan nhà nước" is ready'
    )
    text, html = parts(message)
    assert "Hello Nguyễn Thị Hồng Nhung," in text
    assert f"Serial number: {certificate.serial}" in text
    download = f"{PUBLIC}/certificates/{certificate.code}/download/"
    verify = f"{PUBLIC}/certificates/verify/{certificate.code}/"
    assert download in text and verify in text
    assert f'href="{download}"' in html and f'href="{verify}"' in html
    assert "version" not in text  # a first issue replaces nothing
    # The links lead where they say: the owner downloads the PDF, anyone verifies.
    assert "Valid certificate" in client.get(verify.removeprefix(PUBLIC)).content.decode()
    client.force_login(learner.user)
    response = client.get(download.removeprefix(PUBLIC))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    logged = OutboundEmail.objects.get()
    assert (logged.kind, logged.status, logged.user) == ("certificate_issued", "sent", learner.user)


def test_the_address_on_the_record_comes_before_the_logins(
    learner, certified_course, smtp_server, django_capture_on_commit_callbacks
):
    learner.email = "nhung.nguyen@stttt.example.gov.vn"
    learner.save(update_fields=["email"])
    issue(learner, certified_course, django_capture_on_commit_callbacks)
    [(recipients, _)] = smtp_server.messages
    assert recipients == ["nhung.nguyen@stttt.example.gov.vn"]


def test_no_address_no_e_mail_and_the_certificate_is_issued_all_the_same(
    learner, certified_course, smtp_server, django_capture_on_commit_callbacks
):
    learner.user.email = ""
    learner.user.save(update_fields=["email"])
    certificate = issue(learner, certified_course, django_capture_on_commit_callbacks)
    assert certificate.status == Certificate.Status.ISSUED
    assert smtp_server.messages == [] and not OutboundEmail.objects.exists()


def test_a_reissued_certificate_is_announced_as_a_new_version(
    client, learner, certified_course, smtp_server, django_capture_on_commit_callbacks
):
    certificate = issue(learner, certified_course, django_capture_on_commit_callbacks)
    client.force_login(UserFactory(is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/certificates/{certificate.pk}/", {"action": "reissue", "reason": "Sửa họ tên"}
        )
    assert len(smtp_server.messages) == 2
    text, _ = parts(smtp_server.messages[1][1])
    assert re.search(r"This is version 2 of your certificate", text)
