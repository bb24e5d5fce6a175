"""The trainer's "My courses" panel on the admin dashboard (a Wagtail component; who sees it
is decided in courses.wagtail_hooks)."""

from wagtail.admin.ui.components import Component

from courses.authoring import CourseGroup, trainer_courses
from courses.models import CourseIndexPage


class MyCoursesPanel(Component):
    name = "my_courses"
    template_name = "courses/admin/my_courses_panel.html"
    order = 10  # before Wagtail's own panels: a trainer comes for their courses

    class Media:
        css = {"all": ["courses/admin/my_courses.css"]}

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        groups = trainer_courses(user=request.user)
        return {
            "request": request,
            "groups": [
                {"key": key, "label": CourseGroup.LABELS[key], "courses": courses}
                for key, courses in groups.items()
            ],
            "total": sum(len(courses) for courses in groups.values()),
            "catalogue": CourseIndexPage.objects.only("pk").first(),
        }
