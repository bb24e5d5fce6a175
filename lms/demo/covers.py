"""Cover images of the demo courses, drawn here with Pillow (no files to ship or fetch).

Each is a flat illustration of the course's subject on a gradient, the same every time it is
drawn (nothing random, fixed sizes), and registered as a Wagtail image once.
"""

import io
from collections.abc import Callable

from django.core.files.images import ImageFile
from PIL import Image as Picture
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

WIDTH, HEIGHT = 1280, 720  # 16:9, wide enough for the catalogue's largest rendition (960)
WHITE = (255, 255, 255, 255)
SOFT = (255, 255, 255, 60)
TITLE_PREFIX = "Ảnh bìa khoá học demo: "

Drawing = Callable[[ImageDraw.ImageDraw, tuple[int, int, int]], None]


def _gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Picture.Image:
    picture = Picture.new("RGBA", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(picture)
    for y in range(HEIGHT):
        share = y / (HEIGHT - 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=(*colour, 255))
    return picture


def _backdrop(draw: ImageDraw.ImageDraw) -> None:
    """What every cover shares: two large soft circles and a grid of dots on the left."""
    draw.ellipse((-220, 380, 420, 1020), fill=SOFT)
    draw.ellipse((880, -260, 1480, 340), fill=SOFT)
    for row in range(5):
        for column in range(6):
            x, y = 90 + column * 44, 110 + row * 44
            draw.ellipse((x - 5, y - 5, x + 5, y + 5), fill=(255, 255, 255, 110))


def _phone_with_form(draw: ImageDraw.ImageDraw, ink: tuple[int, int, int]) -> None:
    draw.rounded_rectangle((700, 130, 960, 620), radius=36, fill=WHITE)
    draw.rounded_rectangle((722, 180, 938, 560), radius=12, fill=(*ink, 40))
    draw.ellipse((815, 575, 845, 605), fill=(*ink, 120))
    for number in range(4):
        y = 215 + number * 78
        draw.rounded_rectangle((745, y, 775, y + 30), radius=6, fill=(*ink, 255))
        draw.line([(752, y + 16), (759, y + 23), (769, y + 8)], fill=WHITE, width=5)
        draw.rounded_rectangle((790, y + 6, 915, y + 24), radius=8, fill=(*ink, 150))
    draw.rounded_rectangle((990, 400, 1150, 470), radius=35, fill=WHITE)
    draw.ellipse((1010, 415, 1050, 455), fill=(*ink, 255))


def _network(draw: ImageDraw.ImageDraw, ink: tuple[int, int, int]) -> None:
    nodes = [(640, 360), (820, 200), (1010, 330), (900, 540), (680, 590), (1120, 520), (560, 180)]
    for start, end in [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (2, 5), (3, 5), (0, 6), (6, 1)]:
        draw.line([nodes[start], nodes[end]], fill=WHITE, width=8)
    for index, (x, y) in enumerate(nodes):
        radius = 58 if index == 0 else 34
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=WHITE)
        inner = radius - 14
        draw.ellipse((x - inner, y - inner, x + inner, y + inner), fill=(*ink, 255))
    # the office at the centre: a pediment and columns
    draw.polygon([(612, 350), (640, 330), (668, 350)], fill=WHITE)
    for column in range(3):
        x = 620 + column * 15
        draw.rectangle((x, 355, x + 8, 385), fill=WHITE)


def _shield_and_lock(draw: ImageDraw.ImageDraw, ink: tuple[int, int, int]) -> None:
    draw.polygon(
        [(860, 110), (1060, 180), (1045, 420), (860, 620), (675, 420), (660, 180)], fill=WHITE
    )
    draw.polygon(
        [(860, 150), (1020, 205), (1008, 405), (860, 570), (712, 405), (700, 205)],
        fill=(*ink, 255),
    )
    draw.arc((800, 250, 920, 370), start=180, end=360, fill=WHITE, width=18)
    draw.line([(809, 310), (809, 335)], fill=WHITE, width=18)
    draw.line([(911, 310), (911, 335)], fill=WHITE, width=18)
    draw.rounded_rectangle((780, 330, 940, 470), radius=16, fill=WHITE)
    draw.ellipse((845, 370, 875, 400), fill=(*ink, 255))
    draw.rectangle((853, 390, 867, 435), fill=(*ink, 255))


