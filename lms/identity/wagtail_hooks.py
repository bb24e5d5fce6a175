"""The personal data records of sign-ins (Reports, Personal data records): administrators
only, read only. Each row says what a person was shown or agreed to, in which language, when."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from lms.permissions import SuperuserMenuItem, SuperusersReadOnly

from .models import DataProcessingRecord


class DataProcessingRecordViewSet(ModelViewSet):
    model = DataProcessingRecord
    icon = "lock"
    menu_label = _("Personal data records")
    add_to_admin_menu = False
    url_prefix = "reports/personal-data-records"
    copy_view_enabled = False
    list_display = ["recorded_at", "basis", "provider", "person", "user", "language", "text"]
    list_filter = ["basis", "provider", "language"]
    list_export = ["recorded_at", "basis", "provider", "person", "user", "language", "text"]
    search_fields = ["person__full_name", "user__username"]
    ordering = ["-recorded_at"]

    def get_urlpatterns(self):
        # Only what reads the records: no URL adds, edits or deletes one.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


register_permission_policy(DataProcessingRecord, SuperusersReadOnly(DataProcessingRecord))
records_viewset = DataProcessingRecordViewSet("personal_data_records")


@hooks.register("register_admin_viewset")
def register_records():
    return records_viewset


@hooks.register("register_reports_menu_item")
def register_records_menu_item():
    return SuperuserMenuItem(
        _("Personal data records"),
        reverse("personal_data_records:index"),
        name="personal-data-records",
        icon_name="lock",
        order=1110,
    )
