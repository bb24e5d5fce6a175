"""The administrators' two-factor page in the Wagtail admin: who has set up an app, and a
reset for an account whose phone was lost (recorded: who, for whom, when)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .selectors import authenticator_for, recovery_codes_left, two_factor_accounts
from .selectors import two_factor_resets as resets
from .services import two_factor_reset


class _AdministratorsOnly:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TwoFactorAccountsView(_AdministratorsOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "mfa/admin/index.html"
    page_title = gettext_lazy("Two-factor sign-in")
    header_icon = "lock"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["accounts"] = two_factor_accounts()
        context["required"] = settings.LMS_REQUIRE_2FA
        context["resets"] = resets()
        return context


class TwoFactorResetView(_AdministratorsOnly, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then remove the account's app and recovery codes."""

    template_name = "mfa/admin/reset.html"
    page_title = gettext_lazy("Reset two-factor sign-in")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        self.account = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.account.get_username()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["account"] = self.account
        context["authenticator"] = authenticator_for(user=self.account)
        context["codes_left"] = recovery_codes_left(user=self.account)
        context["own_account"] = self.account == self.request.user
        return context

    def post(self, request, *args, **kwargs):
        if self.account == request.user:
            # One's own app is replaced from one's own page, after giving a code.
            messages.error(request, _("Replace your own app from your Two-factor sign-in page."))
            return redirect("mfa_admin:index")
        two_factor_reset(user=self.account, reset_by=request.user)
        messages.success(
            request,
            _(
                "Two-factor sign-in of %(name)s is reset: they set up a new app when they next "
                "sign in."
            )
            % {"name": self.account.get_username()},
        )
        return redirect("mfa_admin:index")