def _chip(draw: ImageDraw.ImageDraw, ink: tuple[int, int, int]) -> None:
    left, top, right, bottom = 720, 210, 1020, 510
    for step in range(5):
        offset = 45 + step * 52
        for x in (left + offset,):
            draw.line([(x, top - 70), (x, top)], fill=WHITE, width=10)
            draw.line([(x, bottom), (x, bottom + 70)], fill=WHITE, width=10)
            draw.ellipse((x - 12, top - 94, x + 12, top - 70), fill=WHITE)
            draw.ellipse((x - 12, bottom + 70, x + 12, bottom + 94), fill=WHITE)
        y = top + offset
        draw.line([(left - 70, y), (left, y)], fill=WHITE, width=10)
        draw.line([(right, y), (right + 70, y)], fill=WHITE, width=10)
    draw.rounded_rectangle((left, top, right, bottom), radius=30, fill=WHITE)
    draw.rounded_rectangle(
        (left + 50, top + 50, right - 50, bottom - 50), radius=18, fill=(*ink, 255)
    )
    draw.rounded_rectangle((left + 100, top + 100, right - 100, bottom - 100), radius=10, fill=SOFT)


# slug: (gradient top, gradient bottom, ink, drawing, description used as the alt text)
COVERS: dict[str, tuple] = {
    "dich-vu-cong-truc-tuyen": (
        (11, 79, 138),
        (32, 130, 170),
        (11, 79, 138),
        _phone_with_form,
        "Hình minh hoạ: điện thoại hiển thị biểu mẫu dịch vụ công đã điền xong",
    ),
    "chuyen-doi-so-co-quan-nha-nuoc": (
        (20, 96, 84),
        (52, 140, 110),
        (20, 96, 84),
        _network,
        "Hình minh hoạ: trụ sở cơ quan ở giữa mạng lưới kết nối số",
    ),
    "an-toan-thong-tin-co-ban": (
        (128, 32, 40),
        (190, 70, 60),
        (128, 32, 40),
        _shield_and_lock,
        "Hình minh hoạ: tấm khiên có ổ khoá, biểu tượng an toàn thông tin",
    ),
    "ky-nang-so-can-bo-chuyen-trach": (
        (60, 46, 120),
        (96, 84, 170),
        (60, 46, 120),
        _chip,
        "Hình minh hoạ: vi mạch điện tử, biểu tượng kỹ năng công nghệ chuyên sâu",
    ),
}


def cover_draw(slug: str) -> bytes | None:
    """The PNG of a demo course's cover; None for a course without one."""
    if slug not in COVERS:
        return None
    top, bottom, ink, drawing, _description = COVERS[slug]
    picture = _gradient(top, bottom)
    overlay = Picture.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    _backdrop(draw)
    drawing(draw, ink)
    picture = Picture.alpha_composite(picture, overlay).convert("RGB")
    output = io.BytesIO()
    picture.save(output, format="PNG", optimize=True)
    return output.getvalue()


def cover_image_ensure(*, slug: str, course_title: str):
    """The Wagtail image of a demo course's cover, created the first time (None for a course
    without a drawing)."""
    image_model = get_image_model()
    title = TITLE_PREFIX + course_title
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    data = cover_draw(slug)
    if data is None:
        return None
    content = io.BytesIO(data)
    image = image_model(
        title=title,
        description=COVERS[slug][4],
        file=ImageFile(content, name=f"demo-cover-{slug}.png"),
        file_size=len(data),
        # Set now: a rendition's cache key reads it, and an empty one is saved on first use.
        file_hash=hash_filelike(content),
    )
    image.save()
    return image
