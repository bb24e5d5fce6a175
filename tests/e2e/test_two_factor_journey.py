"""An HR officer on a 360 px phone, with two-factor sign-in required: signs in, is sent to set
up an authenticator app (QR code and key), turns it on with the app's code, keeps the recovery
codes, reaches the admin; signs out, signs in again and is asked for a code: a wrong one is
refused, the app's next one lets them in. Every two-factor page is checked for sideways
scrolling and axe."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission

from lms.org.models import OrgRole
from tests.e2e.conftest import assert_page_is_sound
from tests.factories import UserFactory, org_unit
from tests.mfa.conftest import next_code, totp

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


@pytest.fixture
def officer_site(live_site, settings):
    settings.LMS_REQUIRE_2FA = True
    officer = UserFactory(username="hr.haibuoc")
    officer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    unit = org_unit(code="BDG-TU", name="Thành phố Tân Uyên")
    OrgRole.objects.create(user=officer, unit=unit, role=OrgRole.Role.HR_OFFICER)
    return SimpleNamespace(url=live_site, officer=officer)


def sign_in(page, site_url: str) -> None:
    page.visit(site_url + "/accounts/login/?next=/admin/")
    page.fill("#id_username", "hr.haibuoc")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/two-factor/**")


def test_an_hr_officer_sets_up_two_factor_on_a_phone_and_signs_in_with_a_code(
    phone_page, officer_site
):
    page = phone_page
    sign_in(page, officer_site.url)
    assert "/accounts/two-factor/setup/" in page.url and "next=%2Fadmin%2F" in page.url
    assert page.locator("svg.mfa-qr").is_visible()
    assert page.locator("svg.mfa-qr").bounding_box()["width"] <= 360
    secret = page.locator("#mfa-secret").inner_text()
    page.snap("setup")
    assert_page_is_sound(page)

    page.fill("#id_code", totp(secret))
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state()
    page.snap("recovery-codes")
    codes = page.locator("#recovery-codes li")
    assert codes.count() == 10
    assert_page_is_sound(page)
    page.locator("main a.button[href='/admin/']").click()
    page.wait_for_url("**/admin/")

    # Sign out from the site's header, and in again: the password alone is not enough.
    page.visit(officer_site.url + "/me/profile/")
    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_load_state()
    sign_in(page, officer_site.url)
    assert "/accounts/two-factor/verify/" in page.url
    assert_page_is_sound(page)
    page.fill("#id_code", "000000")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state()
    page.snap("wrong-code")
    assert page.locator(".field__error").count() == 1
    assert "/accounts/two-factor/verify/" in page.url

    # The code shown at set-up was spent: the app's next one (30 seconds on) is accepted.
    page.fill("#id_code", next_code(officer_site.officer, secret))
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.snap("admin")
    assert page.locator("#main, main").first.is_visible()

    # Their two-factor page lists the app and the codes left, and fits the phone.
    page.visit(officer_site.url + "/accounts/two-factor/")
    assert page.locator("#mfa-codes-left").inner_text() == "10"
    assert_page_is_sound(page)
