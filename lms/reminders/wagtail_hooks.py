"""The reminders' admin: the officer's preview-and-send page, each target's schedule (a snippet
administrators edit), and the reminders section of a person's record."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.permissions import ChoosePolicy, PolicyChooserViewSet

from . import views
from .models import ReminderOptOut, ReminderSchedule
from .selectors import person_reminders

RECORD_REMINDERS_SHOWN = 50

# Schedules are the administrators' (model permissions): only they may choose one too.
register_permission_policy(ReminderSchedule, ChoosePolicy(ReminderSchedule))


class ReminderScheduleViewSet(SnippetViewSet):
    model = ReminderSchedule
    icon = "mail"
    menu_label = _("Reminder schedules")
    add_to_settings_menu = True
    chooser_viewset_class = PolicyChooserViewSet
    list_display = ["target", "days_before", "active"]
    panels = [FieldPanel("target"), FieldPanel("days_before"), FieldPanel("active")]


register_snippet(ReminderScheduleViewSet)


class PersonRemindersPanel(Component):
    template_name = "reminders/admin/person_reminders.html"

    def __init__(self, person):
        self.person = person

    def get_context_data(self, parent_context):
        opt_out = ReminderOptOut.objects.filter(person=self.person).first()
        return {
            "reminders": person_reminders(person=self.person)[:RECORD_REMINDERS_SHOWN],
            "opted_out_at": opt_out.opted_out_at if opt_out else None,
        }


@hooks.register("construct_person_record_panels")
def add_person_reminders(request, person, panels):
    panels.append(PersonRemindersPanel(person))


@hooks.register("register_admin_urls")
def register_reminder_urls():
    urls = [path("send/", views.reminder_send_view, name="send")]
    return [path("reminders/", include((urls, "reminders"), namespace="reminders"))]
