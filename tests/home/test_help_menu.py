"""The admin's help menu speaks each visitor's language, whoever opened the admin first."""

import json
import re

from wagtail.users.models import UserProfile

from tests.factories import UserFactory

# The sidebar is JSON in the page: the item's name, then its label as a JSON string.
WHATS_NEW = re.compile(r'"whats-new-in-wagtail-[^"]*".{0,40}?"label": ("(?:[^"\\]|\\.)*")')


def admin_of(language: str):
    user = UserFactory(is_superuser=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def whats_new_label(html: str) -> str:
    match = WHATS_NEW.search(html)
    assert match, "no What's new item in the help menu"
    return json.loads(match.group(1))


def test_whats_new_is_labelled_in_each_visitors_language(client, db):
    for language, label in [
        ("en", "What's new in Wagtail"),
        ("vi", "Điểm mới trong Wagtail"),
        ("en", "What's new in Wagtail"),
    ]:
        client.force_login(admin_of(language))
        client.cookies["lms_language"] = language
        assert whats_new_label(client.get("/admin/").content.decode()).startswith(label)
