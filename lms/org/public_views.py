"""Public pages about people: citizens register themselves."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from lms.ratelimits import limit_posts

from .registration import CitizenRegistrationForm, citizen_register


@limit_posts("LMS_RATE_REGISTER")
def citizen_register_view(request):
    if request.user.is_authenticated:
        return redirect("my_learning")
    form = CitizenRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = citizen_register(**{k: v for k, v in form.cleaned_data.items() if k != "consent"})
        login(request, person.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("/courses/")
    return TemplateResponse(request, "org/register.html", {"form": form})
