"""An HR officer's landing page in the admin: three dashboard panels (Wagtail components),
each reading its own selector in hr_dashboard within the officer's scope. Who sees them is
decided once, in wagtail_hooks."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from .hr_dashboard import hr_coverage_summary, hr_people_awaiting, hr_recent_imports


class HrPanel(Component):
    class Media:
        css = {"all": ["targets/admin/coverage.css", "home/admin/hr_dashboard.css"]}

    def get_context_data(self, parent_context):
        return {"request": parent_context["request"]}


class HrCoveragePanel(HrPanel):
    name = "hr_coverage"
    template_name = "home/admin/hr_coverage_panel.html"
    order = 10  # before Wagtail's own panels: this is what an officer comes for

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            hr_coverage_summary(user=context["request"].user, today=timezone.localdate())
        )
        return context


class HrAwaitingPanel(HrPanel):
    name = "hr_awaiting"
    template_name = "home/admin/hr_awaiting_panel.html"
    order = 20

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["awaiting"] = hr_people_awaiting(user=context["request"].user)
        return context


class HrImportsPanel(HrPanel):
    name = "hr_imports"
    template_name = "home/admin/hr_imports_panel.html"
    order = 30

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["imports"] = hr_recent_imports(user=context["request"].user)
        return context


def hr_panels() -> list[Component]:
    return [HrCoveragePanel(), HrAwaitingPanel(), HrImportsPanel()]
