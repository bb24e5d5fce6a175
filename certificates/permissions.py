"""Who may choose certificates and their templates in the admin (see lms.permissions)."""

from django.contrib.auth import get_user_model

from lms.org.selectors import is_hr_officer, people_in_scope
from lms.permissions import ChoosePolicy


class CertificatePolicy(ChoosePolicy):
    """Certificates hold people's names and results: administrators choose any, HR officers
    those of the people in their units (as they may download them), trainers none."""

    def scoped_instances(self, user):
        if not is_hr_officer(user):
            return None
        return self.model._default_manager.filter(enrollment__person__in=people_in_scope(user=user))

    # An issued certificate is frozen: nobody, administrators included, adds, edits, copies or
    # deletes one through the admin's forms, URLs or bulk actions. Revoking and re-issuing
    # are their own recorded actions (admin_views.certificate_admin_view); a revoked
    # certificate stays, with its status.
    FROZEN = frozenset({"add", "change", "delete", "publish", "unpublish", "lock", "unlock"})

    def user_has_permission(self, user, action):
        return action not in self.FROZEN and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.FROZEN]
        if not allowed:  # Django's query would still name every superuser
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


class CertificateTemplatePolicy(ChoosePolicy):
    """Templates are chosen by whoever may design them: trainers and reviewers (a course
    needs one) and administrators. They are not for HR officers."""
