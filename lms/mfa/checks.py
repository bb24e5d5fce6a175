"""`manage.py check --deploy`: production without two-factor sign-in is worth a warning."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required_in_production(app_configs, **kwargs):
    if getattr(settings, "LMS_ENVIRONMENT", "") != "production" or settings.LMS_REQUIRE_2FA:
        return []
    return [
        Warning(
            "LMS_REQUIRE_2FA is off in production: administrators and HR officers, who can "
            "see personal data, sign in with a password alone.",
            hint="Unset LMS_REQUIRE_2FA (production turns it on) or set LMS_REQUIRE_2FA=1.",
            id="mfa.W001",
        )
    ]
