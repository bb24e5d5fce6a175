"""The sent log in the admin: administrators see who got what, when and with what outcome,
filtered by kind and status; nobody else sees it; no body is shown (none is kept)."""

import pytest

from lms.notifications.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOG = "/admin/reports/sent-emails/"


@pytest.fixture
def log(db):
    sent = OutboundEmail.objects.create(
        to="an@example.gov.vn",
        kind="invitation",
        subject="Mời tham gia",
        language="vi",
        status=OutboundEmail.Status.SENT,
        attempts=1,
    )
    failed = OutboundEmail.objects.create(
        to="binh@example.gov.vn",
        kind="password_reset",
        subject="Đặt lại mật khẩu",
        language="en",
        status=OutboundEmail.Status.FAILED,
        attempts=4,
        error="SMTPDataError: (451, b'try again later')",
    )
    return sent, failed


@pytest.fixture
def admin(client, site):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_administrators_see_every_message_and_filter_by_kind_and_status(admin, log):
    html = admin.get(LOG).content.decode()
    assert "an@example.gov.vn" in html and "binh@example.gov.vn" in html
    by_kind = admin.get(LOG, {"kind": "invitation"}).content.decode()
    assert "an@example.gov.vn" in by_kind and "binh@example.gov.vn" not in by_kind
    by_status = admin.get(LOG, {"status": "failed"}).content.decode()
    assert "binh@example.gov.vn" in by_status and "an@example.gov.vn" not in by_status


def test_a_message_shows_its_outcome_and_error_but_no_body(admin, log):
    _, failed = log
    OutboundEmail.objects.filter(pk=failed.pk).update(pending_text="SECRET-LINK-TOKEN")
    html = admin.get(f"{LOG}inspect/{failed.pk}/").content.decode()
    assert "SMTPDataError" in html and "binh@example.gov.vn" in html
    assert "SECRET-LINK-TOKEN" not in html


def test_the_log_is_read_only_and_for_administrators_only(client, admin, log, site):
    sent, _ = log
    for path in ("new/", f"edit/{sent.pk}/", f"delete/{sent.pk}/"):
        assert admin.get(LOG + path).status_code == 404
    from lms.demo.province import units_build
    from tests.org.conftest import officer_of

    units = units_build()
    client.force_login(officer_of("hr.tu", units["BDG-TU"]))
    response = client.get(LOG)
    assert response.status_code == 302 and "an@example.gov.vn" not in response.content.decode()


def test_the_reports_menu_lists_the_log_for_administrators_only(client, admin, log):
    assert LOG in admin.get("/admin/").content.decode()
    from django.contrib.auth.models import Permission

    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert LOG not in client.get("/admin/").content.decode()
