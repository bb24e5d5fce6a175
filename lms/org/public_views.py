"""Public pages about people: citizens register themselves."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.ratelimits import limit_posts

from .registration import USERNAME_TAKEN, CitizenRegistrationForm, UsernameTaken, citizen_register

# A second submit of the registration form this soon after its account was made is taken as
# the same registration (a double click, a second tab), not as a new one.
DOUBLE_SUBMIT_WINDOW = datetime.timedelta(minutes=10)


@limit_posts("LMS_RATE_REGISTER")
def citizen_register_view(request):
    if request.user.is_authenticated:
        return redirect("my_learning")
    if not settings.LMS_LOCAL_LOGIN_FOR_LEARNERS:
        # Learners sign in through an identity provider, which makes their account.
        return redirect("login")
    form = CitizenRegistrationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
            try:
                person = citizen_register(**fields)
            except UsernameTaken:  # another submit won the race for the username
                form.add_error(
                    "username", ValidationError(_("This username is taken."), code=USERNAME_TAKEN)
                )
            else:
                return _welcome(request, person.user)
        user = _account_just_made_by_this_form(request, form)
        if user is not None:
            return _welcome(request, user)
    return TemplateResponse(request, "org/register.html", {"form": form})


def _account_just_made_by_this_form(request, form):
    """The account a double submit of this form has just created, signed in with the same
    username and password; None for anything else (the form then says the name is taken)."""
    if set(form.errors) != {"username"} or not form.has_error("username", USERNAME_TAKEN):
        return None
    username, password = form.data.get("username", ""), form.data.get("password", "")
    recent = timezone.now() - DOUBLE_SUBMIT_WINDOW
    if not get_user_model().objects.filter(username=username, date_joined__gte=recent).exists():
        return None
    # Through the authentication backends, so a wrong password counts as a failed login.
    return authenticate(request, username=username, password=password)


def _welcome(request, user):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome! Your account is ready."))
    # Their own page, as after any login: what the plan asks of them, and the courses for it.
    return redirect("my_learning")
