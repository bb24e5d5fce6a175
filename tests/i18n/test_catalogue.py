"""Every user-facing string has its Vietnamese translation, and the committed .mo is current."""

import gettext
import os
import shutil
import subprocess
import sys

import polib

from tests.conftest import PROJECT_ROOT, require_or_skip

CATALOGUE = PROJECT_ROOT / "locale" / "vi" / "LC_MESSAGES"
SOURCES = ("lms", "courses", "certificates", "plugins", "templates")


def test_every_message_is_translated_to_vietnamese():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    with (CATALOGUE / "django.mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)

    def compiled_text(entry) -> str:
        if entry.msgctxt:  # a word with two meanings: its context picks the translation
            return compiled.pgettext(entry.msgctxt, entry.msgid)
        return compiled.gettext(entry.msgid)

    stale = [
        entry.msgid
        for entry in po.translated_entries()
        if not entry.msgid_plural and compiled_text(entry) != entry.msgstr
    ]
    assert stale == [], "run `make messages` to recompile locale/vi"


def test_no_string_is_missing_from_the_catalogue(tmp_path):
    """A string added to code or templates without a translation fails here, not in use."""
    if shutil.which("xgettext") is None:
        require_or_skip(
            requirement="LMS_REQUIRE_GETTEXT",
            message="GNU gettext (xgettext) is not installed: apt-get install gettext",
        )
    for name in SOURCES:
        shutil.copytree(PROJECT_ROOT / name, tmp_path / name)
    (tmp_path / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "vi", "--no-location"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(tmp_path / "locale/vi/LC_MESSAGES/django.po"))
    known = {entry.msgid for entry in polib.pofile(str(CATALOGUE / "django.po"))}
    missing = sorted({entry.msgid for entry in extracted} - known)
    assert missing == [], "new strings need a Vietnamese translation: run `make messages`"
