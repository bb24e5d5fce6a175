"""Administrators read what sign-ins recorded (Reports); nothing there changes a record."""

import pytest

from lms.identity.models import DataProcessingRecord
from tests.factories import UserFactory


@pytest.mark.django_db
def test_administrators_read_the_records_and_cannot_change_them(admin_client):
    learner = UserFactory(username="signed.in")
    DataProcessingRecord.objects.create(
        user=learner, provider="vneid", basis="consent", text="Tôi đồng ý ...", language="vi"
    )
    page = admin_client.get("/admin/reports/personal-data-records/").content.decode()
    assert "signed.in" in page and "Tôi đồng ý ..." in page and "vneid" in page
    assert admin_client.get("/admin/reports/personal-data-records/add/").status_code == 404
    assert admin_client.get("/admin/reports/personal-data-records/1/").status_code == 404
