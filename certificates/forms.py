"""Forms of the certificates pages: the public verification, and in the admin an action on
one certificate, work on many."""

import uuid

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import CoursePage
from lms.org.forms import UnitChoiceField
from lms.org.models import OrgUnit
from lms.org.selectors import org_units_in_scope

from .verification import CODE_EXAMPLE, TYPED_MAX_LENGTH


class VerifyForm(forms.Form):
    """The code as typed: shown back exactly (never upper-cased or regrouped), read leniently
    by certificates.verification."""

    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=TYPED_MAX_LENGTH,
        strip=False,
        widget=forms.TextInput(
            attrs={
                # Phones: capitals on the keyboard, and nothing that changes what was typed
                # (autocorrect, spelling suggestions, remembered values).
                "autocapitalize": "characters",
                "autocorrect": "off",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "verify-form__input",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "The 16 letters and digits printed under the QR code, such as %(example)s. Dashes, "
            "spaces and upper or lower case do not matter."
        ) % {"example": CODE_EXAMPLE}


class ReasonForm(forms.Form):
    action = forms.ChoiceField(choices=[("revoke", "revoke"), ("reissue", "reissue")])
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
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
        cleaned.setdefault("course", None)
        cleaned["reason"] = cleaned.get("reason", "").strip()
        # A form posted without its id (an old tab, a script) is a request of its own.
        cleaned["request_id"] = cleaned.get("request_id") or uuid.uuid4()
        return cleaned
