"""Revoke or re-issue a certificate (explicit, recorded actions for administrators), and work
on many at once: issue the missing, re-issue after a template fix, download a ZIP."""

import json
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.models import FormState
from wagtail.snippets.views.snippets import PreviewOnCreateView, PreviewOnEditView

from courses.models import CoursePage
from lms.org.forms import UnitChoiceField
from lms.org.models import OrgUnit
from lms.org.selectors import is_hr_officer, org_units_in_scope

from .bulk import certificate_batch_start
from .models import Certificate, CertificateBatch, CertificateBundle
from .services import CertificateError, certificate_reissue, certificate_revoke
from .tasks import certificate_bundle_task
from .views import private_download


class ReasonForm(forms.Form):
    action = forms.ChoiceField(choices=[("revoke", "revoke"), ("reissue", "reissue")])
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


def certificate_admin_view(request, pk: int):
    if not request.user.is_superuser:
        raise PermissionDenied
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrollment__course", "enrollment__user"), pk=pk
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        service = certificate_revoke if action == "revoke" else certificate_reissue
        try:
            service(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        except CertificateError as error:
            messages.error(request, str(error))
        else:
            done = (
                _("Certificate %(serial)s revoked.")
                if action == "revoke"
                else _("Certificate %(serial)s re-issued: its PDF is being rendered again.")
            )
            messages.success(request, done % {"serial": certificate.serial})
            return redirect("certificate_admin", pk=certificate.pk)
    title = _("Certificate %(serial)s") % {"serial": certificate.serial}
    return TemplateResponse(
        request,
        "certificates/admin/certificate.html",
        {"page_title": title, "header_title": title, "certificate": certificate, "form": form},
    )


class BulkForm(forms.Form):
    ISSUE, REISSUE, ZIP = "issue", "reissue", "zip"

    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.none(), label=gettext_lazy("Course"), required=False
    )
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.none(), label=gettext_lazy("Unit"), required=False
    )
    reason = forms.CharField(label=gettext_lazy("Reason (for re-issuing)"), required=False)
    # One per form shown: submitting the same form twice is one request, done once.
    request_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["request_id"].initial = uuid.uuid4()
        self.fields["course"].queryset = CoursePage.objects.filter(
            certificate_template__isnull=False
        ).order_by("title")
        self.fields["unit"].queryset = org_units_in_scope(user=user)
        if not user.is_superuser:  # HR officers gather their units' certificates only
            del self.fields["course"], self.fields["reason"]

    def clean(self):
        cleaned = super().clean()
        action = self.data.get("action")
        if action not in {self.ISSUE, self.REISSUE, self.ZIP}:
            raise forms.ValidationError(_("Choose an action."))
        if action in {self.ISSUE, self.REISSUE} and not cleaned.get("course"):
            raise forms.ValidationError(_("Choose a course."))
        if action == self.REISSUE and not cleaned.get("reason", "").strip():
            raise forms.ValidationError(_("Give the reason for re-issuing."))
        if action == self.ZIP and not (cleaned.get("course") or cleaned.get("unit")):
            raise forms.ValidationError(_("Choose a course or a unit."))
        cleaned["action"] = action
        return cleaned


def bulk_view(request):
    if not is_hr_officer(request.user):
        raise PermissionDenied
    form = BulkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        action, course = form.cleaned_data["action"], form.cleaned_data.get("course")
        if action == BulkForm.ZIP:
            bundle = CertificateBundle.objects.create(
                course=course, unit=form.cleaned_data.get("unit"), requested_by=request.user
            )
            transaction.on_commit(lambda: certificate_bundle_task.delay(bundle_id=bundle.pk))
            return redirect("certificate_bundle", pk=bundle.pk)
        try:
            batch = certificate_batch_start(
                action=action,
                course=course,
                by=request.user,
                request_id=form.cleaned_data["request_id"] or uuid.uuid4(),
                reason=form.cleaned_data.get("reason", "").strip(),
            )
        except CertificateError as error:
            messages.error(request, str(error))
            return redirect("certificate_bulk")
        return redirect("certificate_batch", pk=batch.pk)
    title = _("Certificates in bulk")
    bundles = CertificateBundle.objects.filter(requested_by=request.user)[:10]
    batches = (
        CertificateBatch.objects.select_related("course")[:10] if request.user.is_superuser else []
    )
    return TemplateResponse(
        request,
        "certificates/admin/bulk.html",
        {
            "page_title": title,
            "header_title": title,
            "form": form,
            "bundles": bundles,
            "batches": batches,
        },
    )


def batch_view(request, pk: int):
    """The progress of issuing or re-issuing a course's certificates (administrators)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    batch = get_object_or_404(CertificateBatch.objects.select_related("course"), pk=pk)
    title = str(batch.get_action_display())
    return TemplateResponse(
        request,
        "certificates/admin/batch.html",
        {"page_title": title, "header_title": title, "batch": batch},
    )


def _bundle_of(request, pk: int) -> CertificateBundle:
    bundle = get_object_or_404(CertificateBundle, pk=pk)
    if bundle.requested_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return bundle


def bundle_view(request, pk: int):
    bundle = _bundle_of(request, pk)
    title = _("Certificates: %(what)s") % {"what": bundle.course or bundle.unit}
    return TemplateResponse(
        request,
        "certificates/admin/bundle.html",
        {"page_title": title, "header_title": title, "bundle": bundle},
    )


def bundle_download_view(request, pk: int):
    bundle = _bundle_of(request, pk)
    if bundle.status != CertificateBundle.Status.DONE:
        raise Http404
    return private_download(
        bundle.file, filename=f"giay-chung-nhan-{bundle.pk}.zip", content_type="application/zip"
    )


class RefusalPreviewMixin:
    """The live preview of a certificate template shows why the template is refused (a file
    it may not read, a filter it may not use), in place of the last PDF that rendered."""

    def validate_form(self, form):
        valid = super().validate_form(form)
        self.refusals = [
            (form.fields[name].label if name in form.fields else "", message)
            for name, messages_ in form.errors.items()
            for message in messages_
        ]
        return valid

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if json.loads(response.content)["is_valid"]:
            return response
        # Kept, although refused: the preview then shows the reasons of this very form.
        FormState.objects.update_or_create_by_instance(
            instance=self.object,
            parent_object_id=self.parent_object_id,
            user=request.user,
            defaults={"data": request.POST.urlencode(), "last_updated_at": timezone.now()},
        )
        return JsonResponse({"is_valid": False, "is_available": True})

    def error_response(self):
        return TemplateResponse(
            self.request,
            "certificates/admin/preview_refused.html",
            {"object": self.object, "refusals": getattr(self, "refusals", [])},
        )


class TemplatePreviewOnEditView(RefusalPreviewMixin, PreviewOnEditView):
    pass


class TemplatePreviewOnCreateView(RefusalPreviewMixin, PreviewOnCreateView):
    pass
