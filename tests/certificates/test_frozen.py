"""An issued certificate is frozen: not even an administrator adds, edits, copies or deletes
one by posting to the admin's URLs. Revocation stays a status, through its own action."""

import pytest

from certificates.models import Certificate
from tests.factories import UserFactory

from .test_certificates import issue

pytestmark = pytest.mark.django_db
SNIPPETS = "/admin/snippets/certificates/certificate"


@pytest.fixture
def certificate(learner, certified_course, django_capture_on_commit_callbacks):
    return issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def frozen_state(certificate) -> tuple:
    certificate.refresh_from_db()
    return (
        certificate.serial,
        certificate.code,
        certificate.status,
        certificate.sha256,
        certificate.context,
        certificate.revoked_at,
    )


def test_an_administrator_cannot_edit_a_certificate_by_posting(admin_client, certificate):
    before = frozen_state(certificate)
    fields = {
        "serial": "9999/2026/GCN-GIA",
        "code": "AAAA-BBBB-CCCC-DDDD",
        "status": "revoked",
        "revoke_reason": "x",
        "version": "7",
    }
    response = admin_client.post(f"{SNIPPETS}/edit/{certificate.pk}/", fields)
    assert response.status_code in {302, 403}
    assert response.status_code == 403 or response.url != f"{SNIPPETS}/"  # not "saved"
    assert frozen_state(certificate) == before
    assert admin_client.get(f"{SNIPPETS}/edit/{certificate.pk}/").status_code in {302, 403}


def test_an_administrator_cannot_delete_a_certificate(admin_client, certificate):
    response = admin_client.post(f"{SNIPPETS}/delete/{certificate.pk}/")
    assert response.status_code in {302, 403}
    bulk = admin_client.post(
        f"/admin/bulk/certificates/certificate/delete/?id={certificate.pk}", {"id": certificate.pk}
    )
    assert bulk.status_code in {302, 403}
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_an_administrator_cannot_add_or_copy_a_certificate(admin_client, certificate):
    data = {
        "enrollment": certificate.enrollment_id,
        "template": certificate.template_id,
        "code": "AAAA-BBBB-CCCC-DDDD",
        "issuer_code": "STTTT",
        "year": "2026",
        "sequence": "99",
        "serial": "0099/2026/GCN-STTTT",
        "status": "issued",
    }
    assert admin_client.post(f"{SNIPPETS}/add/", data).status_code in {302, 403}
    assert admin_client.post(f"{SNIPPETS}/copy/{certificate.pk}/", data).status_code in {
        302,
        403,
        404,
    }
    assert Certificate.objects.count() == 1


def test_the_list_and_inspect_views_still_show_certificates(admin_client, certificate):
    listing = admin_client.get(f"{SNIPPETS}/")
    assert listing.status_code == 200 and certificate.serial in listing.content.decode()
    assert f"{SNIPPETS}/add/" not in listing.content.decode()
    assert admin_client.get(f"{SNIPPETS}/inspect/{certificate.pk}/").status_code == 200


def test_revocation_stays_a_recorded_status_change(admin_client, certificate):
    response = admin_client.post(
        f"/admin/certificates/{certificate.pk}/", {"action": "revoke", "reason": "Cấp nhầm"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoke_reason == "Cấp nhầm" and certificate.revoked_at is not None
