"""The six domains of the national digital-competency framework (code, vi, en, order)."""

COMPETENCY_AREAS = [
    ("information-data", "Khai thác dữ liệu và thông tin", "Information and data", 1),
    (
        "communication",
        "Giao tiếp và hợp tác trong môi trường số",
        "Communication and collaboration",
        2,
    ),
    ("content-creation", "Sáng tạo nội dung số", "Digital content creation", 3),
    ("safety", "An toàn", "Safety", 4),
    ("problem-solving", "Giải quyết vấn đề", "Problem solving", 5),
    ("applying-ai", "Ứng dụng trí tuệ nhân tạo", "Applying AI", 6),
]


def competency_areas_ensure(model) -> None:
    """Create the framework's areas that are missing (``model`` may be a migration's)."""
    for code, name, name_en, order in COMPETENCY_AREAS:
        model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )
