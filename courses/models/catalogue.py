"""How the catalogue classifies courses: audiences and competency areas."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet


class Audience(models.TextChoices):
    STATE_STAFF = "state_staff", _("State staff")
    IT_OFFICERS = "it_officers", _("IT / digital-transformation officers")
    CITIZENS = "citizens", _("Citizens")


AUDIENCE_FIELDS = {
    Audience.STATE_STAFF: "for_state_staff",
    Audience.IT_OFFICERS: "for_it_officers",
    Audience.CITIZENS: "for_citizens",
}


@register_snippet
class CompetencyArea(models.Model):
    """A domain of the national digital-competency framework."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("competency area")
        verbose_name_plural = _("competency areas")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name
