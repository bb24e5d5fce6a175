"""Who may do what with certificates in the admin: choose certificates and their templates
(see lms.permissions), revoke and re-issue, run batches and download ZIPs. Registered in
wagtail_hooks, so Wagtail's views (PermissionCheckedMixin) ask them."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy

from lms.org.selectors import is_hr_officer, people_in_scope
from lms.permissions import ChoosePolicy


def _is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


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
    # Revoking and re-issuing are recorded actions of administrators alone.
    RECORDED = frozenset({"revoke", "reissue"})

    def user_has_permission(self, user, action):
        if action in self.RECORDED:
            return _is_administrator(user)
        return action not in self.FROZEN and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.FROZEN | self.RECORDED]
        if not allowed:  # Django's query would still name every superuser
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


class CertificateTemplatePolicy(ChoosePolicy):
    """Templates are chosen by whoever may design them: trainers and reviewers (a course
    needs one) and administrators. They are not for HR officers."""


class CertificateBatchPolicy(ModelPermissionPolicy):
    """Issuing a course's missing certificates, or re-issuing them all, is for administrators:
    asking for a batch and following its progress alike."""

    def user_has_permission(self, user, action):
        return _is_administrator(user)

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        return manager.all() if _is_administrator(user) else manager.none()


class CertificateBundlePolicy(ModelPermissionPolicy):
    """ZIPs of certificates: HR officers (and administrators) ask for them ("add"); each opens
    the ones they asked for, administrators any. Someone else's ZIP is not found, rather than
    refused, so that its number tells nothing."""

    def user_has_permission(self, user, action):
        if action == "add":
            return is_hr_officer(user)
        return super().user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if _is_administrator(user):
            return manager.all()
        if not (user.is_authenticated and user.is_active):
            return manager.none()
        return manager.filter(requested_by=user)
