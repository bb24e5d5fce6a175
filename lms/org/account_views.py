"""A signed-in user's own account (profile, password change) and the password reset that starts
from the login page: Django's auth views, with the site's limits and templates.

Rate limits follow lms.auth_policy: the client is ``lms.ratelimits.client_ip``, and the reset
endpoints share their counters with the admin's (same groups and rate), so alternating between
the two gives no one a second allowance.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django_ratelimit.core import get_usage

from lms.auth_policy import auth_rate
from lms.ratelimits import FailureLimit, client_ip, too_many_requests

from .accounts import (
    AccountPasswordChangeForm,
    ProfileForm,
    PublicUrlPasswordResetForm,
    ResetSetPasswordForm,
    account_profile,
    profile_update,
)
from .invitations import (
    InvitationAcceptForm,
    invitation_token_generator,
    invited_password_allowed,
)

# A wrong current password (password change, e-mail change) counts against the account: an
# open session left on a shared computer must not become a way to guess the password.
password_failures = FailureLimit(group="auth:password-change", rate=auth_rate, keys=("user",))


def _reset_address_rate(group, request) -> str:
    return settings.LMS_RATE_PASSWORD_RESET


def _counted_over_limit(request, *, group: str, key: str, rate) -> bool:
    """Count this request under ``key``; True once the rate is exceeded."""
    usage = get_usage(
        request,
        group=group,
        key=lambda group, request: key,
        rate=rate,
        method=get_usage.ALL,
        increment=True,
    )
    return usage is not None and usage["should_limit"]


class PasswordResetRequestView(auth_views.PasswordResetView):
    form_class = PublicUrlPasswordResetForm  # its e-mail: emails/password_reset/

    def post(self, request, *args, **kwargs):
        # Every request counts, per client: each one may send an e-mail.
        if _counted_over_limit(
            request, group="auth:password-reset", key=client_ip(request), rate=auth_rate
        ):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # And per address, whether an account uses it or not (so that the limit tells nothing
        # about accounts): no one's mailbox can be flooded from many clients.
        address = "email:" + form.cleaned_data["email"].casefold()
        if _counted_over_limit(
            self.request, group="auth:password-reset-address", key=address, rate=_reset_address_rate
        ):
            return too_many_requests(self.request)
        return super().form_valid(form)


class PasswordResetConfirmLimitedView(auth_views.PasswordResetConfirmView):
    form_class = ResetSetPasswordForm

    def dispatch(self, request, *args, **kwargs):
        # A link carries its token in the path, so guessing tokens is a GET: every request
        # with one counts. The form it leads to is keyed by the session, not by the path.
        if kwargs.get("token") != self.reset_url_token and _counted_over_limit(
            request, group="auth:password-reset-confirm", key=client_ip(request), rate=auth_rate
        ):
            return too_many_requests(request)
        return super().dispatch(request, *args, **kwargs)


class InvitationAcceptView(PasswordResetConfirmLimitedView):
    """The link of an invitation (lms.org.invitations): the same one-time, rate-limited link
    as a password reset, under its own token salt; then the person is signed in."""

    token_generator = invitation_token_generator
    form_class = InvitationAcceptForm
    template_name = "org/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy(settings.LOGIN_REDIRECT_URL)

    # Reached only with a working link (the parent's dispatch checks it first): a learner
    # whose password sign-in is switched off gets no password, nor a session, from an old
    # link, but the way to single sign-on.
    def get(self, request, *args, **kwargs):
        if not invited_password_allowed(user=self.user):
            return self._single_sign_on(request)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not invited_password_allowed(user=self.user):
            return self._single_sign_on(request)
        return super().post(request, *args, **kwargs)

    def _single_sign_on(self, request):
        return TemplateResponse(request, self.template_name, {"single_sign_on": True})

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Welcome to Digital Learning: your account is ready."))
        return response


class AccountPasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (the session stays signed in), back to the profile."""

    form_class = AccountPasswordChangeForm
    success_url = reverse_lazy("profile")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_usable_password():
            messages.info(request, _("Your account has no password to change."))
            return redirect("profile")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if password_failures.blocked(request):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            password_failures.record_failure(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
@sensitive_post_parameters("current_password")
def profile_view(request):
    """The signed-in user's own profile: only ever request.user's, whatever is posted."""
    profile = account_profile(user=request.user)
    form = ProfileForm(request.POST or None, profile=profile)
    if request.method == "POST":
        if password_failures.blocked(request):
            return too_many_requests(request)
        if form.is_valid():
            profile_update(user=request.user, **form.changes())
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")
        if form.wrong_password:
            password_failures.record_failure(request)
    return TemplateResponse(request, "org/profile.html", {"profile": profile, "form": form})
