from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .services import heartbeat_send


@require_POST
def heartbeat_send_view(request):
    """Admin action: send one test task through the queue (administrators only)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    heartbeat_send(user=request.user)
    messages.success(request, _("A test task was sent to the background workers."))
    return redirect("wagtailadmin_home")
