"""Single sign-on in a real browser against the real provider process (devtools/demo_idp):
the whole redirect flow for a staff member and for a citizen, and each failure's page."""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from lms.demo.accounts import DEMO_PASSWORD
from lms.org.models import OrgUnit, Person
from lms.org.national_id import national_id_protect
from tests.e2e.conftest import assert_page_is_sound
from tests.factories import PersonFactory, UserFactory, org_unit
from tests.identity.provider import (
    CODE_EXPIRE_SECONDS,
    COMMUNE_CODE,
    LINKED_ID,
    PARTIAL_CITIZEN_ID,
    PASSWORD,
    STAFF_ID,
    oidc_provider,  # noqa: F401 (fixtures)
    providers_configured,  # noqa: F401
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
CALLBACK = re.compile(r"/accounts/sso/\w+/callback/\?")


@pytest.fixture
def world(live_site, providers_configured):  # noqa: F811
    province = org_unit(code="TEST", kind=OrgUnit.Kind.PROVINCE)
    department = org_unit(code="TEST-SO", kind=OrgUnit.Kind.DEPARTMENT, parent=province)
    org_unit(
        code=COMMUNE_CODE, name="Phường Khánh Bình", kind=OrgUnit.Kind.COMMUNE, parent=province
    )
    for national_id, user in [(STAFF_ID, None), (LINKED_ID, UserFactory(username="owner"))]:
        protected = national_id_protect(national_id)
        PersonFactory(
            unit=department,
            full_name="Trần Văn An" if user is None else "Lê Thị Hai",
            national_id_hash=protected.hash,
            national_id_last4=protected.last4,
            user=user,
        )
    return live_site


@pytest.fixture
def english(page, world):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": world}])
    return page


def to_provider(page, site: str, label: str, username: str) -> None:
    page.visit(site + "/accounts/login/")
    assert_page_is_sound(page)
    page.get_by_role("link", name=f"Sign in with {label}").click()
    page.wait_for_url(re.compile(r"127\.0\.0\.1:\d+/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.snap("provider-login")


def held_callback(page, site: str, issuer: str, provider: str, username: str) -> str:
    """The URL the provider sends this browser back to, code and state in it, without going
    there yet. Playwright cannot stop a browser in the middle of a chain of redirects, so the
    browser signs in at the provider first, then its own cookie jar (page.request) takes the
    two redirects of the sign-in."""
    page.visit(issuer + "/login/?next=/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập / Sign in").click()
    page.wait_for_load_state()
    started = page.request.get(f"{site}/accounts/sso/{provider}/login/", max_redirects=0)
    back = page.request.get(started.headers["location"], max_redirects=0)
    assert CALLBACK.search(back.headers["location"]), back.headers
    return back.headers["location"]


def users() -> list[str]:
    return sorted(get_user_model().objects.values_list("username", flat=True))


def test_a_staff_member_signs_in_and_is_linked_to_their_record(english, world):
    page = english
    to_provider(page, world, "Staff directory", "staff.an")
    page.get_by_role("button", name="Đăng nhập / Sign in").click()
    page.wait_for_url("**/me/")
    page.snap("signed-in")
    assert "This account is now linked to your staff record" in page.content()
    assert page.get_by_role("button", name="Log out").is_visible()
    person = Person.objects.get(national_id_hash=national_id_protect(STAFF_ID).hash)
    assert person.user is not None and person.user.username.startswith("staff.")


def test_a_citizen_signs_in_and_gives_only_what_was_missing(english, world):
    page = english
    to_provider(page, world, "VNeID", "citizen.cuong")
    page.get_by_role("button", name="Đăng nhập / Sign in").click()
    page.wait_for_url("**/accounts/sso/complete/")
    page.snap("complete")
    assert_page_is_sound(page)
    assert users() == ["owner"]  # nothing is made before the citizen agrees
    assert page.get_by_label("Full name", exact=True).count() == 0  # the claims gave it
    assert page.get_by_label("Date of birth", exact=True).count() == 0
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Commune or ward where you live", exact=True).select_option(
        label=f"Phường Khánh Bình ({COMMUNE_CODE})"
    )
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/me/")
    assert "Welcome! Your account is ready." in page.content()
    person = Person.objects.get(national_id_hash=national_id_protect(PARTIAL_CITIZEN_ID).hash)
    assert (person.kind, person.full_name, person.sex, person.unit.code) == (
        Person.Kind.CITIZEN,
        "Đỗ Văn Cường",
        "male",
        COMMUNE_CODE,
    )


def test_a_wrong_state_gets_its_page_and_no_account(english, world, providers_configured):  # noqa: F811
    page = english
    callback = held_callback(page, world, providers_configured, "staff", "staff.an")
    page.visit(re.sub(r"state=[^&]+", "state=forged", callback))
    assert page.get_by_role("heading", name="This sign-in cannot be completed").is_visible()
    assert users() == ["owner"]


def test_an_expired_code_gets_its_page_and_no_account(english, world, providers_configured):  # noqa: F811
    page = english
    callback = held_callback(page, world, providers_configured, "staff", "staff.an")
    time.sleep(CODE_EXPIRE_SECONDS + 1)  # the provider's code lifetime, set for the tests
    page.visit(callback)
    assert page.get_by_role("heading", name="The sign-in expired").is_visible()
    assert users() == ["owner"]


@pytest.mark.parametrize(
    ("username", "heading"),
    [
        ("staff.unknown", "No staff record matches your identity"),
        ("staff.linked", "Your record is already linked to another account"),
    ],
)
def test_an_identity_that_matches_no_record_or_a_taken_one_gets_its_page(
    english, world, username, heading
):
    page = english
    to_provider(page, world, "Staff directory", username)
    page.get_by_role("button", name="Đăng nhập / Sign in").click()
    page.wait_for_load_state()
    page.snap("refused")
    assert page.get_by_role("heading", name=heading).is_visible()
    assert_page_is_sound(page)
    assert users() == ["owner"]
    assert "_auth_user_id" not in str(page.context.cookies())


def test_the_demo_signs_in_its_vneid_identities(demo_site, browser, monkeypatch):
    """What `make run` offers: the demo provider as rundemo starts it, its identities against
    the seeded demo (lan.nguyen is on the roster; nam.pham is a citizen it does not know)."""
    from lms.demo.identity_provider import demo_identity_provider_start
    from lms.demo.people import SSO_DEMO_EMPLOYEE_CODE

    # The provider's start sets these in this process's environment; restored after the test.
    names = ["PROVIDERS", "ISSUER", "CLIENT_ID", "CLIENT_SECRET", "LABEL", "POPULATION"]
    for name in [*names, "LINKS_STAFF"]:
        monkeypatch.setenv("LMS_OIDC_" + ("" if name == "PROVIDERS" else "VNEID_") + name, "")
    process, issuer = demo_identity_provider_start(sites=[demo_site])
    assert process is not None and issuer
    try:
        outcomes = {}
        for username in ["lan.nguyen", "nam.pham"]:
            context = browser.new_context()
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": demo_site}]
            )
            page = context.new_page()
            page.goto(demo_site + "/accounts/login/")
            page.get_by_role("link", name="Sign in with VNeID (demo)").click()
            page.fill("#id_username", username)
            page.fill("#id_password", DEMO_PASSWORD)
            page.get_by_role("button", name="Đăng nhập / Sign in").click()
            page.wait_for_load_state()
            outcomes[username] = (urlsplit(page.url).path, page.content())
            context.close()
    finally:
        process.terminate()
    path, html = outcomes["lan.nguyen"]
    assert path == "/me/" and "linked to your staff record" in html
    assert Person.objects.get(employee_code=SSO_DEMO_EMPLOYEE_CODE).user is not None
    path, html = outcomes["nam.pham"]
    assert path == "/accounts/sso/complete/" and "Commune or ward where you live" in html
