"""Invitations against the learners' password policy (LMS_LOCAL_LOGIN_FOR_LEARNERS): none is
offered while it is off, and an older link neither sets a password nor signs anyone in."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission

from lms.identity.backends import may_use_password
from lms.notifications.models import OutboundEmail
from lms.org.invitations import invited_password_allowed
from lms.org.models import Person
from tests.factories import UserFactory
from tests.org.test_invitations import (  # noqa: F401 (english_public_site: autouse fixture)
    NEW_PASSWORD,
    english_public_site,
    imported,
    invite,
    link_in,
)

pytestmark = pytest.mark.django_db
FIELDS = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "consent": "on"}


def sign_in(client, username: str) -> bool:
    client.logout()
    client.post("/accounts/login/", {"username": username, "password": NEW_PASSWORD})
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("learner_passwords", [True, False], ids=["on", "off"])
def test_invitations_are_offered_only_while_learners_may_use_a_password(
    client,
    imported,  # noqa: F811 (the fixture imported above)
    smtp_server,
    django_capture_on_commit_callbacks,
    settings,
    learner_passwords,
):
    settings.LMS_LOCAL_LOGIN_FOR_LEARNERS = learner_passwords
    html = client.get(f"/admin/org/imports/{imported.pk}/invite/").content.decode()
    assert ('id="invitations-not-offered"' in html) is not learner_passwords
    assert ('data-count="to_invite"><strong>1<' in html) is learner_passwords
    assert ("<form" in html) is learner_passwords
    invite(client, imported, django_capture_on_commit_callbacks)  # a POST all the same
    assert len(smtp_server.messages) == OutboundEmail.objects.count() == int(learner_passwords)
    an = Person.objects.get(employee_code="TU-1")
    assert (an.user_id is not None) is learner_passwords
    if learner_passwords:  # the password the invitation sets works
        client.logout()
        form_url = client.get(urlsplit(link_in(smtp_server.messages[0][1])).path).url
        assert client.post(form_url, FIELDS).status_code == 302
        assert sign_in(client, "an.le@tanuyen.example.gov.vn")


def test_an_old_link_points_to_single_sign_on_once_learner_passwords_are_off(
    client,
    imported,  # noqa: F811 (the fixture imported above)
    smtp_server,
    django_capture_on_commit_callbacks,
    settings,
):
    invite(client, imported, django_capture_on_commit_callbacks)
    settings.LMS_LOCAL_LOGIN_FOR_LEARNERS = False
    client.logout()
    form_url = client.get(urlsplit(link_in(smtp_server.messages[0][1])).path).url
    page = client.get(form_url).content.decode()
    assert 'id="use-single-sign-on"' in page and "new_password1" not in page
    assert 'href="/accounts/login/"' in page
    posted = client.post(form_url, FIELDS)
    assert 'id="use-single-sign-on"' in posted.content.decode()
    login = Person.objects.get(employee_code="TU-1").user
    assert not login.is_active and not login.has_usable_password()
    assert "_auth_user_id" not in client.session
    assert not sign_in(client, "an.le@tanuyen.example.gov.vn")


def test_an_invited_login_given_admin_access_may_still_choose_its_password(
    client,
    imported,  # noqa: F811 (the fixture imported above)
    smtp_server,
    django_capture_on_commit_callbacks,
    settings,
):
    invite(client, imported, django_capture_on_commit_callbacks)
    settings.LMS_LOCAL_LOGIN_FOR_LEARNERS = False
    login = Person.objects.get(employee_code="TU-1").user
    trainers = Group.objects.create(name="Trainers (test)")
    trainers.permissions.add(Permission.objects.get(codename="access_admin"))
    login.groups.add(trainers)  # made a trainer before answering
    client.logout()
    form_url = client.get(urlsplit(link_in(smtp_server.messages[0][1])).path).url
    assert client.post(form_url, FIELDS).status_code == 302
    assert sign_in(client, "an.le@tanuyen.example.gov.vn")


def people_with_every_access():
    access = Permission.objects.get(codename="access_admin")
    group = Group.objects.create(name="Officers (test)")
    group.permissions.add(access)
    by_group, by_permission = UserFactory(), UserFactory()
    by_group.groups.add(group)
    by_permission.user_permissions.add(access)
    superuser = UserFactory(is_superuser=True)
    return [UserFactory(), by_group, by_permission, superuser]


@pytest.mark.parametrize("learner_passwords", [True, False], ids=["on", "off"])
def test_the_invitation_policy_is_lms_identitys_for_a_login_not_active_yet(
    settings, learner_passwords
):
    # lms.org cannot import lms.identity (a higher layer): it applies the same rule itself.
    settings.LMS_LOCAL_LOGIN_FOR_LEARNERS = learner_passwords
    people = people_with_every_access()
    expected = [may_use_password(user) for user in people]
    assert expected == [learner_passwords, True, True, True]
    for user in people:
        user.is_active = False  # as an invited login is
        user.save(update_fields=["is_active"])
    assert [invited_password_allowed(user=user) for user in people] == expected
