"""Template tags of the admin's dashboard (see templates/wagtailadmin/home.html)."""

from django import template
from wagtail.admin.auth import user_has_any_page_permission

register = template.Library()


@register.simple_tag
def can_browse_pages(user) -> bool:
    """Whether the user may open any page in the admin: the dashboard's page search leads
    nowhere for anyone else."""
    return user_has_any_page_permission(user)
