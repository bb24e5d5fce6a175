"""Inviting the people of a roster import to set a password: the preview counts, who gets an
e-mail (read from a real SMTP server), the one-time link, double submits, scope."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lms.notifications.models import OutboundEmail
from lms.org.models import Person, RosterImport
from tests.factories import PersonFactory, UserFactory
from tests.org.conftest import officer_of

pytestmark = pytest.mark.django_db
PUBLIC = "https://hoctap.example.gov.vn"
NEW_PASSWORD = "mot-mat-khau-moi-2025"
ROSTER = (
    "Họ và tên,Mã cán bộ,Mã đơn vị,Email\n"
    "Lê Văn An,TU-1,BDG-TU-KB,an.le@tanuyen.example.gov.vn\n"  # invited
    "Trần Thị Bình,TU-2,BDG-TU-KB,\n"  # no address
    "Phạm Văn Cường,TU-3,BDG-TU-KB,cuong@tanuyen.example.gov.vn\n"  # has a login
    "Võ Thị Dung,TU-4,BDG-TU-KB,dung@example.invalid\n"  # an account uses the address
)


@pytest.fixture(autouse=True)
def english_public_site(settings):
    # English: the Vietnamese catalogue is compiled by the lead after these tests are written.
    settings.LANGUAGE_CODE = "en"
    settings.LMS_PUBLIC_URL = PUBLIC
    cache.clear()  # rate-limit counters outlive a test's rollback
    yield
    cache.clear()


@pytest.fixture
def imported(client, site, units, tanuyen_officer, django_capture_on_commit_callbacks):
    """A roster of four applied by Tân Uyên's officer, who stays signed in."""
    PersonFactory(employee_code="TU-3", unit=units["BDG-TU-KB"], user=UserFactory())
    UserFactory(username="dung.vo", email="DUNG@example.invalid")
    client.force_login(tanuyen_officer)
    upload = SimpleUploadedFile("roster.csv", ROSTER.encode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/org/imports/new/", {"unit": units["BDG-TU"].pk, "file": upload})
    roster_import = RosterImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/org/imports/{roster_import.pk}/confirm/")
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    return roster_import


def invite(client, roster_import, callbacks):
    with callbacks(execute=True):
        return client.post(f"/admin/org/imports/{roster_import.pk}/invite/")


def link_in(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    [link] = re.findall(r"https://\S+/accounts/invitation/\S+/\S+/", text)
    return link


def test_the_import_records_its_people_and_its_page_offers_the_invitation(client, imported):
    assert set(imported.people.values_list("employee_code", flat=True)) == {
        "TU-1",
        "TU-2",
        "TU-3",
        "TU-4",
    }
    html = client.get(f"/admin/org/imports/{imported.pk}/").content.decode()
    assert f'href="/admin/org/imports/{imported.pk}/invite/"' in html


def test_the_preview_counts_who_an_invitation_reaches(client, imported):
    html = client.get(f"/admin/org/imports/{imported.pk}/invite/").content.decode()
    counts = dict(re.findall(r'data-count="(\w+)">(?:<strong>)?(\d+)<', html))
    assert counts == {
        "people": "4",
        "no_address": "1",
        "with_login": "1",
        "invited_recently": "0",
        "address_used": "1",  # Dung's address is an existing account's: she signs in and links
        "shared_address": "0",
        "address_too_long": "0",
        "to_invite": "1",
    }
    assert "<form" in html and "csrfmiddlewaretoken" in html
    assert not OutboundEmail.objects.exists()  # the preview sends nothing


def test_sending_invites_only_the_people_without_a_login_and_logs_it(
    client, imported, smtp_server, django_capture_on_commit_callbacks
):
    response = invite(client, imported, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["an.le@tanuyen.example.gov.vn"]
    assert message["Subject"].strip() == "You are invited to Digital Learning"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Hello Lê Văn An," in text and "Your username: an.le@tanuyen.example.gov.vn" in text
    assert link_in(message).startswith(PUBLIC + "/accounts/invitation/")
    assert f'href="{link_in(message)}"' in html
    an = Person.objects.select_related("user").get(employee_code="TU-1")
    assert an.user is not None and not an.user.is_active and not an.user.has_usable_password()
    assert an.invited_at is not None and an.linked_at is None
    logged = OutboundEmail.objects.get()
    assert (logged.kind, logged.status, logged.user) == ("invitation", "sent", an.user)


def test_a_second_submit_sends_nothing_until_the_link_has_expired(
    client, imported, smtp_server, django_capture_on_commit_callbacks, settings
):
    invite(client, imported, django_capture_on_commit_callbacks)
    invite(client, imported, django_capture_on_commit_callbacks)  # a double click
    assert len(smtp_server.messages) == 1
    html = client.get(f"/admin/org/imports/{imported.pk}/invite/").content.decode()
    assert 'data-count="invited_recently">1<' in html
    # Once the link has expired, the same login is invited again (a new link).
    Person.objects.filter(employee_code="TU-1").update(
        invited_at=timezone.now() - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    )
    invite(client, imported, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 2
    assert get_user_model().objects.filter(email="an.le@tanuyen.example.gov.vn").count() == 1


def test_the_link_sets_the_password_once_activates_links_and_records_consent(
    client, imported, smtp_server, django_capture_on_commit_callbacks
):
    invite(client, imported, django_capture_on_commit_callbacks)
    client.logout()
    path = urlsplit(link_in(smtp_server.messages[0][1])).path
    form_url = client.get(path).url  # the token leaves the address bar first
    assert form_url.endswith("/set-password/")
    page = client.get(form_url).content.decode()
    assert "an.le@tanuyen.example.gov.vn" in page
    fields = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    refused = client.post(form_url, fields)  # no consent
    assert refused.status_code == 200
    an = Person.objects.select_related("user").get(employee_code="TU-1")
    assert not an.user.is_active
    done = client.post(form_url, {**fields, "consent": "on"})
    assert done.status_code == 302
    an.refresh_from_db()
    an.user.refresh_from_db()
    assert an.user.is_active and an.user.check_password(NEW_PASSWORD)
    assert an.linked_at is not None and an.consent_at is not None
    assert client.get("/me/profile/").status_code == 200  # signed in
    client.logout()
    again = client.get(path)  # the token died with the unusable password
    assert again.status_code == 200 and "This link no longer works" in again.content.decode()


def test_a_password_reset_token_opens_no_invitation(
    client, imported, smtp_server, django_capture_on_commit_callbacks
):
    invite(client, imported, django_capture_on_commit_callbacks)
    client.logout()
    login = Person.objects.get(employee_code="TU-1").user
    uid = urlsafe_base64_encode(force_bytes(login.pk))
    reset_token = default_token_generator.make_token(login)
    response = client.get(f"/accounts/invitation/{uid}/{reset_token}/")
    assert response.status_code == 200 and "This link no longer works" in response.content.decode()


def test_an_officer_of_another_unit_can_neither_preview_nor_send(
    client, imported, units, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(officer_of("hr.stttt", units["BDG-STTTT"]))
    assert client.get(f"/admin/org/imports/{imported.pk}/invite/").status_code == 404
    assert invite(client, imported, django_capture_on_commit_callbacks).status_code == 404
    assert smtp_server.messages == [] and Person.objects.get(employee_code="TU-1").user is None


def test_the_invitation_needs_csrf(imported, tanuyen_officer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(tanuyen_officer)
    assert strict.post(f"/admin/org/imports/{imported.pk}/invite/").status_code == 403
    assert not OutboundEmail.objects.exists()


def test_the_persons_record_shows_the_address_and_the_pending_invitation(
    client, imported, smtp_server, django_capture_on_commit_callbacks
):
    invite(client, imported, django_capture_on_commit_callbacks)
    an = Person.objects.get(employee_code="TU-1")
    html = client.get(f"/admin/org/people/{an.pk}/").content.decode()
    assert "an.le@tanuyen.example.gov.vn" in html and "invited on" in html
