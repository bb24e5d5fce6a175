"""Two-factor sign-in: set-up, codes at sign-in (once each), recovery codes, the failure
limit, enforcement on every page of the site and the admin, and the administrators' reset."""

import time

import pytest
from django.core.checks import registry
from django.test import override_settings
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lms.mfa.checks import two_factor_required_in_production
from lms.mfa.models import TwoFactorReset
from tests.factories import UserFactory

from .conftest import (
    LIMIT,
    enrol,
    next_code,
    page_recovery_codes,
    page_secret,
    sign_in,
    sign_in_again,
    totp,
)

pytestmark = pytest.mark.django_db

SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"
MANAGE = "/accounts/two-factor/"


def is_verified(client) -> bool:
    return "otp_device_id" in client.session


# --- Set-up ------------------------------------------------------------------------------------


def test_setup_shows_a_qr_code_and_the_key_that_the_app_needs(client, officer):
    sign_in(client, officer)
    html = client.get(SETUP).content.decode()
    assert '<svg viewBox="0 0' in html and 'class="mfa-qr"' in html
    secret = page_secret(html)
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    # The key shown is the device's, as the otpauth:// address in the QR code carries it.
    assert f"secret={secret.replace(' ', '')}" in device.config_url
    # A reload shows the same key: the phone may have scanned it already.
    assert page_secret(client.get(SETUP).content.decode()) == secret


def test_setup_turns_on_with_the_apps_code_and_shows_ten_recovery_codes(client, officer):
    sign_in(client, officer)
    secret = page_secret(client.get(SETUP).content.decode())
    wrong = f"{(int(totp(secret)) + 1) % 1_000_000:06d}"
    client.cookies["lms_language"] = "en"  # the page in English, as the visitor chose
    with translation.override("en"):
        refused = client.post(SETUP, {"code": wrong})
    assert "This code is not right" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()

    done = client.post(SETUP, {"code": totp(secret), "next": "/admin/"})
    codes = page_recovery_codes(done.content.decode())
    assert len(codes) == 10 == len(set(codes))
    assert set(
        StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    ) == set(codes)
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert is_verified(client)
    assert 'href="/admin/"' in done.content.decode()  # continue where they were going
    assert client.get("/admin/").status_code == 200


def test_setup_is_not_offered_where_two_factor_is_not_needed(client, db):
    learner = UserFactory(username="hoc.vien")
    sign_in(client, learner)
    assert client.get(SETUP)["Location"] == MANAGE
    assert not TOTPDevice.objects.filter(user=learner).exists()


def test_setup_of_a_second_app_needs_a_code_first(client, officer):
    enrol(client, officer)
    assert client.get(SETUP)["Location"] == MANAGE  # no new key without re-verifying
    assert TOTPDevice.objects.filter(user=officer).count() == 1


# --- Enforcement -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/me/profile/", "/admin/", "/me/"])
def test_an_officer_without_an_app_is_sent_to_set_one_up_from_any_page(client, officer, path):
    sign_in(client, officer)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next={path.replace('/', '%2F')}"


@pytest.mark.parametrize("path", ["/me/profile/", "/admin/", "/admin/org/people/"])
def test_an_officer_with_an_app_enters_a_code_before_any_page(client, officer, path):
    secret, _codes = enrol(client, officer)
    sign_in_again(client, officer)
    response = client.get(path)
    assert response["Location"] == f"{VERIFY}?next={path.replace('/', '%2F')}"

    verified = client.post(VERIFY, {"code": next_code(officer, secret), "next": path})
    assert verified["Location"] == path
    assert client.get(path).status_code == 200


def test_a_superuser_is_asked_too(client, superuser):
    sign_in(client, superuser)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_a_post_is_stopped_too(client, officer):
    sign_in(client, officer)
    response = client.post("/me/profile/", {"email": "new@example.invalid"})
    assert response.status_code == 302 and response["Location"] == SETUP
    officer.refresh_from_db()
    assert officer.email != "new@example.invalid"


def test_learners_are_not_asked(client, db):
    sign_in(client, UserFactory(username="hoc.vien"))
    assert client.get("/me/profile/").status_code == 200


