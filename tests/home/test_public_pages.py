"""What every visitor meets whatever the page: the site's icon, its own 404 and 500 pages (in
the demo too), and Vietnamese formats: dd/mm/yyyy dates, typed and shown, the admin's date
pickers included, and the decimal comma."""

import datetime
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from xml.etree import ElementTree

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from lms.org.forms import DateInput
from lms.targets.models import Target
from tests.conftest import PROJECT_ROOT
from tests.factories import UserFactory, course_with_lessons

D = datetime.date


# The icon ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_link_the_icon_and_favicon_ico_finds_it(client, site):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    answer = client.get("/favicon.ico")
    assert answer.status_code == 302 and answer["Location"] == "/static/favicon.svg"
    icon = ElementTree.parse(PROJECT_ROOT / "static" / "favicon.svg").getroot()  # noqa: S314 - ours
    assert icon.tag == "{http://www.w3.org/2000/svg}svg" and icon.get("viewBox") == "0 0 32 32"


@pytest.mark.django_db
def test_the_admin_shows_the_sites_icon(client):
    html = client.get("/admin/login/").content.decode()
    assert 'href="/static/favicon.svg"' in html
    assert "wagtailadmin/images/favicon.ico" not in html


# Error pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_missing_page_is_the_sites_own_page_with_a_way_back(client, site):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and "URLconf" not in html
    assert 'href="/"' in html and 'href="/courses/"' in html
    assert '<html lang="vi">' in html and 'class="site-header"' in html


def test_a_server_error_is_the_sites_own_page_in_vietnamese_with_a_way_back():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="vi">' in html and "Đã xảy ra lỗi" in html
    assert '<a class="button" href="/">Về trang chủ</a>' in html
    assert "{%" not in html and "<link" not in html  # nothing that could fail again


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> tuple[int, str, bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=20) as answer:
            return answer.status, answer.headers.get("Location", ""), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), error.read()


@pytest.mark.slow
def test_make_runs_server_shows_friendly_errors_and_still_serves_files(tmp_path):
    """`make run` (rundemo, development settings, DEBUG on): no Django debug page, static
    files and media still served. An unmigrated database makes any page fail: the answer is
    the site's 500 page, not a traceback."""
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    port = _free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "MEDIA_ROOT": str(media),
        "LMS_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "rundemo.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "rundemo", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while "Certificates link to" not in log.read_text():
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            site = f"http://127.0.0.1:{port}"
            status, _, body = _fetch(site + "/khong-co-trang-nay/")
            assert status == 500 and "Đã xảy ra lỗi".encode() in body
            assert b"Traceback" not in body and b"DEBUG = True" not in body
            status, _, body = _fetch(site + "/static/css/site.css")
            assert status == 200 and b"/* public */" in body
            assert _fetch(site + "/media/original_images/cover.png")[:1] == (200,)
            assert _fetch(site + "/favicon.ico")[:2] == (302, "/static/favicon.svg")
            assert _fetch(site + "/static/favicon.svg")[0] == 200
        finally:
            server.terminate()
            server.wait(timeout=20)
    assert "Demo logins" in log.read_text()


# Formats -------------------------------------------------------------------------------------


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_day_month_year_shown_and_typed(language):
    with translation.override(language):
        shown = render(
            '{{ day|date:"SHORT_DATE_FORMAT" }} {{ moment|date:"SHORT_DATETIME_FORMAT" }}',
            day=D(2026, 4, 3),
            moment=datetime.datetime(2026, 4, 3, 9, 5),
        )
        assert shown == "03/04/2026 03/04/2026 09:05"
        field = forms.DateField()
        for typed in ("03/04/2026", "3/4/2026", "03/04/26", "2026-04-03", "03-04-2026"):
            assert field.clean(typed) == D(2026, 4, 3), typed
        # The browsers' own date pickers exchange ISO dates: they keep receiving them.
        assert 'value="2026-04-03"' in DateInput().render("day", D(2026, 4, 3))


def test_numbers_have_a_decimal_comma_in_vietnamese():
    template = '{{ share|floatformat:1 }} {{ big|floatformat:"2g" }} {{ whole|floatformat:"g" }}'
    values = {"share": 75.04, "big": 1234567.891, "whole": 152400}
    with translation.override("vi"):
        assert render(template, **values) == "75,0 1.234.567,89 152.400"
    with translation.override("en"):
        assert render(template, **values) == "75.0 1,234,567.89 152,400"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_admin_date_pickers_write_what_the_forms_read(language):
    with translation.override(language):
        date_input = AdminDateInput()
        assert date_input.format_value(D(2026, 4, 3)) == "03/04/2026"
        assert date_input.get_config() == {"dayOfWeekStart": 1, "format": "d/m/Y"}
        moment = AdminDateTimeInput()
        assert moment.format_value(datetime.datetime(2026, 4, 3, 9, 5)) == "03/04/2026 09:05"
        assert moment.get_config()["format"] == "d/m/Y H:i"
        assert forms.DateField().clean("03/04/2026") == D(2026, 4, 3)
        assert forms.DateTimeField().clean("03/04/2026 09:05").date() == D(2026, 4, 3)


@pytest.mark.django_db
def test_a_date_in_the_admin_is_typed_and_shown_dd_mm_yyyy(
    client, site, django_capture_on_commit_callbacks
):
    course = course_with_lessons(title="Kỹ năng số")
    client.force_login(UserFactory(is_superuser=True))
    data = {
        "code": "T7-2025",
        "name": "Mục tiêu ngày tháng",
        "name_en": "",
        "population": "staff",
        "required_percentage": "80",
        "period_start": "01/02/2025",
        "period_end": "30/11/2025",
        "deadline": "31/12/2025",
        "scope": "",
        "courses": [course.pk],
    }
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post("/admin/snippets/targets/target/add/", data)
    assert saved.status_code == 302
    target = Target.objects.get(code="T7-2025")
    assert (target.period_start, target.period_end, target.deadline) == (
        D(2025, 2, 1),
        D(2025, 11, 30),
        D(2025, 12, 31),
    )
    html = client.get(f"/admin/snippets/targets/target/edit/{target.pk}/").content.decode()
    assert re.search(r'name="period_start"[^>]*value="01/02/2025"', html)
    assert re.search(r'name="deadline"[^>]*value="31/12/2025"', html)
    # The picker writes the same format as the value it was given (and starts weeks on Monday).
    config = re.search(r'initDateChooser\("id_deadline", (\{.*?\})\);', html).group(1)
    assert json.loads(config) == {"dayOfWeekStart": 1, "format": "d/m/Y"}
