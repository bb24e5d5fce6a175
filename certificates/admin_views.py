"""Revoke or re-issue a certificate: explicit, recorded actions for administrators."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Certificate
from .services import CertificateError, certificate_reissue, certificate_revoke


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
