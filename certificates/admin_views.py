"""Revoke or re-issue a certificate (explicit, recorded actions for administrators), and work
on many at once: issue the missing, re-issue after a template fix, download a ZIP."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import CoursePage
from lms.org.forms import UnitChoiceField
from lms.org.models import OrgUnit
from lms.org.selectors import is_hr_officer, org_units_in_scope

from .models import Certificate, CertificateBundle
from .services import CertificateError, certificate_reissue, certificate_revoke
from .tasks import (
    certificate_bundle_task,
    certificates_issue_missing_task,
    certificates_reissue_all_task,
)
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
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
        if action == BulkForm.ISSUE:
            transaction.on_commit(
                lambda: certificates_issue_missing_task.delay(course_id=course.pk)
            )
            messages.success(
                request, _("Issuing the missing certificates of %(course)s.") % {"course": course}
            )
        else:
            reason, user_id = form.cleaned_data["reason"], request.user.pk
            transaction.on_commit(
                lambda: certificates_reissue_all_task.delay(
                    course_id=course.pk, user_id=user_id, reason=reason
                )
            )
            messages.success(
                request, _("Re-issuing the certificates of %(course)s.") % {"course": course}
            )
        return redirect("certificate_bulk")
    title = _("Certificates in bulk")
    bundles = CertificateBundle.objects.filter(requested_by=request.user)[:10]
    return TemplateResponse(
        request,
        "certificates/admin/bulk.html",
        {"page_title": title, "header_title": title, "form": form, "bundles": bundles},
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
