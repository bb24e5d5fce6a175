"""What the organisation's admin screens share: who may open them, and their page.

Refusals are Wagtail's own (``wagtail.admin.auth.user_passes_test``): a redirect to the
dashboard with its "permission denied" message. Which objects a screen shows is a further
check each view makes on the server through a ``*_in_scope`` selector (outside: 404).
"""

from django.template.response import TemplateResponse
from wagtail.admin.auth import user_passes_test

from .selectors import is_hr_officer

hr_officer_required = user_passes_test(is_hr_officer)
administrator_required = user_passes_test(lambda user: user.is_superuser)


def admin_page(request, template: str, title: str, context: dict) -> TemplateResponse:
    """A page in the admin's layout (templates extend wagtailadmin/generic/base.html)."""
    return TemplateResponse(
        request, template, {"page_title": title, "header_title": title, **context}
    )
