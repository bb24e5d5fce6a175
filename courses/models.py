"""Course catalogue pages. Courses, lessons, enrollments and progress come with the courses
issue; the catalogue exists from the start so the home page can link to it."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class CourseIndexPage(Page):
    """The course catalogue (/courses/)."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = self.get_children().live().public().specific()
        return context
