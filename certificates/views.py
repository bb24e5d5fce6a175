"""Public verification of a certificate, and its download by whoever may have it."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from lms.org.selectors import people_in_scope
from lms.ratelimits import limit_requests

from .models import Certificate
from .services import code_normalise


@limit_requests("LMS_RATE_VERIFY")
def verify_form_view(request):
    code = request.GET.get("code", "")
    if code:
        return redirect("certificate_verify", code=code_normalise(code) or "-")
    return TemplateResponse(request, "certificates/verify.html", {"certificate": None})


@limit_requests("LMS_RATE_VERIFY")
def verify_view(request, code: str):
    """Valid, revoked on a date, or not found; only what the certificate itself shows."""
    certificate = (
        Certificate.objects.filter(code=code_normalise(code))
        .exclude(status=Certificate.Status.PENDING)
        .first()
    )
    response = TemplateResponse(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "code": code,
            "shown": certificate.context if certificate else {},
        },
        status=200 if certificate else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _may_download(user, certificate: Certificate) -> bool:
    enrollment = certificate.enrollment
    if not user.is_authenticated:
        return False
    if user.is_superuser or enrollment.user_id == user.pk:
        return True
    return (
        enrollment.person_id is not None
        and people_in_scope(user=user).filter(pk=enrollment.person_id).exists()
    )


def download_view(request, code: str):
    certificate = (
        Certificate.objects.select_related("enrollment")
        .filter(code=code_normalise(code), status=Certificate.Status.ISSUED)
        .first()
    )
    if certificate is None or not certificate.pdf or not _may_download(request.user, certificate):
        raise Http404  # the same answer whether it exists or is someone else's
    return private_download(
        certificate.pdf,
        filename=f"giay-chung-nhan-{certificate.code}.pdf",
        content_type="application/pdf",
    )


def private_download(file, *, filename: str, content_type: str) -> FileResponse:
    """A file holding personal data, as an attachment no cache keeps."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
