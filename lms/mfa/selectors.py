"""Reads about two-factor sign-in: who needs it, and the devices an account has."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Min, Q, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lms.org.models import OrgRole
from lms.org.selectors import is_hr_officer

from .models import TwoFactorReset


def two_factor_applies(user) -> bool:
    """Whether the account can see personal data (administrators, HR officers): the accounts
    that sign in with a second factor when LMS_REQUIRE_2FA is on."""
    return is_hr_officer(user)


def two_factor_required(user) -> bool:
    return bool(settings.LMS_REQUIRE_2FA) and two_factor_applies(user)


def authenticator_for(*, user) -> TOTPDevice | None:
    """The account's confirmed authenticator app, if it has set one up."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_accounts() -> QuerySet:
    """Accounts the administrators' two-factor page lists: those it applies to, and any other
    that has a device (set up while it applied). Each with ``authenticator_added`` and
    ``authenticator_used`` (None without an app)."""
    has_role = Q(org_roles__role=OrgRole.Role.HR_OFFICER)
    confirmed = Q(totpdevice__confirmed=True)
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | has_role | confirmed)
        .annotate(
            authenticator_added=Min("totpdevice__created_at", filter=confirmed),
            authenticator_used=Max("totpdevice__last_used_at", filter=confirmed),
        )
        .order_by("username")
        .distinct()
    )


def two_factor_resets(*, limit: int = 50) -> QuerySet[TwoFactorReset]:
    return TwoFactorReset.objects.select_related("user", "reset_by").order_by("-reset_at")[:limit]
