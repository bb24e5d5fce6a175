"""The signed-in account's two-factor pages: set up an authenticator app, enter a code at
sign-in, and manage the app and recovery codes.

Wrong codes count against the account under the login policy (lms.auth_policy): after
LMS_AUTH_FAILURE_LIMIT of them, every code is refused, the right one too, until the cool-off
has passed, so that guessing six digits is pointless.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from lms.auth_policy import auth_rate
from lms.ratelimits import FailureLimit

from .forms import AppCodeForm, CodeForm
from .qr import authenticator_qr_svg, authenticator_secret
from .selectors import (
    authenticator_for,
    recovery_codes_left,
    two_factor_applies,
    two_factor_required,
)
from .services import (
    authenticator_confirm,
    authenticator_pending,
    authenticator_pending_discard,
    recovery_codes_regenerate,
    two_factor_verify,
)

code_failures = FailureLimit(group="auth:two-factor", rate=auth_rate, keys=("user",))

# Replacing the app is allowed for a few minutes after a code was given on the manage page.
REPLACE_SESSION_KEY = "mfa_replace_until"
REPLACE_WINDOW_SECONDS = 10 * 60


def _next_url(request) -> str:
    """Where to go once done: the page the account was on its way to, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _blocked_message() -> str:
    minutes = max(round(settings.LMS_AUTH_COOLOFF.total_seconds() / 60), 1)
    return ngettext(
        "Too many wrong codes. For your safety, codes are refused for %(minutes)d minute; "
        "then try again.",
        "Too many wrong codes. For your safety, codes are refused for %(minutes)d minutes; "
        "then try again.",
        minutes,
    ) % {"minutes": minutes}


def _wrong_code_message() -> str:
    return _(
        "This code is not right, or has been used already. Check that your phone's clock is "
        "set automatically and enter the newest code."
    )


def _second_factor_passed(request, device) -> None:
    # A new session key as the session gains rights, as at a password sign-in.
    request.session.cycle_key()
    otp_login(request, device)


def _checked_code(request, form) -> tuple[Device | None, int]:
    """Check a posted code against the account's devices, under the failure limit. Returns
    (the device that accepted it or None, status); the form carries the reason if refused."""
    if code_failures.blocked(request):
        form.is_valid()
        form.add_error(None, _blocked_message())
        return None, 429
    if not form.is_valid():
        return None, 200
    device = two_factor_verify(user=request.user, code=form.cleaned_data["code"])
    if device is None:
        code_failures.record_failure(request)
        form.add_error("code", _wrong_code_message())
    return device, 200


@login_required
@sensitive_post_parameters("code")
def verify_view(request):
    """The second step of signing in: a code from the app or a recovery code."""
    user = request.user
    next_url = _next_url(request)
    if authenticator_for(user=user) is None:
        if two_factor_required(user):
            return redirect(_with_next("mfa:setup", next_url))
        return redirect("mfa:manage")
    if user.is_verified():
        return redirect(next_url)
    form = CodeForm(request.POST or None, autofocus=True)
    status = 200
    if request.method == "POST":
        device, status = _checked_code(request, form)
        if device is not None:
            _second_factor_passed(request, device)
            if isinstance(device, StaticDevice):
                left = recovery_codes_left(user=user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; %(count)d code is left. Make new "
                        "codes on your Two-factor sign-in page.",
                        "You signed in with a recovery code; %(count)d codes are left. Make new "
                        "codes on your Two-factor sign-in page.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
    return TemplateResponse(
        request, "mfa/verify.html", {"form": form, "next": next_url}, status=status
    )


def _replace_granted(request) -> bool:
    return request.session.get(REPLACE_SESSION_KEY, 0) > time.time()


@login_required
@sensitive_post_parameters("code")
def setup_view(request):
    """Set up an authenticator app: the first one, or a new phone after re-verifying."""
    user = request.user
    replacing = authenticator_for(user=user) is not None
    next_url = reverse("mfa:manage") if replacing else _next_url(request)
    if replacing and not _replace_granted(request):
        return redirect("mfa:manage")
    if not replacing and not two_factor_required(user):
        messages.info(request, _("Two-factor sign-in is not needed for your account."))
        return redirect("mfa:manage")
    device = authenticator_pending(user=user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = authenticator_confirm(user=user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            request.session.pop(REPLACE_SESSION_KEY, None)
            _second_factor_passed(request, device)
            if codes:  # a first set-up, or a new phone once every code had been used
                return TemplateResponse(
                    request, "mfa/recovery_codes.html", {"codes": codes, "next": next_url}
                )
            messages.success(
                request,
                _("Your new authenticator app is set up. Your recovery codes are unchanged."),
            )
            return redirect(next_url)
        # Not counted as a failure: the key is on this very page, so there is nothing to guess.
        form.add_error("code", _wrong_code_message())
    context = {
        "form": form,
        "next": next_url,
        "replacing": replacing,
        "qr": authenticator_qr_svg(
            device=device, title=_("QR code to scan with your authenticator app")
        ),
        "secret": authenticator_secret(device=device),
    }
    return TemplateResponse(request, "mfa/setup.html", context)


@login_required
@sensitive_post_parameters("code")
def manage_view(request):
    """The account's two-factor page: its app and recovery codes. Replacing the app or making
    new codes asks for a code first, so that a session left open is not enough."""
    user = request.user
    authenticator = authenticator_for(user=user)
    forms = {
        "replace": CodeForm(prefix="replace"),
        "codes": CodeForm(prefix="codes"),
    }
    status = 200
    action = request.POST.get("action")
    if request.method == "POST" and authenticator is not None and action in forms:
        form = forms[action] = CodeForm(request.POST, prefix=action)
        device, status = _checked_code(request, form)
        if device is not None and action == "replace":
            authenticator_pending_discard(user=user)
            request.session[REPLACE_SESSION_KEY] = time.time() + REPLACE_WINDOW_SECONDS
            return redirect("mfa:setup")
        if device is not None:
            codes = recovery_codes_regenerate(user=user)
            return TemplateResponse(
                request,
                "mfa/recovery_codes.html",
                {"codes": codes, "next": reverse("mfa:manage"), "regenerated": True},
            )
    context = {
        "authenticator": authenticator,
        "codes_left": recovery_codes_left(user=user) if authenticator else 0,
        "applies": two_factor_applies(user),
        "required": two_factor_required(user),
        "replace_form": forms["replace"],
        "codes_form": forms["codes"],
    }
    return TemplateResponse(request, "mfa/manage.html", context, status=status)
