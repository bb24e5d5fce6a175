"""Public verification of a certificate, and its download by whoever may have it."""

from django.http import FileResponse, Http404
from django.template.response import TemplateResponse

from lms.org.selectors import people_in_scope
from lms.ratelimits import limit_requests

from .forms import VerifyForm
from .models import Certificate
from .services import CODE_LENGTH, code_normalise
from .verification import CODE_EXAMPLE, Verdict, certificate_verify


def _verification_page(request, *, typed: str) -> TemplateResponse:
    """The verification page: the form holding what was typed, exactly, and under it the
    verdict (only what the certificate itself shows). Not found is a 404, as it always was."""
    verification = certificate_verify(typed=typed) if typed.strip() else None
    # Not bound: the form only shows the field with what was typed; the verdict below says
    # what is wrong with a code, once.
    form = VerifyForm(initial={"code": typed})
    found = verification is None or verification.verdict != Verdict.NOT_FOUND
    response = TemplateResponse(
        request,
        "certificates/verify.html",
        {
            "form": form,
            "verification": verification,
            "shown": verification.certificate.context
            if verification and verification.certificate
            else {},
            "code_example": CODE_EXAMPLE,
            "code_length": CODE_LENGTH,
        },
        status=200 if found else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@limit_requests("LMS_RATE_VERIFY")
def verify_form_view(request):
    """The code typed in the form is answered here, under the form: no redirect to the
    certificate's address, which would show the code rewritten."""
    return _verification_page(request, typed=request.GET.get("code", ""))


@limit_requests("LMS_RATE_VERIFY")
def verify_view(request, code: str):
    """The address printed in a certificate's QR code and link."""
    return _verification_page(request, typed=code)


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
