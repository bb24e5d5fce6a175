"""plugins.api is the whole public surface: importable while settings load, every name real and
documented, deprecations that warn but work; the bundled plugins keep the same contract that
plugins.testing checks for outside plugins, and plugin_registered refuses what the loader does."""

import subprocess
import sys
import warnings

import pytest

import plugins.api as api
from plugins.api import hookimpl
from plugins.testing import plugin_contract_problems, plugin_registered
from tests.conftest import PROJECT_ROOT
from tests.plugins.fakes import make_plugin

BUNDLED = ["quiz", "report_exporters", "roster_formats", "email_channel", "oidc"]


def test_importing_the_api_loads_no_django():
    """A plugin's __init__.py may import it while the LMS's settings load."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, plugins.api as api; "
            "print(api.API_VERSION, sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'django', 'wagtail', 'courses', 'certificates'}))",
        ],
        cwd=PROJECT_ROOT,
        env={"PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [api.API_VERSION, "[]"]


def test_every_public_name_resolves():
    for name in api.__all__:
        assert getattr(api, name) is not None, name
    assert api.RequirementType.__module__ == "courses.requirements"
    assert __import__("lms").__version__ == api.LMS_VERSION


def test_the_public_names_are_exactly_the_documented_ones():
    docs = (PROJECT_ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = docs[docs.index("## What a plugin may import") : docs.index("## Versions and")]
    assert [name for name in api.__all__ if f"`{name}" not in section] == []
    assert set(api.__all__) == {*api._LAZY, "API_VERSION", "hookimpl"} | {
        "CompletionRequirement",
        "IdentityProvider",
        "NotificationChannel",
        "Recipient",
        "ReminderMessage",
        "ReportExporter",
        "RosterFormat",
        "RosterRow",
    }


def test_an_unknown_name_says_where_the_api_is_documented():
    with pytest.raises(AttributeError, match=r"docs/plugins\.md"):
        api.Enrolment  # noqa: B018


def test_a_deprecated_name_keeps_working_and_says_what_replaces_it(monkeypatch):
    monkeypatch.setitem(api._LAZY, "old_spreadsheet_safe", "lms.spreadsheets:spreadsheet_safe")
    monkeypatch.setitem(api._DEPRECATED, "old_spreadsheet_safe", ("spreadsheet_safe", "0.2"))
    with pytest.warns(DeprecationWarning, match="since plugin API 0.2; use spreadsheet_safe"):
        safe = api.old_spreadsheet_safe
    assert safe("=1+1") == "'=1+1"
    with pytest.warns(DeprecationWarning):  # every use warns, not only the first
        api.old_spreadsheet_safe  # noqa: B018


def test_the_old_hookimpl_import_is_the_same_marker():
    import plugins

    assert plugins.hookimpl is api.hookimpl


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_plugins_keep_the_plugin_contract(name):
    assert plugin_contract_problems(package=f"plugins.{name}") == []


def test_the_contract_check_names_every_way_a_plugin_can_break(site_packages):
    make_plugin(
        site_packages,
        name="sloppy",
        declaration='LMS_PLUGIN = {"version": "1", "description": "x", "lms_versions": "<0.2"}',
        hooks=(
            "from plugins import hookimpl\n"
            "from courses.models import Enrollment\n\n"
            "@hookimpl\ndef after_course_complete(enrollment):\n    pass\n"
        ),
    )
    (site_packages / "lmsfake_sloppy" / "test_it.py").write_text(
        "from plugins.testing import plugin_registered\nfrom lms.org.models import Person\n"
    )
    problems = plugin_contract_problems(package="lmsfake_sloppy")
    assert problems == [
        "lms_versions '<0.2' excludes plugin API 0.4",
        "the LMS would refuse it: it implements hooks the LMS does not have (misspelled?): "
        "after_course_complete",
        "hooks.py:1 imports plugins, which is internal to the LMS; use plugins.api",
        "hooks.py:2 imports courses.models, which is internal to the LMS; use plugins.api",
        "test_it.py:2 imports lms.org.models, which is internal to the LMS; "
        "use plugins.api or plugins.testing",
    ]


def test_the_contract_check_wants_an_entry_point_and_a_declaration(site_packages):
    (site_packages / "lmsfake_loose").mkdir()
    (site_packages / "lmsfake_loose" / "__init__.py").write_text("")
    assert plugin_contract_problems(package="lmsfake_loose") == [
        "lmsfake_loose does not declare LMS_PLUGIN (version, description, lms_versions)",
        "no entry point in the group 'lms.plugins' announces lmsfake_loose",
    ]


class Wrapper:
    @hookimpl(wrapper=True)
    def register_report_exporters(self):
        return (yield)


class Misspelled:
    @hookimpl
    def after_course_complete(self, enrollment):
        pass


class WrongArguments:
    @hookimpl
    def after_course_completed(self, course):
        pass


@pytest.mark.parametrize(
    ("plugin", "reason"),
    [
        (Wrapper(), "hook wrappers are not part of the LMS contract: register_report_exporters"),
        (Misspelled(), "implements hooks the LMS does not have (misspelled?): after_course_"),
        (WrongArguments(), "its hooks do not match the contract"),
    ],
    ids=["wrapper", "misspelled", "arguments"],
)
def test_plugin_registered_refuses_what_the_loader_refuses(plugin, reason):
    from plugins.manager import get_plugin_system

    with (
        pytest.raises(AssertionError, match="the LMS would refuse broken: ") as refused,
        plugin_registered(plugin, name="broken"),
    ):
        pass  # pragma: no cover
    assert reason in str(refused.value)
    assert "broken" not in get_plugin_system().records
    assert get_plugin_system().pm.get_plugin("broken") is None


@pytest.mark.django_db
def test_plugin_registered_forgets_the_plugin_afterwards():
    from plugins.manager import get_plugin_system, hooks

    class Exporter:
        @hookimpl
        def register_report_exporters(self):
            return ["exporter"]

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with plugin_registered(Exporter(), name="exporter") as record:
            assert record.hooks == ["register_report_exporters"]
            assert ("exporter", ["exporter"]) in hooks.register_report_exporters()
    assert "exporter" not in get_plugin_system().records
    assert "exporter" not in dict(hooks.register_report_exporters())


@pytest.mark.django_db
def test_plugin_registered_uses_an_installed_plugin_as_the_lms_loaded_it():
    """An author testing an installed package: its hooks module is already registered."""
    import plugins.quiz.hooks
    from plugins.manager import get_plugin_system

    with plugin_registered(plugins.quiz.hooks, name="my_quiz") as record:
        assert record.name == "quiz" and record.source == "bundled"
    assert get_plugin_system().pm.get_plugin("quiz") is plugins.quiz.hooks


@pytest.mark.django_db
def test_sample_enrollment_is_ready_for_a_plugins_database_tests(
    django_capture_on_commit_callbacks,
):
    from plugins.api import course_lessons, enrollment_lesson_counts, lesson_complete
    from plugins.testing import sample_enrollment
    from tests.plugins.recorder import Recorder

    enrollment = sample_enrollment(lessons=2, username="an.author")
    assert enrollment_lesson_counts(enrollment=enrollment) == (0, 2)
    recorder = Recorder()
    with (
        plugin_registered(recorder, name="recorder"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        for lesson in course_lessons(course=enrollment.course):
            lesson_complete(enrollment=enrollment, lesson=lesson)
    assert enrollment_lesson_counts(enrollment=enrollment) == (2, 2)
    assert "after_course_completed" in recorder.names()
