"""What a learner's own pages ask of certificates while one is being prepared."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .models import Certificate


@require_GET
@login_required
def certificate_status_view(request, course_id: int):
    """The status of the signed-in learner's certificate for a course, polled by the page that
    says "being prepared" until it can offer the download. Only ever the learner's own."""
    certificate = (
        Certificate.objects.filter(enrollment__user=request.user, enrollment__course_id=course_id)
        .only("code", "serial", "status")
        .first()
    )
    if certificate is None:
        raise Http404
    body = {"status": certificate.status}
    if certificate.status == Certificate.Status.ISSUED:
        body["url"] = reverse("certificate_download", args=[certificate.code])
        body["serial"] = certificate.serial
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return response
