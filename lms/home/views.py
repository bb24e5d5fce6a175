from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .selectors import my_learning
from .services import heartbeat_send


@login_required
def my_learning_view(request):
    """The learner's courses, in progress and completed, with their certificates."""
    return TemplateResponse(request, "home/my_learning.html", my_learning(user=request.user))


@require_POST
def heartbeat_send_view(request):
    """Admin action: send one test task through the queue (administrators only)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    heartbeat_send(user=request.user)
    messages.success(request, _("A test task was sent to the background workers."))
    return redirect("wagtailadmin_home")
