"""One policy for every authentication endpoint: logins locked per username from one client
(django-axes), password reset and page passwords limited per client, one client identity."""

import datetime
import time

import pytest
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory, TestCase
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import PageViewRestriction

from lms.ratelimits import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LIMIT = 3

# The three login forms: the site's, Wagtail's admin, and Wagtail's login for private pages.
LOGINS = {
    "site": "/accounts/login/",
    "admin": "/admin/login/",
    "private-pages": "/_util/login/",
}


@pytest.fixture(autouse=True)
def policy(settings):
    """A small limit; rate-limit counters live in the cache, which outlives a test's rollback."""
    settings.LMS_AUTH_FAILURE_LIMIT = LIMIT
    settings.LMS_AUTH_COOLOFF = datetime.timedelta(minutes=15)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(db):
    """Someone who may sign in to every one of the three forms (the admin needs the
    access_admin permission)."""
    user = UserFactory(username="can.bo", email="can.bo@example.invalid")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def login(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def guess(client, url, username, times, **extra):
    return [login(client, url, username, f"wrong-{n}", **extra).status_code for n in range(times)]


@pytest.mark.parametrize("endpoint", LOGINS, ids=list(LOGINS))
def test_guessing_a_login_locks_it_and_then_refuses_the_right_password(
    client, site, staff_user, endpoint
):
    url = LOGINS[endpoint]
    answers = guess(client, url, "can.bo", LIMIT + 1)
    assert answers[: LIMIT - 1] == [200] * (LIMIT - 1)  # the form again, with its error
    assert answers[LIMIT - 1 :] == [429, 429]
    response = login(client, url, "can.bo", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_page_speaks_vietnamese_by_default_and_english_on_request(
    client, site, staff_user
):
    guess(client, "/accounts/login/", "can.bo", LIMIT)
    vietnamese = login(client, "/accounts/login/", "can.bo", PASSWORD)
    assert vietnamese.status_code == 429
    assert "Tạm dừng đăng nhập" in vietnamese.content.decode()
    client.cookies["lms_language"] = "en"
    english = login(client, "/accounts/login/", "can.bo", PASSWORD)
    assert english.status_code == 429
    assert "Sign-in paused" in english.content.decode()


def test_failures_on_any_login_form_count_towards_one_lockout(client, site, staff_user):
    """Switching forms (admin, private pages, site) gives an attacker no new guesses."""
    login(client, "/admin/login/", "can.bo", "wrong-1")
    login(client, "/_util/login/", "can.bo", "wrong-2")
    login(client, "/admin/login/", "can.bo", "wrong-3")
    for url in LOGINS.values():
        assert login(client, url, "can.bo", PASSWORD).status_code == 429
    assert not signed_in(client)


def test_a_colleague_behind_the_same_office_address_still_signs_in(client, site, staff_user):
    """One person guessing one account behind an office NAT locks that account from there,
    not the office."""
    UserFactory(username="dong.nghiep")
    office = {"REMOTE_ADDR": "203.0.113.10"}
    guess(client, "/accounts/login/", "can.bo", LIMIT, **office)
    assert login(client, "/accounts/login/", "can.bo", PASSWORD, **office).status_code == 429

    response = login(client, "/accounts/login/", "dong.nghiep", PASSWORD, **office)
    assert response.status_code == 302 and signed_in(client)


def test_the_account_owner_elsewhere_is_not_locked_out_by_a_guesser(client, site, staff_user):
    guess(client, "/admin/login/", "can.bo", LIMIT, REMOTE_ADDR="198.51.100.7")
    response = login(client, "/admin/login/", "can.bo", PASSWORD, REMOTE_ADDR="203.0.113.10")
    assert response.status_code == 302 and signed_in(client)


def test_a_spoofed_forwarded_for_header_does_not_make_a_new_client(client, site, staff_user):
    """Without LMS_CLIENT_IP_HEADER, X-Forwarded-For is the client's own word: ignored."""
    for n in range(LIMIT):
        login(client, "/accounts/login/", "can.bo", "wrong", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    response = login(
        client, "/accounts/login/", "can.bo", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.200"
    )
    assert response.status_code == 429


def test_behind_a_configured_proxy_the_client_is_what_the_proxy_appended(
    client, site, staff_user, settings
):
    settings.LMS_CLIENT_IP_HEADER = "X-Forwarded-For"
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    # The attacker writes their own X-Forwarded-For; the proxy appends the real address.
    for n in range(LIMIT):
        login(
            client,
            "/accounts/login/",
            "can.bo",
            "wrong",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 198.51.100.7",
            **proxy,
        )
    spoofed = login(
        client,
        "/accounts/login/",
        "can.bo",
        PASSWORD,
        HTTP_X_FORWARDED_FOR="10.9.9.200, 198.51.100.7",
        **proxy,
    )
    assert spoofed.status_code == 429
    # The owner, through the same proxy from another address, is a different client.
    owner = login(
        client, "/accounts/login/", "can.bo", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy
    )
    assert owner.status_code == 302 and signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client, site, staff_user, settings):
    settings.LMS_AUTH_COOLOFF = datetime.timedelta(seconds=1)
    guess(client, "/admin/login/", "can.bo", LIMIT)
    assert login(client, "/admin/login/", "can.bo", PASSWORD).status_code == 429
    time.sleep(1.2)
    response = login(client, "/admin/login/", "can.bo", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_a_successful_login_clears_earlier_mistakes(client, site, staff_user):
    guess(client, "/accounts/login/", "can.bo", LIMIT - 1)
    assert login(client, "/accounts/login/", "can.bo", PASSWORD).status_code == 302
    client.logout()
    guess(client, "/accounts/login/", "can.bo", LIMIT - 1)
    assert login(client, "/accounts/login/", "can.bo", PASSWORD).status_code == 302


# Endpoints without a username: the same numbers, per client.


def test_password_reset_requests_are_limited_per_client(client, site, staff_user):
    answers = [
        client.post("/admin/password_reset/", {"email": "nobody@example.invalid"}).status_code
        for _ in range(LIMIT)
    ]
    assert answers == [302] * LIMIT
    sent_before = len(mail.outbox)
    refused = client.post("/admin/password_reset/", {"email": "can.bo@example.invalid"})
    assert refused.status_code == 429
    assert len(mail.outbox) == sent_before  # the real address gets no mail while limited
    with TestCase.captureOnCommitCallbacks(execute=True):  # e-mails leave on commit
        other = client.post(
            "/admin/password_reset/",
            {"email": "can.bo@example.invalid"},
            REMOTE_ADDR="203.0.113.10",
        )
    assert other.status_code == 302 and len(mail.outbox) == sent_before + 1


def test_password_reset_tokens_cannot_be_guessed_beyond_the_limit(client, site, staff_user):
    uid = urlsafe_base64_encode(force_bytes(staff_user.pk))
    for n in range(LIMIT):
        client.get(f"/admin/password_reset/confirm/{uid}/bad-token-{n}/")
    token = default_token_generator.make_token(staff_user)
    response = client.get(f"/admin/password_reset/confirm/{uid}/{token}/")
    assert response.status_code == 429


@pytest.fixture
def private_page(site):
    restriction = PageViewRestriction.objects.create(
        page=site, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-trang"
    )
    return f"/_util/authenticate_with_password/{restriction.pk}/{site.pk}/"


def page_password(client, url, password, **extra):
    return client.post(url, {"password": password, "return_url": "/"}, **extra)


def test_guessing_a_page_password_is_refused_then_the_right_one_too(client, private_page):
    answers = [page_password(client, private_page, f"sai-{n}").status_code for n in range(LIMIT)]
    assert answers == [200] * LIMIT  # the form again, with its error
    assert page_password(client, private_page, "mat-khau-trang").status_code == 429
    # Another client is not held up by this one.
    other = page_password(client, private_page, "mat-khau-trang", REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 302


def test_right_page_passwords_never_use_up_the_limit(client, private_page):
    """An office whose people all type the right password is never throttled."""
    for _ in range(LIMIT * 3):
        assert page_password(client, private_page, "mat-khau-trang").status_code == 302


def test_a_spoofed_header_does_not_help_guess_a_page_password(client, private_page):
    for n in range(LIMIT):
        page_password(client, private_page, "sai", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    response = page_password(
        client, private_page, "mat-khau-trang", HTTP_X_FORWARDED_FOR="10.9.9.200"
    )
    assert response.status_code == 429


def test_the_page_password_limit_ends_after_the_cool_off(client, private_page, settings):
    settings.LMS_AUTH_COOLOFF = datetime.timedelta(seconds=1)
    for n in range(LIMIT):
        page_password(client, private_page, f"sai-{n}")
    assert page_password(client, private_page, "mat-khau-trang").status_code == 429
    time.sleep(1.2)  # a window is as long as the cool-off: the next one has begun
    assert page_password(client, private_page, "mat-khau-trang").status_code == 302


# One client identity for every limit.


def request_from(remote_addr, forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_ip_ignores_forwarded_headers_unless_configured():
    assert client_ip(request_from("198.51.100.7", "10.0.0.1")) == "198.51.100.7"


def test_client_ip_reads_the_entry_the_proxies_appended(settings):
    settings.LMS_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.LMS_CLIENT_IP_PROXY_COUNT = 1
    assert client_ip(request_from("127.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    settings.LMS_CLIENT_IP_PROXY_COUNT = 2  # a load balancer, then a proxy on the host
    assert client_ip(request_from("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.2")) == (
        "198.51.100.7"
    )
    # A request that did not come through the proxy: its own connecting address.
    assert client_ip(request_from("198.51.100.9")) == "198.51.100.9"


def test_an_ipv6_client_is_its_slash_64():
    first = client_ip(request_from("2001:db8:1:2::1"))
    second = client_ip(request_from("2001:db8:1:2:ffff::9"))
    assert first == second == "2001:db8:1:2::"
