"""Admin menu items shown by role: HR officers (any OrgRole) or administrators."""

from wagtail.admin.menu import MenuItem, SubmenuMenuItem

from .selectors import is_hr_officer


class HrMenuItem(MenuItem):
    def is_shown(self, request):
        return is_hr_officer(request.user)


class AdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


class HrSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_hr_officer(request.user)