def test_nothing_is_asked_while_the_setting_is_off(client, officer, settings):
    enrol(client, officer)
    sign_in_again(client, officer)
    settings.LMS_REQUIRE_2FA = False
    assert client.get("/me/profile/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_signing_out_and_the_language_switch_need_no_code(client, officer):
    sign_in(client, officer)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"})["Location"] == "/"
    assert client.get(SETUP).status_code == 200
    assert client.get(MANAGE).status_code == 200
    assert "two-factor" not in client.post("/admin/logout/")["Location"]
    assert "_auth_user_id" not in client.session
    sign_in(client, officer)
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert "_auth_user_id" not in client.session


# --- Codes at sign-in --------------------------------------------------------------------------


def test_a_code_from_the_app_is_accepted_once(client, officer):
    secret, _codes = enrol(client, officer)
    sign_in_again(client, officer)
    code = next_code(officer, secret)
    assert client.post(VERIFY, {"code": code})["Location"] == "/me/"

    sign_in_again(client, officer)
    client.cookies["lms_language"] = "en"  # the page in English, as the visitor chose
    with translation.override("en"):
        replayed = client.post(VERIFY, {"code": code})
    assert replayed.status_code == 200
    assert "has been used already" in replayed.content.decode()
    assert not is_verified(client)


def test_the_code_used_to_set_up_cannot_sign_in_again(client, officer):
    sign_in(client, officer)
    secret = page_secret(client.get(SETUP).content.decode())
    code = totp(secret)
    client.post(SETUP, {"code": code})
    sign_in_again(client, officer)
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert not is_verified(client)


def test_a_recovery_code_signs_in_once(client, officer):
    _secret, codes = enrol(client, officer)
    sign_in_again(client, officer)
    # Typed as shown (two groups, any case) it still counts.
    typed = f"{codes[0][:4].upper()} {codes[0][4:]}"
    client.cookies["lms_language"] = "en"  # the page in English, as the visitor chose
    with translation.override("en"):
        response = client.post(VERIFY, {"code": typed}, follow=True)
    assert is_verified(client)
    assert "9 codes are left" in response.content.decode()
    assert StaticToken.objects.filter(device__user=officer).count() == 9

    sign_in_again(client, officer)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert not is_verified(client)
    client.post(VERIFY, {"code": codes[1]})
    assert is_verified(client)


def test_wrong_codes_are_limited_per_account_and_then_even_the_right_one_is_refused(
    client, officer, superuser
):
    secret, codes = enrol(client, officer)
    sign_in_again(client, officer)
    for _ in range(LIMIT):
        assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    client.cookies["lms_language"] = "en"  # the page in English, as the visitor chose
    with translation.override("en"):
        refused = client.post(VERIFY, {"code": next_code(officer, secret)})
    assert refused.status_code == 429
    assert "Too many wrong codes" in refused.content.decode()
    assert "15 minutes" in refused.content.decode()
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 429
    assert not is_verified(client)
    assert StaticToken.objects.filter(device__user=officer).count() == 10  # nothing spent

    # The limit is the account's: another account signing in from the same place is not held.
    other = client.__class__()
    other_secret, _ = enrol(other, superuser)
    sign_in_again(other, superuser)
    assert other.post(VERIFY, {"code": next_code(superuser, other_secret)}).status_code == 302


def test_the_refusal_reads_in_vietnamese_by_default(client, officer):
    enrol(client, officer)
    sign_in_again(client, officer)
    page = client.get(VERIFY).content.decode()
    assert '<html lang="vi">' in page


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/admin/", "http://testserver.evil.example/"],
)
def test_only_a_page_of_this_site_is_followed_after_the_code(client, officer, next_url):
    secret, _codes = enrol(client, officer)
    sign_in_again(client, officer)
    response = client.post(VERIFY, {"code": next_code(officer, secret), "next": next_url})
    assert response["Location"] == "/me/"


# --- Managing the app and the codes ------------------------------------------------------------


def test_the_page_lists_the_app_and_the_codes_left(client, officer):
    enrol(client, officer)
    html = client.get(MANAGE).content.decode()
    assert 'id="mfa-device"' in html
    assert 'id="mfa-codes-left">10<' in html


def test_a_new_phone_needs_a_code_and_then_replaces_the_old_app(client, officer):
    secret, _codes = enrol(client, officer)
    old = TOTPDevice.objects.get(user=officer)
    refused = client.post(MANAGE, {"action": "replace", "replace-code": "123456"})
    assert refused.status_code == 200
    assert client.get(SETUP)["Location"] == MANAGE

    granted = client.post(MANAGE, {"action": "replace", "replace-code": next_code(officer, secret)})
    assert granted["Location"] == SETUP
    new_secret = page_secret(client.get(SETUP).content.decode())
    assert new_secret != secret
    done = client.post(SETUP, {"code": totp(new_secret)})
    assert done["Location"] == MANAGE
    assert list(TOTPDevice.objects.filter(user=officer)) != [old]
    assert TOTPDevice.objects.filter(user=officer).count() == 1
    # The codes on paper still work; the old phone does not.
    assert StaticToken.objects.filter(device__user=officer).count() == 10
    sign_in_again(client, officer)
    client.post(VERIFY, {"code": totp(secret, at=time.time() + 30)})
    assert not is_verified(client)


