from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TwoFactorReset(models.Model):
    """An administrator removed an account's authenticator app and recovery codes (a lost
    phone): who, for whom, when. The account sets up a new app at its next sign-in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_factor_resets",
        verbose_name=_("account"),
    )
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reset by"),
    )
    reset_at = models.DateTimeField(_("reset at"), default=timezone.now)

    class Meta:
        verbose_name = _("two-factor reset")
        verbose_name_plural = _("two-factor resets")
        ordering = ["-reset_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.reset_at:%Y-%m-%d %H:%M})"
