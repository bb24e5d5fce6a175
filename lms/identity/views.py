"""Sign-in pages: the login page with a button per provider, the redirect to a provider and
back (/accounts/sso/<code>/...), the citizen's completion page, and a clear page per failure.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.utils import generate_code_challenge

from .claims import claims_map
from .client import AnswerRejected, CodeRefused, ProviderClient, ProviderError
from .forms import CITIZEN_CONSENT, CitizenCompletionForm, LoginForm
from .providers import ProviderUnavailable, claim_names, identity_provider, identity_providers
from .services import (
    SignInRefused,
    communes_open,
    pending_missing,
    sso_citizen_complete,
    sso_sign_in,
)
from .states import sign_in_begin, sign_in_take

logger = logging.getLogger(__name__)

SESSION_PENDING = "identity_sso_pending"
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"

# reason -> (title, what happened and what to do, HTTP status). No page names a record.
FAILURES = {
    "state": (
        _("This sign-in cannot be completed"),
        _(
            "The answer from the identity provider does not belong to a sign-in started in "
            "this browser, or it was already used or has expired. Nothing was changed. Start "
            "again from the login page."
        ),
        400,
    ),
    "denied": (
        _("Sign-in was cancelled"),
        _("The identity provider did not sign you in. Nothing was changed."),
        400,
    ),
    "code": (
        _("The sign-in expired"),
        _(
            "The identity provider no longer accepts this sign-in: it took too long or was "
            "already used. Nothing was changed. Start again from the login page."
        ),
        400,
    ),
    "answer": (
        _("The identity provider's answer was refused"),
        _(
            "The answer could not be verified, so it was not used. Nothing was changed. Try "
            "again; if it happens again, tell the site's administrator."
        ),
        400,
    ),
    "unavailable": (
        _("The identity provider cannot be reached"),
        _("Try again in a few minutes, or sign in with your password if you have one."),
        503,
    ),
    "no_national_id": (
        _("Your national ID number was not received"),
        _(
            "The identity provider did not send a national ID number, which is needed to find "
            "your record. No account was created. Ask the provider's support or your HR "
            "officer."
        ),
        403,
    ),
    "unknown_id": (
        _("No staff record matches your identity"),
        _(
            "Your national ID number is not on your unit's staff roster in this system, so no "
            "account was created. Ask your HR officer to check the roster."
        ),
        403,
    ),
    "conflict": (
        _("Your record is already linked to another account"),
        _(
            "Your national ID number matches a record that is already linked to another "
            "login, or more than one record. To protect it, nothing was linked and no "
            "account was created. Sign in with the account you already have, or ask your "
            "HR officer to check the records."
        ),
        409,
    ),
    "staff_roster": (
        _("Your ID is on a staff roster"),
        _(
            "Your national ID number matches a record on a staff roster, and this identity "
            "provider does not sign in staff. Nothing was linked and no account was created. "
            "Sign in with the staff directory, or ask your HR officer."
        ),
        403,
    ),
    "inactive": (
        _("This account is disabled"),
        _("Ask the site's administrator if you think this is a mistake."),
        403,
    ),
}


class LoginView(auth_views.LoginView):
    """Django's login with a button per provider; the password form is for administrators,
    HR officers and trainers only while LMS_LOCAL_LOGIN_FOR_LEARNERS is off."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["identity_providers"] = list(identity_providers().values())
        return context


def failure_page(request, reason: str) -> TemplateResponse:
    title, explanation, status = FAILURES[reason]
    return TemplateResponse(
        request,
        "identity/failure.html",
        {"title": title, "explanation": explanation, "reason": reason},
        status=status,
    )


def _provider_or_404(code: str):
    provider = identity_provider(code=code)
    if provider is None:
        raise Http404
    return provider


def _callback_url(request, provider) -> str:
    return request.build_absolute_uri(reverse("sso_callback", args=[provider.code]))


def sso_login_view(request, provider_code: str):
    provider = _provider_or_404(provider_code)
    try:
        endpoints = provider.endpoints()
    except ProviderUnavailable:
        logger.exception("Identity provider %r unavailable", provider.code)
        return failure_page(request, "unavailable")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    started = sign_in_begin(session=request.session, provider_code=provider.code, next_url=next_url)
    query = urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": _callback_url(request, provider),
            "scope": provider.scopes,
            "state": started["state"],
            "nonce": started["nonce"],
            "code_challenge": generate_code_challenge(started["verifier"], "S256"),
            "code_challenge_method": "S256",
        }
    )
    return redirect(f"{endpoints['authorization_endpoint']}?{query}")


def sso_callback_view(request, provider_code: str):
    provider = _provider_or_404(provider_code)
    started = sign_in_take(
        session=request.session, state=request.GET.get("state", ""), provider_code=provider.code
    )
    if started is None:
        return failure_page(request, "state")
    if request.GET.get("error") or not request.GET.get("code"):
        return failure_page(request, "denied")
    try:
        claims = ProviderClient(provider=provider, endpoints=provider.endpoints()).claims_for_code(
            code=request.GET["code"],
            nonce=started["nonce"],
            code_verifier=started["verifier"],
            redirect_uri=_callback_url(request, provider),
        )
        outcome = sso_sign_in(
            provider=provider,
            mapped=claims_map(claims=claims, names=claim_names(provider=provider)),
        )
    except CodeRefused:
        return failure_page(request, "code")
    except AnswerRejected:
        logger.warning("Identity provider %r: answer rejected", provider.code, exc_info=True)
        return failure_page(request, "answer")
    except (ProviderUnavailable, ProviderError):
        logger.exception("Identity provider %r unavailable", provider.code)
        return failure_page(request, "unavailable")
    except SignInRefused as refused:
        return failure_page(request, refused.reason)
    if outcome.user is None:
        request.session[SESSION_PENDING] = {**outcome.pending, "next": started["next"]}
        return redirect("sso_complete")
    return _signed_in(request, outcome.user, next_url=started["next"], notice=outcome.notice)


def _signed_in(request, user, *, next_url: str, notice: str = ""):
    login(request, user, backend=SESSION_BACKEND)
    if notice:
        messages.info(request, notice)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def sso_complete_view(request):
    """A citizen's first sign-in: what the claims lacked, and their consent."""
    pending = request.session.get(SESSION_PENDING)
    if not pending:
        return redirect("login")
    provider = identity_provider(code=pending["provider"])
    if provider is None:
        raise Http404
    missing = pending_missing(pending=pending)
    form = CitizenCompletionForm(request.POST or None, missing=missing, communes=communes_open())
    if request.method == "POST" and form.is_valid():
        try:
            user = sso_citizen_complete(
                provider=provider,
                pending=pending,
                answers=form.cleaned_data,
                consent_text=str(CITIZEN_CONSENT),
            )
        except SignInRefused as refused:
            request.session.pop(SESSION_PENDING, None)
            return failure_page(request, refused.reason)
        request.session.pop(SESSION_PENDING, None)
        messages.success(request, _("Welcome! Your account is ready."))
        return _signed_in(request, user, next_url=pending.get("next", ""))
    return TemplateResponse(
        request,
        "identity/complete.html",
        {"form": form, "provider": provider, "pending": pending, "missing": missing},
    )
