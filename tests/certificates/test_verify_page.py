"""The public verification page: a labelled input that keeps exactly what was typed, a code
read whatever its case and dashes, and the verdict as a panel: valid, revoked on a date, or
not found with a hint of what a code looks like. Only what the certificate shows."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_revoke
from tests.factories import UserFactory
from tests.targets.conftest import complete

pytestmark = pytest.mark.django_db
FORM = "/certificates/verify/"
EN_DASH = "\u2013"


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs, self.labels, self.ids = [], {}, {}
        self._label_for = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input":
            self.inputs.append(attributes)
        if tag == "label":
            self._label_for = attributes.get("for")
            self.labels[self._label_for] = ""
        if "id" in attributes:
            self.ids[attributes["id"]] = tag

    def handle_data(self, data):
        if self._label_for is not None:
            self.labels[self._label_for] += data

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_for = None


def parsed(response) -> _Inputs:
    parser = _Inputs()
    parser.feed(response.content.decode())
    return parser


def code_input(response) -> dict:
    [field] = [
        attributes for attributes in parsed(response).inputs if attributes.get("name") == "code"
    ]
    return field


def verdict_of(response) -> str | None:
    found = re.findall(r'data-verdict="([a-z_]+)"', response.content.decode())
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture
def issued(learner, certified_course):
    """An issued certificate with the context the site freezes (its PDF is not needed here)."""
    complete(learner, certified_course, on=datetime.date(2026, 3, 27))
    certificate = Certificate.objects.get(enrollment__person=learner)
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.ISSUED, issued_at=timezone.now()
    )
    certificate.refresh_from_db()
    return certificate


def test_the_page_has_a_labelled_input_that_rewrites_nothing(client, db):
    response = client.get(FORM)
    assert response.status_code == 200 and verdict_of(response) is None
    page = parsed(response)
    field = code_input(response)
    assert page.labels[field["id"]].strip() == "Mã tra cứu"
    described = field["aria-describedby"]
    assert page.ids[described] == "p"  # the hint, with an example of a code
    assert "ABCD-EFGH-JKLM-NPQR" in response.content.decode()
    assert field.get("value") is None and "required" in field
    # Nothing on the page changes what is typed: no script, no autocorrect, no pattern.
    html = response.content.decode()
    assert "<script" not in html and "oninput" not in html and "pattern" not in field
    assert field["autocorrect"] == "off" and field["spellcheck"] == "false"
    assert field["autocapitalize"] == "characters"  # a keyboard hint only


@pytest.mark.parametrize(
    "typing",
    [
        lambda code: code,
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: code.lower().replace("-", " "),
        lambda code: "  " + code.replace("-", EN_DASH) + " ",  # from a PDF, with spaces
    ],
    ids=["as-printed", "lower-case", "no-dashes", "spaces", "en-dashes"],
)
def test_a_code_is_found_whatever_its_case_and_dashes(client, issued, typing):
    typed = typing(issued.code)
    response = client.get(FORM, {"code": typed})
    assert response.status_code == 200 and "Location" not in response  # no redirect
    assert verdict_of(response) == "valid"
    assert code_input(response)["value"] == typed  # exactly as typed
    html = response.content.decode()
    assert "Giấy chứng nhận hợp lệ" in html
    shown = issued.context
    for fact in ("Nguyễn Thị Hồng Nhung", shown["course_title"], shown["issuing_body"]):
        assert fact in html
    assert "27/03/2026" in html and issued.serial in html
    assert 'class="verdict__icon"' in html and 'aria-hidden="true"' in html


def test_the_address_in_the_qr_code_answers_the_same(client, issued):
    for typed in (issued.code, issued.code.lower().replace("-", "")):
        response = client.get(f"/certificates/verify/{typed}/")
        assert response.status_code == 200 and verdict_of(response) == "valid"
        assert code_input(response)["value"] == typed
        assert response["X-Robots-Tag"] == "noindex"


def test_only_what_the_certificate_shows(client, issued, learner):
    html = client.get(FORM, {"code": issued.code}).content.decode()
    assert learner.employee_code not in html
    assert "14/05/1990" not in html and learner.unit.name not in html  # birth date, unit


def test_a_revoked_certificate_says_on_which_day(client, issued):
    certificate_revoke(certificate=issued, by=UserFactory(is_superuser=True), reason="Cấp nhầm")
    issued.refresh_from_db()
    response = client.get(FORM, {"code": issued.code.lower()})
    assert response.status_code == 200 and verdict_of(response) == "revoked"
    day = timezone.localdate(issued.revoked_at).strftime("%d/%m/%Y")
    html = response.content.decode()
    assert f"Đã thu hồi ngày {day}" in html
    assert "Giấy chứng nhận hợp lệ" not in html and "Nguyễn Thị Hồng Nhung" in html
    assert "Cấp nhầm" not in html  # the reason is the admin's, not the public's


def test_an_unknown_code_is_not_found_with_a_hint(client, issued):
    typed = "abcd efgh jklm npqr"
    response = client.get(FORM, {"code": typed})
    assert response.status_code == 404 and verdict_of(response) == "not_found"
    assert code_input(response)["value"] == typed
    verification = response.context["verification"]
    assert verification.foreign == () and not verification.length_wrong
    html = response.content.decode()
    assert "Không tìm thấy" in html and typed in html and "ABCD-EFGH-JKLM-NPQR" in html


@pytest.mark.parametrize(
    "typed, foreign, symbols",
    [
        ("ABCD-EFGH-JKLM-NPQ0", ("0",), 15),  # a zero: no code contains one
        ("abcd-efgh-iklm-npqr", ("i",), 15),  # an I, as typed
        ("ABCD-EFGH", (), 8),
    ],
)
def test_a_mistyped_code_says_what_is_wrong(client, issued, typed, foreign, symbols):
    response = client.get(FORM, {"code": typed})
    assert response.status_code == 404 and verdict_of(response) == "not_found"
    verification = response.context["verification"]
    assert (verification.foreign, verification.symbols) == (foreign, symbols)
    client.cookies["lms_language"] = "en"
    html = client.get(FORM, {"code": typed}).content.decode()
    if foreign:
        assert f"A code never contains {' '.join(foreign)}:" in html
    else:
        assert f"You typed {symbols} letters and digits; a code has 16." in html


def test_a_certificate_still_being_prepared_is_not_found_yet(client, learner, certified_course):
    complete(learner, certified_course, on=datetime.date(2026, 3, 27))  # its task has not run
    pending = Certificate.objects.get(enrollment__person=learner)
    assert pending.status == Certificate.Status.PENDING
    response = client.get(FORM, {"code": pending.code})
    assert response.status_code == 404 and verdict_of(response) == "not_found"


def test_what_was_typed_is_shown_back_escaped(client, db):
    typed = '<script>alert("x")</script>'
    response = client.get(FORM, {"code": typed})
    html = response.content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert code_input(response)["value"] == typed
    assert response.context["verification"].foreign[:3] == (
        "<",
        "i",
        ">",
    )  # S, C... are code letters


def test_an_empty_code_shows_just_the_form(client, db):
    for typed in ("", "   "):
        response = client.get(FORM, {"code": typed})
        assert response.status_code == 200 and verdict_of(response) is None


def test_the_form_is_rate_limited_too(client, settings, db):
    settings.LMS_RATE_VERIFY = "3/m"
    answers = [client.get(FORM, {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code for _ in range(4)]
    assert answers == [404, 404, 404, 429]


def test_english_page_says_the_same(client, issued):
    client.cookies["lms_language"] = "en"
    html = client.get(FORM, {"code": issued.code}).content.decode()
    assert "Valid certificate" in html and "Issued on" in html and "27/03/2026" in html
