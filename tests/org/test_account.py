"""A user's own account: password reset by e-mail (on the public address, the same answer for
every address, limited), the profile page (only one's own data), password change, language."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone

from lms.org.models import LinkRequest, Person
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://hoctap.example.gov.vn"
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
NEW_PASSWORD = "mot-mat-khau-moi-2025"
RESET = "/accounts/password/reset/"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # rate-limit counters outlive a test's rollback
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def public_url(settings):
    settings.LMS_PUBLIC_URL = PUBLIC


@pytest.fixture
def citizen(units):
    user = UserFactory(username="le.mai", email="mai@example.invalid", first_name="Thị Mai")
    user.last_name = "Lê"
    user.save()
    PersonFactory(
        kind=Person.Kind.CITIZEN,
        full_name="Lê Thị Mai",
        employee_code="",
        position_category="",
        unit=units["BDG-TU-KB"],
        user=user,
        phone="0912 345 678",
    )
    return user


@pytest.fixture
def staff(units):
    user = UserFactory(username="tran.ha", email="ha@example.invalid")
    PersonFactory(
        full_name="Trần Thu Hà",
        employee_code="BDG-00007",
        unit=units["BDG-STTTT"],
        user=user,
        linked_at=timezone.now(),
    )
    return user


def reset_link(message) -> str:
    [link] = re.findall(r"https?://\S+/accounts/password/reset/\S+/\S+/", message.body)
    return link


def ask_for_reset(client, email, **extra):
    # The e-mail leaves when the request's transaction commits (lms.notifications).
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(RESET, {"email": email}, **extra)


# Password reset ------------------------------------------------------------------------------


def test_login_page_links_to_password_reset_and_registration(client, site):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in html and "Quên mật khẩu?" in html
    assert 'href="/accounts/register/"' in html


def test_registration_page_links_back_to_login(client, site, units):
    html = client.get("/accounts/register/").content.decode()
    assert 'href="/accounts/login/"' in html


def test_reset_email_is_vietnamese_and_links_to_the_public_address_despite_a_forged_host(
    client, citizen
):
    response = ask_for_reset(client, "MAI@example.invalid", HTTP_HOST="attacker.example")
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["mai@example.invalid"]
    assert message.subject == "Đặt lại mật khẩu trên Học tập số"
    assert "Xin chào Lê Thị Mai," in message.body
    assert "Tên đăng nhập của bạn: le.mai" in message.body
    assert "chỉ dùng được một lần, trong vòng 3 ngày" in message.body
    assert reset_link(message).startswith(PUBLIC + "/accounts/password/reset/")
    assert "attacker.example" not in message.body


def test_reset_email_follows_the_chosen_language(client, citizen):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    ask_for_reset(client, "mai@example.invalid")
    [message] = mail.outbox
    assert message.subject == "Reset your password on Digital Learning"
    assert "Hello Lê Thị Mai," in message.body


def test_the_emailed_link_sets_a_new_password_once(client, citizen):
    ask_for_reset(client, "mai@example.invalid")
    path = urlsplit(reset_link(mail.outbox[0])).path

    # The token leaves the address bar (and so the Referer) before the form is shown.
    form_url = client.get(path).url
    assert form_url.endswith("/set-password/")
    page = client.get(form_url)
    assert "Đặt mật khẩu mới" in page.content.decode()
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == "/accounts/password/reset/done/"
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert "Mật khẩu của bạn đã được thay đổi" in client.get(done.url).content.decode()

    again = client.get(path)  # the token died with the old password
    assert again.status_code == 200
    assert "Đường liên kết này không còn hiệu lực" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, citizen):
    known = ask_for_reset(client, "mai@example.invalid")
    unknown = ask_for_reset(client, "nobody@example.invalid")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mail.outbox) == 1
    page = client.get(unknown.url).content.decode()
    assert "Hãy kiểm tra email của bạn" in page
    assert "nobody@example.invalid" not in page


def test_no_email_for_logins_without_a_password_or_inactive(client, units):
    seeded = UserFactory(username="bdg-00001", email="seeded@example.invalid")
    seeded.set_unusable_password()  # a demo-seeded learner
    seeded.save()
    UserFactory(username="gone", email="gone@example.invalid", is_active=False)
    for address in ("seeded@example.invalid", "gone@example.invalid"):
        assert ask_for_reset(client, address).url == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_reset_requests_are_limited_per_client(client, citizen, settings):
    settings.LMS_AUTH_FAILURE_LIMIT = 3
    for number in range(3):
        assert ask_for_reset(client, f"someone{number}@example.invalid").status_code == 302
    refused = ask_for_reset(client, "mai@example.invalid")
    assert refused.status_code == 429
    assert mail.outbox == []
    # Another client is not held up.
    assert ask_for_reset(client, "mai@example.invalid", REMOTE_ADDR="10.0.0.9").status_code == 302


def test_reset_emails_are_limited_per_address_from_any_client(client, citizen, settings):
    settings.LMS_RATE_PASSWORD_RESET = "2/h"
    for number in range(2):
        ask_for_reset(client, "mai@example.invalid", REMOTE_ADDR=f"10.0.1.{number}")
    refused = ask_for_reset(client, "Mai@Example.invalid", REMOTE_ADDR="10.0.1.99")
    assert refused.status_code == 429
    assert len(mail.outbox) == 2
    # The limit is the same for an address no account uses: it reveals nothing.
    for number in range(2):
        ask_for_reset(client, "nobody@example.invalid", REMOTE_ADDR=f"10.0.2.{number}")
    assert ask_for_reset(client, "nobody@example.invalid").status_code == 429


def test_guessing_reset_tokens_is_limited_per_client(client, citizen, settings):
    settings.LMS_AUTH_FAILURE_LIMIT = 3
    path = "/accounts/password/reset/{uid}/{token}/"
    for number in range(3):
        assert client.get(path.format(uid="MQ", token=f"abc-{number}")).status_code == 200
    assert client.get(path.format(uid="MQ", token="abc-9")).status_code == 429


# Profile ------------------------------------------------------------------------------------


def test_profile_needs_login(client, site):
    response = client.get("/me/profile/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/me/profile/")


def test_header_links_to_the_profile_when_logged_in(client, citizen):
    client.force_login(citizen)
    assert 'href="/me/profile/">Hồ sơ</a>' in client.get("/me/profile/").content.decode()


def test_profile_shows_the_users_own_record_and_no_one_elses(
    client, staff, citizen, django_assert_max_num_queries
):
    client.force_login(staff)
    # Session, user, person with unit, the units above it, the header's permission checks.
    with django_assert_max_num_queries(6):
        html = client.get("/me/profile/").content.decode()
    assert "Trần Thu Hà" in html and "BDG-00007" in html
    assert "Sở Thông tin và Truyền thông, Tỉnh Bình Dương" in html
    assert "Lê Thị Mai" not in html and "mai@example.invalid" not in html

    # Nothing posted can name another account: the page edits request.user only.
    client.post(
        "/me/profile/",
        {"email": "ha@example.invalid", "user": citizen.pk, "username": "le.mai"},
    )
    citizen.refresh_from_db()
    assert (citizen.email, citizen.last_name) == ("mai@example.invalid", "Lê")


def test_a_citizen_sees_their_ward_and_edits_their_name(client, citizen):
    client.force_login(citizen)
    html = client.get("/me/profile/").content.decode()
    assert "Phường Khánh Bình, Thành phố Tân Uyên, Tỉnh Bình Dương" in html
    response = client.post(
        "/me/profile/", {"full_name": "  Lê  Thị Mai Anh ", "email": "mai@example.invalid"}
    )
    assert response.url == "/me/profile/"
    citizen.refresh_from_db()
    assert (citizen.last_name, citizen.first_name) == ("Lê", "Thị Mai Anh")
    # Their own record takes the name too: certificates print it.
    assert Person.objects.get(user=citizen).full_name == "Lê Thị Mai Anh"
    assert "Đã lưu hồ sơ của bạn." in client.get("/me/profile/").content.decode()


def test_a_staff_name_stays_the_rosters(client, staff):
    client.force_login(staff)
    html = client.get("/me/profile/").content.decode()
    assert 'name="full_name"' not in html
    client.post("/me/profile/", {"full_name": "Someone Else", "email": "ha@example.invalid"})
    assert Person.objects.get(user=staff).full_name == "Trần Thu Hà"


def test_changing_the_email_needs_the_current_password(client, citizen):
    client.force_login(citizen)
    data = {"full_name": "Lê Thị Mai", "email": "mai.new@example.invalid"}
    refused = client.post("/me/profile/", data)
    assert refused.status_code == 200
    assert "Nhập mật khẩu hiện tại để đổi địa chỉ email." in refused.content.decode()
    citizen.refresh_from_db()
    assert citizen.email == "mai@example.invalid"

    client.post("/me/profile/", {**data, "current_password": PASSWORD})
    citizen.refresh_from_db()
    assert citizen.email == "mai.new@example.invalid"


def test_wrong_current_passwords_are_limited_per_account(client, citizen, settings):
    settings.LMS_AUTH_FAILURE_LIMIT = 2
    client.force_login(citizen)
    data = {"full_name": "Lê Thị Mai", "email": "x@example.invalid", "current_password": "no"}
    for _ in range(2):
        assert client.post("/me/profile/", data).status_code == 200
    assert client.post("/me/profile/", {**data, "current_password": PASSWORD}).status_code == 429


def test_an_unlinked_learner_is_offered_the_link_record_page(client, units):
    user = UserFactory(username="moi.vao")
    LinkRequest.objects.create(user=user, employee_code="BDG-00099", full_name="Ai Đó")
    client.force_login(user)
    html = client.get("/me/profile/").content.decode()
    assert "chưa được liên kết với hồ sơ cán bộ" in html
    assert 'href="/me/link/"' in html
    assert "Đang chờ cán bộ tổ chức" in html  # their pending request's status


# Password change ----------------------------------------------------------------------------


def test_password_change_keeps_the_user_logged_in(client, citizen):
    client.force_login(citizen)
    assert 'href="/accounts/password/change/"' in client.get("/me/profile/").content.decode()
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == "/me/profile/"
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    page = client.get("/me/profile/")
    assert page.status_code == 200  # still signed in
    assert "Mật khẩu của bạn đã được thay đổi." in page.content.decode()


def test_password_change_refuses_a_wrong_old_password_and_is_limited(client, citizen, settings):
    settings.LMS_AUTH_FAILURE_LIMIT = 2
    client.force_login(citizen)
    wrong = {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(2):
        assert client.post("/accounts/password/change/", wrong).status_code == 200
    right = {**wrong, "old_password": PASSWORD}
    assert client.post("/accounts/password/change/", right).status_code == 429
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


def test_password_change_needs_login(client, site):
    response = client.get("/accounts/password/change/")
    assert response.url.startswith("/accounts/login/")


# Language -----------------------------------------------------------------------------------


def test_the_language_chosen_on_the_profile_persists(client, citizen):
    client.force_login(citizen)
    html = client.get("/me/profile/").content.decode()
    assert 'action="/i18n/setlang/"' in html and "Hồ sơ của tôi" in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/me/profile/"})
    assert response.url == "/me/profile/"
    cookie = response.cookies[django_settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and int(cookie["max-age"]) == 365 * 24 * 3600

    assert "My profile" in client.get("/me/profile/").content.decode()
    # Still English after logging out (the real view: the test client's logout drops every
    # cookie) and in again.
    client.post("/accounts/logout/")
    assert "Log in" in client.get("/accounts/login/").content.decode()
    client.force_login(citizen)
    html = client.get("/me/profile/").content.decode()
    assert "My profile" in html and 'value="en" checked' in html
