"""The catalogue's course cards: the cover as responsive, lazy Wagtail renditions with their
size and alt text, a neutral placeholder without one, and a query count that does not grow
with the covers."""

import io
import re

import pytest
from django.core.cache import caches
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as Picture
from wagtail.images import get_image_model

from tests.factories import course_with_lessons

pytestmark = pytest.mark.django_db
CATALOGUE = "/courses/"


def cover(*, description: str = "", colour=(11, 79, 138)):
    output = io.BytesIO()
    Picture.new("RGB", (1280, 720), colour).save(output, format="PNG")
    output.seek(0)
    return get_image_model().objects.create(
        title="Ảnh bìa", description=description, file=ImageFile(output, name="cover.png")
    )


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="card course-card">(.*?)</li>', html, flags=re.S)


def test_a_cover_is_a_responsive_lazy_image_with_its_size_and_alt(client, site):
    course_with_lessons(title="Có ảnh", cover_image=cover(description="Điện thoại và biểu mẫu"))
    course_with_lessons(title="Ảnh không mô tả", cover_image=cover())
    html = client.get(CATALOGUE).content.decode()
    described, undescribed = (re.search(r"<img[^>]*>", card).group(0) for card in cards(html))
    for img in (described, undescribed):
        widths = re.findall(r"fill-\d+x\d+\.png (\d+)w", img)
        assert widths == ["400", "640", "960"]
        assert 'sizes="(min-width: 72rem) 363px' in img and 'loading="lazy"' in img
        assert 'width="400"' in img and 'height="225"' in img
    assert 'alt="Điện thoại và biểu mẫu"' in described
    assert 'alt=""' in undescribed  # decorative: the title follows, not the file's name


def test_a_course_without_cover_gets_a_neutral_placeholder(client, site):
    course_with_lessons(title="Không có ảnh")
    [card] = cards(client.get(CATALOGUE).content.decode())
    assert "<img" not in card
    assert "course-card__placeholder" in card and 'aria-hidden="true"' in card


def queries_for(client) -> int:
    client.get(CATALOGUE)  # renditions of new covers are made once, on first sight
    caches["default"].clear()  # a cold rendition cache: the covers must not cost a query each
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CATALOGUE)
    assert response.status_code == 200
    return len(captured)


def test_covers_do_not_add_a_query_per_course(client, site):
    for number in range(2):
        course_with_lessons(title=f"Khoá {number}", cover_image=cover())
    client.get(CATALOGUE)  # warm the site root and plugin state, as a running site has
    small = queries_for(client)
    for number in range(6):
        course_with_lessons(title=f"Khoá thêm {number}", cover_image=cover(colour=(90, 20, 40)))
    course_with_lessons(title="Không có ảnh")
    assert queries_for(client) == small
