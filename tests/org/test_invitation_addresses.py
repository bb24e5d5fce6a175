"""An invitation's address is one person's: shared mailboxes, addresses an account already uses
or too long for a username are left out (and counted), one failure spoils no one else's
invitation, and a link dies when the roster corrects the address it was sent to."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_save

from lms.notifications.models import OutboundEmail
from lms.org.models import Person, RosterImport
from tests.factories import UserFactory
from tests.org.test_invitations import (  # noqa: F401 (english_public_site: autouse fixture)
    NEW_PASSWORD,
    english_public_site,
    imported,
    invite,
    link_in,
)

pytestmark = pytest.mark.django_db
# 176 characters: a valid address, longer than a username may be (150).
LONG_ADDRESS = "a" * 64 + "@" + "b" * 63 + "." + "c" * 40 + ".gov.vn"
SHARED = (
    "Họ và tên,Mã cán bộ,Mã đơn vị,Email\n"
    "Lê Văn An,TU-1,BDG-TU-KB,an.le@tanuyen.example.gov.vn\n"
    "Trần Thị Bình,TU-2,BDG-TU-KB,vanthu@tanuyen.example.gov.vn\n"  # the commune's mailbox,
    "Phạm Văn Cường,TU-3,BDG-TU-KB,VanThu@tanuyen.example.gov.vn\n"  # in another case
    "Võ Thị Dung,TU-4,BDG-TU-KB,dung.vo@tanuyen.example.gov.vn\n"
    f"Đỗ Văn Em,TU-5,BDG-TU-KB,{LONG_ADDRESS}\n"
    "Hồ Thị Giang,TU-6,BDG-TU-KB,giang@tanuyen.example.gov.vn\n"
)


def roster_apply(client, units, callbacks, roster: str) -> RosterImport:
    upload = SimpleUploadedFile("roster.csv", roster.encode())
    with callbacks(execute=True):
        client.post("/admin/org/imports/new/", {"unit": units["BDG-TU"].pk, "file": upload})
    roster_import = RosterImport.objects.order_by("pk").last()
    with callbacks(execute=True):
        client.post(f"/admin/org/imports/{roster_import.pk}/confirm/")
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    return roster_import


def preview_counts(client, roster_import) -> dict[str, int]:
    html = client.get(f"/admin/org/imports/{roster_import.pk}/invite/").content.decode()
    return {
        name: int(count)
        for name, count in re.findall(r'data-count="(\w+)">(?:<strong>)?(\d+)<', html)
    }


@pytest.fixture
def shared(client, site, units, tanuyen_officer, django_capture_on_commit_callbacks):
    # Dung's address is already some account's username, in another case.
    UserFactory(username="Dung.Vo@tanuyen.example.gov.vn", email="")
    client.force_login(tanuyen_officer)
    return roster_apply(client, units, django_capture_on_commit_callbacks, SHARED)


def test_the_preview_counts_shared_used_and_too_long_addresses(client, shared):
    counts = preview_counts(client, shared)
    assert counts == {
        "people": 6,
        "no_address": 0,
        "with_login": 0,
        "invited_recently": 0,
        "address_used": 1,
        "shared_address": 2,
        "address_too_long": 1,
        "to_invite": 2,
    }
    assert sum(counts.values()) - counts["people"] == counts["people"]  # one row each


def test_a_shared_address_does_not_stop_everyone_elses_invitation(
    client, shared, smtp_server, django_capture_on_commit_callbacks
):
    response = invite(client, shared, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert sorted(recipients for recipients, _message in smtp_server.messages) == [
        ["an.le@tanuyen.example.gov.vn"],
        ["giang@tanuyen.example.gov.vn"],
    ]
    people = {person.employee_code: person for person in Person.objects.select_related("user")}
    assert people["TU-1"].user.get_username() == "an.le@tanuyen.example.gov.vn"
    assert [people[code].user for code in ("TU-2", "TU-3", "TU-4", "TU-5")] == [None] * 4
    assert not get_user_model().objects.filter(username__iexact="vanthu@tanuyen.example.gov.vn")
    assert preview_counts(client, shared)["invited_recently"] == 2


def test_an_address_taken_meanwhile_fails_alone(
    client, shared, smtp_server, django_capture_on_commit_callbacks
):
    def take_giangs_address(sender, instance, created, **kwargs):
        # Another request makes an account with Giang's address while An's login is made:
        # her login then breaks the unique username (a real IntegrityError).
        if created and instance.username == "an.le@tanuyen.example.gov.vn":
            get_user_model().objects.create_user(username="giang@tanuyen.example.gov.vn")

    post_save.connect(take_giangs_address, sender=get_user_model())
    try:
        response = invite(client, shared, django_capture_on_commit_callbacks)
    finally:
        post_save.disconnect(take_giangs_address, sender=get_user_model())
    assert response.status_code == 302
    assert [recipients for recipients, _message in smtp_server.messages] == [
        ["an.le@tanuyen.example.gov.vn"]
    ]
    giang = Person.objects.get(employee_code="TU-6")
    assert giang.user is None and giang.invited_at is None
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == [
        "an.le@tanuyen.example.gov.vn"
    ]
    page = client.get(response.url).content.decode()
    assert "1 invitation is being sent." in page
    assert "1 person was not invited: an account started using their address meanwhile." in page


def accept_page(client, smtp_server, index=0):
    client.logout()
    return client.get(urlsplit(link_in(smtp_server.messages[index][1])).path)


def test_a_link_sent_to_a_wrong_address_dies_when_the_roster_corrects_it(
    client,
    imported,  # noqa: F811 (the fixture imported above)
    smtp_server,
    django_capture_on_commit_callbacks,
):
    invite(client, imported, django_capture_on_commit_callbacks)
    an = Person.objects.select_related("user").get(employee_code="TU-1")
    # The address was mistyped (someone else's mailbox); the record is corrected.
    Person.objects.filter(pk=an.pk).update(email="an.le.dung@tanuyen.example.gov.vn")
    page = accept_page(client, smtp_server)  # the stranger who got the first e-mail
    assert page.status_code == 200 and "This link no longer works" in page.content.decode()
    an.user.refresh_from_db()
    assert not an.user.is_active and not an.user.has_usable_password()
    assert "_auth_user_id" not in client.session


def test_the_link_dies_between_its_form_and_the_submit_too(
    client,
    imported,  # noqa: F811 (the fixture imported above)
    smtp_server,
    django_capture_on_commit_callbacks,
):
    invite(client, imported, django_capture_on_commit_callbacks)
    form_url = accept_page(client, smtp_server).url
    Person.objects.filter(employee_code="TU-1").update(email="an.le.dung@tanuyen.example.gov.vn")
    fields = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "consent": "on"}
    page = client.post(form_url, fields)
    assert "This link no longer works" in page.content.decode()
    assert not Person.objects.get(employee_code="TU-1").user.is_active


def test_the_same_address_in_another_case_keeps_the_link(
    client,
    imported,  # noqa: F811 (the fixture imported above)
    smtp_server,
    django_capture_on_commit_callbacks,
):
    invite(client, imported, django_capture_on_commit_callbacks)
    Person.objects.filter(employee_code="TU-1").update(email="An.Le@TanUyen.example.gov.vn")
    form_url = accept_page(client, smtp_server).url
    fields = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "consent": "on"}
    assert client.post(form_url, fields).status_code == 302
    assert Person.objects.get(employee_code="TU-1").user.is_active


def test_a_reimport_correcting_the_address_allows_a_new_invitation_there(
    client,
    imported,  # noqa: F811 (the fixture imported above)
    units,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    invite(client, imported, django_capture_on_commit_callbacks)
    corrected = roster_apply(
        client,
        units,
        django_capture_on_commit_callbacks,
        "Họ và tên,Mã cán bộ,Mã đơn vị,Email\n"
        "Lê Văn An,TU-1,BDG-TU-KB,An.Le.Dung@tanuyen.example.gov.vn\n",
    )
    counts = preview_counts(client, corrected)
    assert (counts["invited_recently"], counts["to_invite"]) == (0, 1)
    invite(client, corrected, django_capture_on_commit_callbacks)
    assert smtp_server.messages[1][0] == ["An.Le.Dung@tanuyen.example.gov.vn"]
    an = Person.objects.select_related("user").get(employee_code="TU-1")
    # The same login (never used) follows the address: its username is the new one.
    assert get_user_model().objects.count() == 4  # officer, Cường's, Dung's, An's
    assert (an.user.get_username(), an.user.email) == (
        "an.le.dung@tanuyen.example.gov.vn",
        "An.Le.Dung@tanuyen.example.gov.vn",
    )
    assert "This link no longer works" in accept_page(client, smtp_server, 0).content.decode()
    form_url = accept_page(client, smtp_server, 1).url
    fields = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "consent": "on"}
    assert client.post(form_url, fields).status_code == 302
    an.user.refresh_from_db()
    assert an.user.is_active and client.session["_auth_user_id"] == str(an.user.pk)
