"""The demo courses have cover images, drawn by the seed itself and registered once."""

import io

from django.core.management import call_command
from PIL import Image as Picture
from wagtail.images import get_image_model

from courses.models import CoursePage
from lms.demo.covers import COVERS, cover_draw


def test_every_demo_course_has_its_cover_with_alt_text(demo):
    courses = CoursePage.objects.live().select_related("cover_image")
    assert courses.count() == len(COVERS)
    for course in courses:
        image = course.cover_image
        assert image is not None, course.title
        assert image.description and (image.width, image.height) == (1280, 720)
        assert image.file_hash  # set when registered: a rendition's cache key reads it
    images = get_image_model().objects.count()
    call_command("seed_demo", verbosity=0)
    assert get_image_model().objects.count() == images  # registered once


def test_covers_are_drawn_the_same_every_time():
    for slug in COVERS:
        drawn = cover_draw(slug)
        assert drawn == cover_draw(slug)
        assert Picture.open(io.BytesIO(drawn)).size == (1280, 720)
    assert cover_draw("a-course-without-a-drawing") is None
