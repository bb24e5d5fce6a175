"""The home page and catalogue: Vietnamese first, English through the switch."""

import pytest
from wagtail.models import Page, Site

from courses.models import CourseIndexPage
from lms.home.models import HomePage
from lms.home.services import site_setup

VI_HEADING = "Kỹ năng số cho cán bộ, công chức và người dân"
EN_HEADING = "Digital skills for public servants and citizens"


@pytest.mark.django_db
def test_home_page_is_vietnamese_by_default(client, site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert VI_HEADING in html
    assert 'href="/courses/"' in html
    assert "Đăng nhập" in html


@pytest.mark.django_db
def test_browser_language_does_not_override_vietnamese(client, site):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert VI_HEADING in response.content.decode()


@pytest.mark.django_db
def test_language_switch_shows_english_to_an_anonymous_visitor(client, site):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert switched.headers["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert EN_HEADING in html
    assert "Log in" in html


@pytest.mark.django_db
def test_language_switch_back_to_vietnamese(client, site):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert VI_HEADING in client.get("/").content.decode()


@pytest.mark.django_db
def test_unknown_language_falls_back_to_vietnamese(client, site):
    client.cookies["lms_language"] = "fr"
    assert VI_HEADING in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_switch_needs_csrf(site):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 403


@pytest.mark.django_db
def test_course_catalogue_says_when_it_is_empty(client, site):
    response = client.get("/courses/")
    assert response.status_code == 200
    assert "Chưa có khoá học nào được xuất bản" in response.content.decode()


@pytest.mark.django_db
def test_login_page_is_translated(client, site):
    html = client.get("/accounts/login/").content.decode()
    assert "Tên đăng nhập" in html  # Django's own Vietnamese catalogue
    assert "Mật khẩu" in html


@pytest.mark.django_db
def test_unknown_page_answers_a_translated_404(client, site):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_admin_is_served(client, site):
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_site_setup_is_idempotent_and_replaces_the_placeholder(site):
    pages_before = Page.objects.count()
    site_setup()
    assert Page.objects.count() == pages_before
    assert HomePage.objects.count() == 1
    assert CourseIndexPage.objects.count() == 1
    default_site = Site.objects.get(is_default_site=True)
    assert default_site.root_page.specific_class is HomePage
    assert not Page.objects.filter(depth=2).exclude(pk=default_site.root_page_id).exists()


@pytest.mark.django_db
def test_page_types_live_only_where_they_belong(site):
    root = Page.get_first_root_node()
    home = HomePage.objects.get()
    assert not HomePage.can_create_at(root)  # one home page only (max_count)
    assert not HomePage.can_create_at(home)
    assert not CourseIndexPage.can_create_at(home)  # one catalogue only
    assert not CourseIndexPage.can_create_at(root)


@pytest.mark.django_db
def test_setup_site_command_gives_a_fresh_database_its_home_page(client):
    from django.core.management import call_command

    call_command("setup_site", verbosity=0)
    assert client.get("/").status_code == 200
    assert client.get("/courses/").status_code == 200
