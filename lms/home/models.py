"""Site-wide pages and operational records."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class HomePage(Page):
    """The site's front page. Its words live in the template, translated with gettext, so the
    language switch changes them too."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from courses.models import CourseIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = CourseIndexPage.objects.live().first()
        return context


class TaskHeartbeat(models.Model):
    """One round trip through the task queue, so an administrator can see workers respond."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    processed_by = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("task heartbeat")
        verbose_name_plural = _("task heartbeats")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"heartbeat {self.pk} ({self.created_at:%Y-%m-%d %H:%M:%S})"

    @property
    def latency_seconds(self) -> float | None:
        if self.processed_at is None:
            return None
        return (self.processed_at - self.created_at).total_seconds()
