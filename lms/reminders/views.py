"""An officer reminds the untrained of their scope (preview, then send), and a citizen stops
reminders from the link in one. Scope is the one "Not trained yet" applies, on the server."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lms.org.admin_pages import admin_page, hr_officer_required
from lms.org.models import Person
from lms.org.selectors import unit_in_scope
from lms.targets.models import Target
from plugins.contracts import Recipient

from .messages import may_opt_out, opt_out_person_id, reminder_context, reminder_message
from .selectors import min_days, officer_reminder_plan, target_open_for_reminders
from .services import (
    batch_form_nonce,
    batch_form_token,
    reminder_batch_create,
    reminder_opt_out,
)

CLOSED = gettext_lazy(
    "Reminders are for targets whose period has begun and whose deadline has not passed."
)


STALE_FORM = gettext_lazy(
    "This form has expired or was not made for you: no reminder was sent. "
    "Check the preview below and send again."
)


class ReminderSendForm(forms.Form):
    # Signed for the officer and target when the preview is shown (services.batch_form_token):
    # the same form submitted twice makes one batch, and no other can be named.
    token = forms.CharField(widget=forms.HiddenInput, max_length=512)


def _target_and_unit(request, params):
    target = Target.objects.select_related("scope").filter(code=params.get("target", "")).first()
    if target is None:
        raise Http404
    unit = None
    if params.get("unit"):
        try:
            unit = unit_in_scope(user=request.user, pk=int(params["unit"]))
        except ValueError:
            raise Http404 from None
    return target, unit


def _preview(plan, *, target, today):
    """The message as the first person reached, by unit and name, gets it (or as anyone would,
    by a placeholder)."""
    if plan.reached:
        # The plan is unsorted (sorting a province in SQL cost more than this pass).
        first = min(plan.reached, key=lambda item: (item.unit_name, item.recipient.name))
        recipient = first.recipient
        opt_out = may_opt_out(kind=recipient.kind)
    else:
        recipient = Recipient(
            person_id=0, name=_("(name)"), kind="", language=settings.LANGUAGE_CODE
        )
        opt_out = target.population == Target.Population.CITIZENS
    context = reminder_context(recipient=recipient, target=target, today=today, opt_out=opt_out)
    return reminder_message(context=context, language=recipient.language)


@hr_officer_required
@require_http_methods(["GET", "POST"])
def reminder_send_view(request):
    params = request.POST if request.method == "POST" else request.GET
    target, unit = _target_and_unit(request, params)
    today = timezone.localdate()
    query = urlencode({"target": target.code, **({"unit": unit.pk} if unit else {})})
    back = f"{reverse('coverage:not_trained')}?{query}"
    is_open = target_open_for_reminders(target=target, today=today)
    plan = officer_reminder_plan(user=request.user, target=target, unit=unit, today=today)
    if request.method == "POST":
        form = ReminderSendForm(request.POST)
        nonce = form.is_valid() and batch_form_nonce(
            token=form.cleaned_data["token"], user=request.user, target=target
        )
        if not nonce:
            messages.error(request, STALE_FORM)
            return redirect(f"{reverse('reminders:send')}?{query}")
        if not is_open:
            messages.warning(request, CLOSED)
            return redirect(back)
        if not plan.reached:
            messages.warning(request, _("Nobody to remind: no reminder was sent."))
            return redirect(back)
        batch, created = reminder_batch_create(
            target=target, plan=plan, token=nonce, sent_by=request.user
        )
        if created:
            count = len(batch.person_ids)
            messages.success(
                request,
                ngettext(
                    "A reminder is being sent to %(count)s person.",
                    "Reminders are being sent to %(count)s people.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("These reminders were already sent."))
        return redirect(back)
    title = _("Remind: %(target)s") % {"target": target.display_name}
    return admin_page(
        request,
        "reminders/admin/send.html",
        title,
        {
            "target": target,
            "unit": unit,
            "plan": plan,
            "preview": _preview(plan, target=target, today=today),
            "form": ReminderSendForm(
                initial={"token": batch_form_token(user=request.user, target=target)}
            ),
            "back": back,
            "min_days": min_days(),
            "channels": sorted({str(item.channel.label) for item in plan.reached}),
            "closed": "" if is_open else CLOSED,
        },
    )


# Without CSRF: the mail client's one-click unsubscribe (RFC 8058) posts
# "List-Unsubscribe=One-Click" from outside the site. The signed token in the path is the
# authority, which a cross-site request cannot know; all a post can do is opt its owner out.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def opt_out_view(request, token):
    """A citizen's one link out of reminders. Opening it asks (mail scanners open links too);
    the button, or the mail client's own "Unsubscribe" (a POST), stops them."""
    person_id = opt_out_person_id(token=token)
    person = Person.objects.filter(pk=person_id).first() if person_id is not None else None
    if person is None or not may_opt_out(kind=person.kind):
        return TemplateResponse(request, "reminders/opt_out_invalid.html", status=404)
    done = False
    if request.method == "POST":
        done = reminder_opt_out(person=person)
    elif hasattr(person, "reminder_opt_out"):
        done = True
    return TemplateResponse(request, "reminders/opt_out.html", {"done": done})
