import copy

from django.urls import path
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.ui.components import Component

from lms.org.selectors import is_hr_officer

from .hr_panels import hr_panels
from .selectors import task_queue_status
from .views import heartbeat_send_view


class TaskQueuePanel(Component):
    name = "task_queue"
    template_name = "home/admin/task_queue_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(task_queue_status())
        context["csrf_token"] = parent_context["csrf_token"]
        context["request"] = parent_context["request"]
        return context


@hooks.register("construct_homepage_panels")
def add_task_queue_panel(request, panels):
    if request.user.is_superuser:
        panels.append(TaskQueuePanel())


@hooks.register("construct_homepage_panels")
def add_hr_panels(request, panels):
    """An HR officer lands on their units' coverage, the people waiting for a unit and their
    latest imports (each panel reads within their scope)."""
    if is_hr_officer(request.user):
        panels.extend(hr_panels())


@hooks.register("register_admin_urls")
def register_heartbeat_url():
    return [path("tasks/heartbeat/", heartbeat_send_view, name="home_heartbeat_send")]


# Wagtail builds its help menu's items once per process, and its "What's new in Wagtail" label
# is formatted (so translated) then: every later visitor would read it in the language of the
# first admin page served. Each request gets a copy labelled in its own language instead.
WHATS_NEW_PREFIX = "whats-new-in-wagtail-"


@hooks.register("construct_help_menu")
def label_whats_new_in_the_visitors_language(request, menu_items):
    for index, item in enumerate(menu_items):
        if item.name.startswith(WHATS_NEW_PREFIX):
            version = item.name.removeprefix(WHATS_NEW_PREFIX)
            relabelled = copy.copy(item)
            relabelled.attrs = dict(item.attrs)  # rendering writes per-user attributes into it
            relabelled.label = gettext("What's new in Wagtail %(version)s") % {"version": version}
            menu_items[index] = relabelled