def test_a_new_phone_brings_new_recovery_codes_once_every_code_was_used(client, officer):
    secret, _codes = enrol(client, officer)
    StaticToken.objects.filter(device__user=officer).delete()  # all ten used up
    client.post(MANAGE, {"action": "replace", "replace-code": next_code(officer, secret)})
    new_secret = page_secret(client.get(SETUP).content.decode())
    done = client.post(SETUP, {"code": totp(new_secret)})
    assert len(page_recovery_codes(done.content.decode())) == 10
    assert 'href="/accounts/two-factor/"' in done.content.decode()


def test_new_recovery_codes_replace_the_old_ones(client, officer):
    secret, codes = enrol(client, officer)
    response = client.post(MANAGE, {"action": "codes", "codes-code": next_code(officer, secret)})
    fresh = page_recovery_codes(response.content.decode())
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    sign_in_again(client, officer)
    client.post(VERIFY, {"code": codes[0]})
    assert not is_verified(client)
    client.post(VERIFY, {"code": fresh[0]})
    assert is_verified(client)


def test_managing_without_a_code_is_refused(client, officer):
    enrol(client, officer)
    response = client.post(MANAGE, {"action": "codes", "codes-code": ""})
    assert 'id="recovery-codes"' not in response.content.decode()
    assert StaticToken.objects.filter(device__user=officer).count() == 10


# --- The administrators' reset -----------------------------------------------------------------


def test_a_superuser_resets_a_lost_phone_and_it_is_recorded(client, officer, superuser):
    enrol(client, officer)  # the officer's session stays verified until the reset
    admin = client.__class__()
    enrol(admin, superuser)
    listing = admin.get("/admin/two-factor/").content.decode()
    assert 'data-account="hr.tu"' in listing

    assert admin.get(f"/admin/two-factor/{officer.pk}/reset/").status_code == 200
    assert admin.post(f"/admin/two-factor/{officer.pk}/reset/")["Location"] == "/admin/two-factor/"
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticToken.objects.filter(device__user=officer).exists()
    reset = TwoFactorReset.objects.get()
    assert (reset.user, reset.reset_by) == (officer, superuser)
    assert "hr.tu" in admin.get("/admin/two-factor/").content.decode().split('id="mfa-resets"')[1]

    # The officer's open session no longer counts: the next page asks for a new app.
    assert client.get("/me/profile/")["Location"].startswith(SETUP)


def test_an_hr_officer_cannot_reset_anyone(client, officer, superuser):
    admin = client.__class__()
    enrol(admin, superuser)
    enrol(client, officer)
    client.post(f"/admin/two-factor/{superuser.pk}/reset/")
    assert TOTPDevice.objects.filter(user=superuser).exists()
    assert not TwoFactorReset.objects.exists()


def test_a_superuser_does_not_reset_their_own(client, superuser):
    enrol(client, superuser)
    client.post(f"/admin/two-factor/{superuser.pk}/reset/")
    assert TOTPDevice.objects.filter(user=superuser).exists()


# --- Deployment check --------------------------------------------------------------------------


def test_the_deploy_check_warns_when_production_runs_without_two_factor():
    assert two_factor_required_in_production in registry.registry.get_checks(
        include_deployment_checks=True
    )
    with override_settings(LMS_ENVIRONMENT="production", LMS_REQUIRE_2FA=False):
        assert [w.id for w in two_factor_required_in_production(None)] == ["mfa.W001"]
    with override_settings(LMS_ENVIRONMENT="production", LMS_REQUIRE_2FA=True):
        assert two_factor_required_in_production(None) == []
    with override_settings(LMS_ENVIRONMENT="development", LMS_REQUIRE_2FA=False):
        assert two_factor_required_in_production(None) == []


def test_check_deploy_with_production_settings_warns_when_two_factor_is_turned_off(run_manage):
    from tests.lms.test_settings import PRODUCTION_ENV

    off = run_manage("check", "--deploy", env=PRODUCTION_ENV | {"LMS_REQUIRE_2FA": "0"})
    assert "mfa.W001" in off.stdout + off.stderr
    default = run_manage("check", "--deploy", env=PRODUCTION_ENV, drop=("LMS_REQUIRE_2FA",))
    assert "mfa.W001" not in default.stdout + default.stderr
