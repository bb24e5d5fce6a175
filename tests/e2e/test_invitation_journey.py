"""An HR officer invites the people of a roster import in a real browser, the e-mail arrives
at a real SMTP server, and the invited civil servant opens its link in another browser,
chooses a password, agrees, and lands signed in on My learning, sound on a 360 px phone."""

import re
from urllib.parse import urlsplit

from lms.org.models import Person

from .conftest import admin_login, assert_page_is_sound

ROSTER = (
    "Họ và tên;Mã cán bộ;Đơn vị;Email\n"
    "Đỗ Thị Thu;TU-701;HCM-TU;thu.do@tanuyen.example.gov.vn\n"
    "Ngô Văn Lâm;TU-702;HCM-TU;\n"
)
PASSWORD = "mot-mat-khau-rat-dai-2025"


def test_an_invited_civil_servant_sets_a_password_from_the_e_mail(
    page, phone_page, demo_site, tmp_path, smtp_server, settings
):
    settings.LMS_PUBLIC_URL = demo_site
    roster = tmp_path / "moi-tham-gia.csv"
    roster.write_text(ROSTER, encoding="utf-8-sig")
    admin_login(page, demo_site, "hr.tanuyen")
    page.visit(demo_site + "/admin/org/imports/new/")
    page.select_option("#id_unit", value="")
    page.set_input_files("#id_file", str(roster))
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("#import-summary")
    page.locator('form[action$="/confirm/"] button').click()
    page.wait_for_load_state()

    page.locator('a[href$="/invite/"]').click()
    page.wait_for_selector("#invitation-counts")
    assert page.locator('[data-count="to_invite"]').inner_text() == "1"
    assert page.locator('[data-count="no_address"]').inner_text() == "1"
    assert_page_is_sound(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert smtp_server.messages, "no invitation reached the SMTP server"
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["thu.do@tanuyen.example.gov.vn"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    [link] = re.findall(r"https?://\S+/accounts/invitation/\S+/\S+/", text)

    phone_page.visit(demo_site + urlsplit(link).path)
    assert phone_page.url.endswith("/set-password/")  # the token has left the address bar
    assert "thu.do@tanuyen.example.gov.vn" in phone_page.content()
    assert_page_is_sound(phone_page)
    phone_page.fill("#id_new_password1", PASSWORD)
    phone_page.fill("#id_new_password2", PASSWORD)
    phone_page.check("#id_consent")
    phone_page.locator("main form button[type=submit]").click()
    phone_page.wait_for_load_state()
    phone_page.snap("welcome")
    assert urlsplit(phone_page.url).path == "/me/"  # My learning, signed in
    thu = Person.objects.select_related("user").get(employee_code="TU-701")
    assert thu.user.is_active and thu.user.check_password(PASSWORD)
    assert thu.linked_at is not None and thu.consent_at is not None
