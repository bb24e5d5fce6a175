"""Filters of the organisation's admin listings (django-filter, as Wagtail's listings use it)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .models import LinkRequest


class LinkRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=LinkRequest.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = LinkRequest
        fields = ["status"]

    def __init__(self, data=None, *args, **kwargs):
        # Unfiltered, the list shows what an officer comes for: the requests still pending.
        super().__init__(data or {"status": LinkRequest.Status.PENDING}, *args, **kwargs)
