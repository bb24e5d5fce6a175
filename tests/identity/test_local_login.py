"""LMS_LOCAL_LOGIN_FOR_LEARNERS: password sign-in for learners can be switched off; the
administrators, HR officers and trainers keep it, on every login endpoint."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def people(db):
    officer = UserFactory(username="officer")
    group = Group.objects.create(name="Officers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    officer.groups.add(group)
    return {
        "learner": UserFactory(username="learner1"),
        "officer": officer,
        "admin": UserFactory(username="boss", is_superuser=True, is_staff=True),
    }


def english_client() -> Client:
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def site_login(client: Client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_learners_sign_in_with_a_password_by_default(people):
    assert site_login(english_client(), "learner1").status_code == 302


def test_when_off_a_learners_right_password_is_refused_with_a_reason(people, settings):
    settings.LMS_LOCAL_LOGIN_FOR_LEARNERS = False
    client = english_client()
    response = site_login(client, "learner1")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "Learners sign in with their identity provider" in response.content.decode()
    # A wrong password is the usual answer: the reason is given to the right password only.
    wrong = site_login(english_client(), "learner1", "nope").content.decode()
    assert "Learners sign in" not in wrong and "Please enter a correct" in wrong


def test_when_off_the_admin_login_refuses_learners_too(people, settings):
    settings.LMS_LOCAL_LOGIN_FOR_LEARNERS = False
    client = english_client()
    client.post("/admin/login/", {"username": "learner1", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("username", ["officer", "boss"])
def test_when_off_staff_with_admin_access_still_sign_in(people, settings, username):
    settings.LMS_LOCAL_LOGIN_FOR_LEARNERS = False
    assert site_login(english_client(), username).status_code == 302
    admin = english_client()
    admin.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert "_auth_user_id" in admin.session


def test_when_off_the_login_page_folds_the_password_form_and_registration_closes(
    db, settings, monkeypatch
):
    monkeypatch.setenv("LMS_OIDC_PROVIDERS", "vneid")
    monkeypatch.setenv("LMS_OIDC_VNEID_ISSUER", "https://id.invalid")
    monkeypatch.setenv("LMS_OIDC_VNEID_CLIENT_ID", "lms")
    monkeypatch.setenv("LMS_OIDC_VNEID_LABEL", "VNeID")
    client = english_client()
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with VNeID" in page and 'href="/accounts/register/"' in page
    assert "<details" not in page
    settings.LMS_LOCAL_LOGIN_FOR_LEARNERS = False
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with VNeID" in page and 'href="/accounts/register/"' not in page
    assert '<details class="local-login">' in page
    assert client.get("/accounts/register/")["Location"] == "/accounts/login/"
