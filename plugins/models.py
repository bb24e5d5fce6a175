from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PluginState(models.Model):
    """An administrator's choice to disable (or re-enable) a plugin; no row means enabled."""

    name = models.CharField(_("plugin"), max_length=100, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plugin state")
        verbose_name_plural = _("plugin states")

    def __str__(self) -> str:
        return f"{self.name}: {'enabled' if self.enabled else 'disabled'}"
