"""The sent log in the admin (Reports, Sent e-mails): administrators only, read only, with
filters by kind and status. It shows no body: none is kept."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from lms.permissions import SuperuserMenuItem, SuperusersReadOnly

from .models import OutboundEmail


class OutboundEmailViewSet(ModelViewSet):
    model = OutboundEmail
    icon = "mail"
    menu_label = _("Sent e-mails")
    add_to_admin_menu = False
    url_prefix = "reports/sent-emails"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["to", "kind", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "status", "language"]
    list_export = ["to", "kind", "subject", "language", "status", "attempts", "error"]
    list_export += ["created_at", "sent_at"]
    search_fields = ["to", "subject"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "to",
        "user",
        "kind",
        "subject",
        "language",
        "status",
        "attempts",
        "error",
        "created_at",
        "sent_at",
    ]

    def get_urlpatterns(self):
        # Only what reads the log: no URL adds, edits or deletes a row.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


register_permission_policy(OutboundEmail, SuperusersReadOnly(OutboundEmail))
sent_log_viewset = OutboundEmailViewSet("sent_emails")


@hooks.register("register_admin_viewset")
def register_sent_log():
    return sent_log_viewset


@hooks.register("register_reports_menu_item")
def register_sent_log_menu_item():
    return SuperuserMenuItem(
        _("Sent e-mails"),
        reverse("sent_emails:index"),
        name="sent-emails",
        icon_name="mail",
        order=1100,
    )
