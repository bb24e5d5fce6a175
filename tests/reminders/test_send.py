"""An HR officer reminds the untrained of their scope from "Not trained yet": the preview says
whom it reaches, the send is scoped, CSRF-protected and sent once, and the reminders arrive
through a real SMTP server with the right links."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from lms.reminders.models import ReminderBatch, ReminderLog, ReminderOptOut
from lms.targets.attainments import attainments_sync
from lms.targets.models import Target
from tests.factories import UserFactory

from .conftest import (
    citizen_here,
    form_token,
    preview,
    running_target,
    send,
    speaks_english,
    staff_here,
)

pytestmark = pytest.mark.django_db
PUBLIC = "https://hoctap.example.gov.vn"


@pytest.fixture
def public_url(settings):
    settings.LMS_PUBLIC_URL = PUBLIC


def test_the_preview_counts_the_officers_untrained_people_that_a_channel_reaches(
    client, tanuyen, tanuyen_officer
):
    target, people = tanuyen
    client.force_login(speaks_english(tanuyen_officer))
    response = preview(client, target)
    plan = response.context["plan"]
    assert {item.person_id for item in plan.reached} == {people["an"].pk, people["binh"].pk}
    assert (plan.untrained, plan.unreachable, plan.capped, plan.opted_out) == (3, 1, 0, 0)
    html = response.content.decode()
    assert "This reminder reaches 2 people." in html
    # The message as the first person gets it: in their language (the site's, Vietnamese).
    preview_text = response.context["preview"].text
    assert "Nguyễn Văn An" in preview_text and "Mục tiêu NHAC-1" in preview_text
    assert preview_text in html
    assert ReminderLog.objects.count() == 0  # a preview sends nothing


def test_the_not_trained_page_links_to_the_reminder(client, tanuyen, tanuyen_officer):
    target, _ = tanuyen
    client.force_login(tanuyen_officer)
    html = client.get("/admin/coverage/not-trained/", {"target": target.code}).content.decode()
    assert f"/admin/reminders/send/?target={target.code}" in html


def test_sending_reminds_each_reachable_person_by_e_mail_through_smtp(
    client,
    tanuyen,
    tanuyen_officer,
    smtp_server,
    public_url,
    django_capture_on_commit_callbacks,
):
    target, people = tanuyen
    speaks_english(people["an"].user)  # the reminder speaks each person's language
    client.force_login(tanuyen_officer)
    token = preview(client, target).context["form"]["token"].value()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, target, token)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/coverage/not-trained/?target=NHAC-1")
    received = {recipients[0]: message for recipients, message in smtp_server.messages}
    assert set(received) == {people["an"].user.email, people["binh"].user.email}
    message = received[people["an"].user.email]
    assert message["Subject"].strip() == "Reminder: complete the training for “Target NHAC-1”"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Dear Nguyễn Văn An," in text and "Days left: 30." in text
    assert f"{PUBLIC}/me/" in text and f'href="{PUBLIC}/me/"' in html
    # Bình chose no language: the site's, Vietnamese.
    vietnamese = received[people["binh"].user.email].get_body(preferencelist=("html",))
    assert (
        '<html lang="vi"' in vietnamese.get_content()
        and "Mục tiêu NHAC-1" in vietnamese.get_content()
    )
    # Staff training is a duty: no way out of the reminder.
    assert "/reminders/opt-out/" not in text and "/reminders/opt-out/" not in html
    logs = ReminderLog.objects.filter(target=target)
    assert {(log.person_id, log.channel, log.trigger, log.outcome) for log in logs} == {
        (people["an"].pk, "email", "manual", "sent"),
        (people["binh"].pk, "email", "manual", "sent"),
    }
    assert {log.sent_by for log in logs} == {tanuyen_officer}


def test_the_same_form_submitted_twice_sends_once(
    client, tanuyen, tanuyen_officer, smtp_server, django_capture_on_commit_callbacks
):
    target, _ = tanuyen
    client.force_login(tanuyen_officer)
    token = preview(client, target).context["form"]["token"].value()
    with django_capture_on_commit_callbacks(execute=True):
        send(client, target, token)
        again = send(client, target, token)
    assert again.status_code == 302
    assert ReminderBatch.objects.count() == 1
    assert len(smtp_server.messages) == 2


def test_nobody_gets_a_second_reminder_within_the_cap(
    client, tanuyen, tanuyen_officer, settings, django_capture_on_commit_callbacks
):
    target, _ = tanuyen
    client.force_login(tanuyen_officer)
    other = running_target("NHAC-2", courses=target.courses.all())
    attainments_sync(target=other)  # the one trained person counts as trained for it too
    with django_capture_on_commit_callbacks(execute=True):
        send(client, target, form_token(client, target))
    # Another target, a new form: the cap holds whatever the target.
    plan = preview(client, other).context["plan"]
    assert (len(plan.reached), plan.capped) == (0, 2)
    ReminderLog.objects.update(sent_at=timezone.now() - datetime.timedelta(days=8))
    assert len(preview(client, other).context["plan"].reached) == 2
    settings.LMS_REMINDER_MIN_DAYS = 10
    assert len(preview(client, other).context["plan"].reached) == 0


def test_the_officer_cannot_remind_outside_their_scope(client, units, tanuyen, tanuyen_officer):
    target, people = tanuyen
    client.force_login(tanuyen_officer)
    outside = units["BDG-STTTT"].pk
    assert preview(client, target, unit=outside).status_code == 404
    assert send(client, target, "b" * 20, unit=outside).status_code == 404
    with_everyone = send(client, target, form_token(client, target))
    assert with_everyone.status_code == 302
    assert people["dept"].pk not in ReminderBatch.objects.get().person_ids
    # A unit of theirs keeps to it: Uyên Hưng's untrained person has no address.
    uyen_hung = units["BDG-TU-UH"].pk
    send(client, target, form_token(client, target, unit=uyen_hung), unit=uyen_hung)
    assert ReminderBatch.objects.count() == 1


def test_a_learner_or_a_trainer_cannot_send(client, tanuyen):
    target, _ = tanuyen
    client.force_login(UserFactory())
    assert send(client, target, "e" * 20).status_code == 302  # to the login page
    assert ReminderBatch.objects.count() == 0


def test_sending_needs_the_csrf_token(tanuyen, tanuyen_officer):
    target, _ = tanuyen
    client = Client(enforce_csrf_checks=True)
    client.force_login(tanuyen_officer)
    assert send(client, target, "f" * 20).status_code == 403
    assert ReminderBatch.objects.count() == 0


def test_a_citizens_reminder_carries_a_working_opt_out_link(
    client, units, course, smtp_server, public_url, django_capture_on_commit_callbacks
):
    target = running_target(population=Target.Population.CITIZENS, courses=[course])
    person = citizen_here(units["BDG-TU-KB"])
    officer = UserFactory(is_superuser=True)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, target, form_token(client, target))
    [(recipients, message)] = smtp_server.messages
    assert recipients == [person.user.email]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    link = re.search(rf"{re.escape(PUBLIC)}(/reminders/opt-out/[^/\s]+/)", text)
    assert link and f'href="{link.group(0)}"' in html
    visitor = Client()
    opened = visitor.get(link.group(1))
    assert opened.status_code == 200 and 'method="post"' in opened.content.decode()
    assert not ReminderOptOut.objects.exists()  # opening the link alone changes nothing
    assert visitor.post(link.group(1)).status_code == 200
    assert ReminderOptOut.objects.filter(person=person).exists()
    # The mail client's own "Unsubscribe" (RFC 8058) names the same link.
    assert message["List-Unsubscribe"].strip() == f"<{link.group(0)}>"  # maybe folded
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    ReminderLog.objects.update(sent_at=timezone.now() - datetime.timedelta(days=30))
    plan = preview(client, target).context["plan"]
    assert (len(plan.reached), plan.opted_out) == (0, 1)


def test_a_tampered_opt_out_link_is_refused(client, units):
    from lms.reminders.messages import opt_out_token

    person = citizen_here(units["BDG-TU-KB"])
    token = opt_out_token(person_id=person.pk)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(f"/reminders/opt-out/{tampered}/").status_code == 404
    # Another person's id with this person's signature: the payload is the part before ":".
    other_payload = opt_out_token(person_id=person.pk + 1).split(":", 1)[0]
    forged = other_payload + ":" + token.split(":", 1)[1]
    assert forged != token
    assert client.post(f"/reminders/opt-out/{forged}/").status_code == 404
    assert not ReminderOptOut.objects.exists()
    assert client.post(f"/reminders/opt-out/{token}/").status_code == 200
    assert ReminderOptOut.objects.filter(person=person).exists()


def test_the_mail_clients_one_click_unsubscribe_opts_out_without_a_csrf_token(units):
    """RFC 8058: the mail client posts "List-Unsubscribe=One-Click" to the link, from outside
    the site, with no cookie or CSRF token; the signed link alone is the authority."""
    from lms.reminders.messages import opt_out_url

    person = citizen_here(units["BDG-TU-KB"])
    path = opt_out_url(person_id=person.pk).removeprefix(PUBLIC)
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert ReminderOptOut.objects.filter(person=person).exists()


def test_staff_cannot_opt_out_even_with_a_signed_link(client, units):
    from lms.reminders.messages import opt_out_token

    person = staff_here(units["BDG-TU-KB"])
    response = client.post(f"/reminders/opt-out/{opt_out_token(person_id=person.pk)}/")
    assert response.status_code == 404
    assert not ReminderOptOut.objects.exists()


def test_the_reminders_appear_on_the_persons_record(
    client, tanuyen, tanuyen_officer, django_capture_on_commit_callbacks
):
    target, people = tanuyen
    client.force_login(tanuyen_officer)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, target, form_token(client, target))
    speaks_english(tanuyen_officer)
    html = client.get(f"/admin/org/people/{people['an'].pk}/").content.decode()
    untouched = client.get(f"/admin/org/people/{people['cuong'].pk}/").content.decode()
    section = html[html.index("person-reminders") :]
    assert "Target NHAC-1" in section and "hr.tu" in section and "Sent" in section
    assert "No reminder yet." in untouched


def test_a_target_past_its_deadline_is_previewed_but_not_sent(client, units, course):
    person = staff_here(units["BDG-TU-KB"])
    target = running_target(courses=[course])
    target.deadline = timezone.localdate() - datetime.timedelta(days=1)
    target.save()
    officer = speaks_english(UserFactory(is_superuser=True))
    client.force_login(officer)
    page = preview(client, target)
    assert page.context["plan"].person_ids == [person.pk]
    html = page.content.decode()
    assert "deadline has not passed" in html and 'name="token"' not in html
    assert send(client, target, page.context["form"]["token"].value()).status_code == 302
    assert not ReminderBatch.objects.exists()
