"""An HR officer reminds the untrained of their units from "Not trained yet", in a real browser:
the preview says how many people the reminder reaches and shows the message; sending says it
is on its way, and the reminders arrive at a real SMTP server. The pages are checked for
sideways scrolling and serious accessibility problems."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from lms.org.models import Person
from lms.reminders.models import ReminderLog
from lms.targets.coverage.not_trained import not_trained_in_scope
from lms.targets.models import Target

from .conftest import admin_login, assert_page_is_sound


def test_hr_officer_reminds_the_untrained_of_their_units(page, demo_site, smtp_server):
    target = Target.objects.get(code="T1-2026")  # the demo's running staff target
    # The demo's roster has no e-mail addresses: three of the officer's untrained get one.
    officer = get_user_model().objects.get(username="hr.tanuyen")
    _, untrained = not_trained_in_scope(
        user=officer, target=target, unit=None, today=timezone.localdate()
    )
    for number, placement in enumerate(untrained[:3]):
        Person.objects.filter(pk=placement.person_id).update(email=f"nv{number}@example.gov.vn")
    admin_login(page, demo_site, "hr.tanuyen")
    page.visit(f"{demo_site}/admin/coverage/not-trained/?target={target.code}")
    page.locator('main a[href^="/admin/reminders/send/"]').click()
    page.wait_for_load_state()
    page.snap("preview")
    reached = int(page.locator("[data-reached]").get_attribute("data-reached"))
    assert reached >= 3  # and any the demo could already reach
    assert target.name in page.locator(".reminder-preview").inner_text()
    assert_page_is_sound(page)

    page.locator('main form[action="/admin/reminders/send/"] button[type="submit"]').click()
    page.wait_for_url("**/admin/coverage/not-trained/?target=*")
    page.snap("sent")
    assert str(reached) in page.locator(".messages li.success").inner_text()
    assert ReminderLog.objects.filter(target=target, outcome="sent").count() == reached
    assert len(smtp_server.messages) == reached
    assert_page_is_sound(page)
