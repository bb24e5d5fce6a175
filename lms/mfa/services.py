"""Writes for two-factor sign-in: setting up an authenticator app, recovery codes, checking a
code, and an administrator's reset."""

import re

from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import TwoFactorReset

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def code_normalize(code: str) -> str:
    """What the person typed, as the devices store it: recovery codes are shown in two groups
    and phones add spaces to numbers, so spaces and dashes do not count, nor case."""
    return re.sub(r"[\s-]+", "", code or "").lower()


def authenticator_pending(*, user) -> TOTPDevice:
    """The app being set up: the same secret on every visit until it is confirmed, so that a
    reload does not invalidate what the phone has just scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_pending_discard(*, user) -> None:
    TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()


@transaction.atomic
def authenticator_confirm(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app being set up with a code it shows. On success it replaces any previous
    app; the new recovery codes are returned when the account had none left (first set-up),
    else an empty list (a replaced phone keeps the codes on paper). None if the code is wrong.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(pk=device.pk, user=user, confirmed=False)
        .first()
    )
    # None: a second submission of the same form, once the first has confirmed the device.
    if device is None or not device.verify_token(code_normalize(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    if StaticToken.objects.filter(device__user=user).exists():
        return []
    return recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """New recovery codes for the account, replacing all the earlier ones. Shown once: the
    caller displays them and nothing else can read them back for the person."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()
        # Never all digits: a recovery code must not read as an app's code.
        if token not in codes and not token.isdigit():
            codes.append(token)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_verify(*, user, code: str) -> Device | None:
    """The account's device that accepts the code, or None. An app's code is accepted once
    (django-otp remembers the last time step used), a recovery code is deleted as it is used.
    Devices are locked while checked, so two requests cannot both spend one code."""
    code = code_normalize(code)
    if not code:
        return None
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
            for device in devices:
                if device.verify_token(code):
                    return device
    return None


@transaction.atomic
def two_factor_reset(*, user, reset_by) -> TwoFactorReset:
    """Remove the account's app and recovery codes (a lost phone). Its sessions that passed
    the second factor no longer count as verified (django-otp finds no device behind them),
    so the next page asks it to set up a new app."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return TwoFactorReset.objects.create(user=user, reset_by=reset_by)
