"""Who may pick which objects in the admin's snippet choosers.

Wagtail's snippet choosers check no permission: any user who can open the admin could list
every certificate serial, target or population figure through /admin/snippets/choose/…
Wagtail's image and document choosers answer the same question with the action "choose" of
the model's permission policy; this module gives snippets the same: a ``ChoosePolicy`` per
model (registered with ``wagtail.permissions.register_permission_policy``) says who may
choose and which instances, and ``PolicyChooserViewSet`` makes every chooser view ask it.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

CHOOSE = "choose"


class ChoosePolicy(ModelPermissionPolicy):
    """Django's model permissions, plus the action "choose".

    Users who may manage the model (any of ``manager_actions``) choose every instance. Others
    choose what ``scoped_instances`` gives them: by default nothing, and then the chooser
    answers "permission denied". Every other action is the model permission, unchanged.
    """

    manager_actions = ("add", "change", "delete")

    def scoped_instances(self, user) -> QuerySet | None:
        """The instances a user who does not manage the model may choose, or None."""
        return None

    def _is_manager(self, user) -> bool:
        # The plain model permissions, past any subclass's refusals: a policy that freezes its
        # instances (no one edits an issued certificate) still lets their managers choose them.
        return any(
            super(ChoosePolicy, self).user_has_permission(user, action)
            for action in self.manager_actions
        )

    def _choosable(self, user) -> QuerySet:
        manager = self.model._default_manager
        if not (user.is_authenticated and user.is_active):
            return manager.none()
        if self._is_manager(user):
            return manager.all()
        scoped = self.scoped_instances(user)
        return manager.none() if scoped is None else scoped

    def user_has_permission(self, user, action):
        if action != CHOOSE:
            return super().user_has_permission(user, action)
        if not (user.is_authenticated and user.is_active):
            return False
        return self._is_manager(user) or self.scoped_instances(user) is not None

    def user_has_permission_for_instance(self, user, action, instance):
        if action != CHOOSE:
            return super().user_has_permission_for_instance(user, action, instance)
        return self._choosable(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if CHOOSE not in actions:
            return super().instances_user_has_any_permission_for(user, actions)
        others = [action for action in actions if action != CHOOSE]
        if others and super().user_has_any_permission(user, others):
            return self.model._default_manager.all()
        return self._choosable(user)


def _policy(model) -> ChoosePolicy:
    policy = policy_registry.get_by_type(model)
    if not isinstance(policy, ChoosePolicy):  # a model registered without one: fail loudly
        raise TypeError(f"{model.__name__} needs a ChoosePolicy for PolicyChooserViewSet")
    return policy


class _PolicyChecked:
    """Every chooser view: only for users the policy lets choose, and only what they may."""

    def dispatch(self, request, *args, **kwargs):
        if not _policy(self.model_class).user_has_permission(request.user, CHOOSE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def choosable(self) -> QuerySet:
        return _policy(self.model_class).instances_user_has_any_permission_for(
            self.request.user, [CHOOSE]
        )


class PolicyChooseView(_PolicyChecked, ChooseView):
    def get_object_list(self):
        return self.choosable()


class PolicyChooseResultsView(_PolicyChecked, ChooseResultsView):
    def get_object_list(self):
        return self.choosable()


class PolicyChosenView(_PolicyChecked, SnippetChosenView):
    def get_object(self, pk):
        return self.choosable().get(pk=pk)  # DoesNotExist: 404, as for a missing one


class PolicyChosenMultipleView(_PolicyChecked, SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.choosable().filter(pk__in=pks)


class PolicyChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser that asks the model's ChoosePolicy (set it as a SnippetViewSet's
    ``chooser_viewset_class``). Creating from the chooser still needs the "add" permission,
    as Wagtail's chooser create view checks."""

    choose_view_class = PolicyChooseView
    choose_results_view_class = PolicyChooseResultsView
    chosen_view_class = PolicyChosenView
    chosen_multiple_view_class = PolicyChosenMultipleView


class SuperusersReadOnly(ModelPermissionPolicy):
    """For records (the sent e-mails, personal data records...): superusers may look; nobody
    adds, edits or deletes a row, whatever their model permissions."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if "view" in actions else users.none()

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        return manager.all() if self.user_has_any_permission(user, actions) else manager.none()


class SuperuserMenuItem(MenuItem):
    """A menu item only administrators see (what it opens checks again on the server)."""

    def is_shown(self, request):
        return request.user.is_superuser
