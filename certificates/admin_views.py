"""Admin screens for certificates: revoke or re-issue one (explicit, recorded actions for
administrators), and work on many at once (issue the missing, re-issue after a template fix,
download a ZIP). Wagtail's views and the permission policies of certificates.permissions do
the checking; each screen calls one service."""

import json

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.models import FormState
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import PreviewOnCreateView, PreviewOnEditView

from .bulk import certificate_batch_start, certificate_bundle_request
from .forms import BulkForm, ReasonForm
from .models import Certificate, CertificateBatch, CertificateBundle
from .services import CertificateError, certificate_reissue, certificate_revoke
from .views import private_download


class CertificateView(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, FormView):
    """One certificate, with its history, to revoke or re-issue (CertificatePolicy: for
    administrators)."""

    model = Certificate
    any_permission_required = ["revoke", "reissue"]
    form_class = ReasonForm
    template_name = "certificates/admin/certificate.html"
    header_icon = "doc-full-inverse"

    def get_base_object_queryset(self):
        return Certificate.objects.select_related("enrollment__course", "enrollment__user")

    def get_page_title(self):
        return _("Certificate %(serial)s") % {"serial": self.object.serial}

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.object, **kwargs)

    def form_valid(self, form):
        action = form.cleaned_data["action"]
        service = certificate_revoke if action == "revoke" else certificate_reissue
        try:
            service(
                certificate=self.object, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except CertificateError as error:
            messages.error(self.request, str(error))
            return self.form_invalid(form)
        done = (
            _("Certificate %(serial)s revoked.")
            if action == "revoke"
            else _("Certificate %(serial)s re-issued: its PDF is being rendered again.")
        )
        messages.success(self.request, done % {"serial": self.object.serial})
        return redirect("certificate_admin", pk=self.object.pk)


class BulkView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Ask for a ZIP (HR officers: CertificateBundlePolicy), or for a batch (administrators:
    the form offers courses to them alone)."""

    model = CertificateBundle
    permission_required = "add"
    form_class = BulkForm
    template_name = "certificates/admin/bulk.html"
    page_title = gettext_lazy("Certificates in bulk")
    header_icon = "download"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        user = self.request.user
        batches = policy_registry.get_by_type(CertificateBatch).instances_user_has_permission_for(
            user, "view"
        )
        return super().get_context_data(
            bundles=CertificateBundle.objects.filter(requested_by=user)[:10],
            batches=batches.select_related("course")[:10],
            **kwargs,
        )

    def form_valid(self, form):
        data, user = form.cleaned_data, self.request.user
        if data["action"] == BulkForm.ZIP:
            bundle = certificate_bundle_request(course=data["course"], unit=data["unit"], by=user)
            return redirect("certificate_bundle", pk=bundle.pk)
        try:
            batch = certificate_batch_start(
                action=data["action"],
                course=data["course"],
                by=user,
                request_id=data["request_id"],
                reason=data["reason"],
            )
        except CertificateError as error:
            messages.error(self.request, str(error))
            return redirect("certificate_bulk")
        return redirect("certificate_batch", pk=batch.pk)


class _OwnBundles:
    """Only the ZIPs the user may open (CertificateBundlePolicy): another's is not found."""

    def get_base_object_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")


class _BulkScreen(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """A batch's or a ZIP's own page, under "Certificates in bulk"."""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificate_bulk"), "label": _("Certificates in bulk")},
            {"url": "", "label": self.get_page_title()},
        ]


class BatchView(_BulkScreen):
    """The progress of issuing or re-issuing a course's certificates."""

    model = CertificateBatch
    permission_required = "view"
    template_name = "certificates/admin/batch.html"

    def get_base_object_queryset(self):
        return CertificateBatch.objects.select_related("course")

    def get_page_title(self):
        return str(self.object.get_action_display())

    def get_context_data(self, **kwargs):
        return super().get_context_data(batch=self.object, **kwargs)


class BundleView(_OwnBundles, _BulkScreen):
    model = CertificateBundle
    template_name = "certificates/admin/bundle.html"

    def get_page_title(self):
        return _("Certificates: %(what)s") % {"what": self.object.course or self.object.unit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(bundle=self.object, **kwargs)


class BundleDownloadView(_OwnBundles, PermissionCheckedMixin, BaseObjectMixin, View):
    model = CertificateBundle

    def get(self, request, *args, **kwargs):
        bundle = self.object
        if bundle.status != CertificateBundle.Status.DONE:
            raise Http404
        return private_download(
            bundle.file,
            filename=f"giay-chung-nhan-{bundle.pk}.zip",
            content_type="application/zip",
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
