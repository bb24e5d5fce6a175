"""Helpers for testing plugins: register hook implementations for the length of one test.

    from plugins.testing import plugin_registered

    def test_my_plugin_reacts():
        with plugin_registered(my_plugin.hooks, name="my_plugin"):
            ...

Part of the public plugin API, like ``plugins.api``: safe for a plugin's own tests to import.
"""

import ast
import importlib
import importlib.metadata
from contextlib import contextmanager
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from plugins import ENTRY_POINT_GROUP
from plugins.api import API_VERSION
from plugins.discovery import PluginRecord
from plugins.manager import get_plugin_system
from plugins.reasons import reason_text


@contextmanager
def plugin_registered(plugin, *, name: str):
    """Register ``plugin`` (a module or an object with @hookimpl methods) as plugin ``name``.

    The checks are the loader's own: a plugin the LMS would refuse at start-up (a misspelled
    hook, a hook wrapper, arguments the hook does not offer) fails the test with the reason the
    administrator would read. A module the LMS already loaded (the plugin is installed) is used
    as it is, under the name it was loaded with.
    """
    system = get_plugin_system()
    record = PluginRecord(
        name=name,
        module=getattr(plugin, "__name__", name),
        package="",
        source="test",
        version="0",
        description="registered by a test",
        lms_versions="*",
    )
    if system.pm.is_registered(plugin):
        # An installed plugin the LMS loaded at start-up: it passed these checks then; test it
        # as it is, and leave it registered afterwards.
        yield system.records[system.pm.get_name(plugin)]
        return
    refusal = system.register(plugin, record=record)
    if refusal:
        code, params = refusal
        raise AssertionError(
            f"the LMS would refuse {name}: {reason_text(code, params, language='en')}"
        )
    try:
        yield record
    finally:
        system.unregister(name)


LMS_PACKAGES = frozenset({"lms", "courses", "certificates", "plugins"})
PUBLIC_MODULES = frozenset({"plugins.api"})
PUBLIC_TEST_MODULES = PUBLIC_MODULES | {"plugins.testing"}


def plugin_contract_problems(*, package: str) -> list[str]:
    """What would break the plugin ``package`` on a later LMS release, in plain words; an
    empty list when it keeps the contract (docs/plugins.md, "What a plugin may import")."""
    try:
        root = importlib.import_module(package)
    except Exception as error:
        return [f"{package} does not import: {error!r}"]
    problems = _declaration_problems(package=package, declared=getattr(root, "LMS_PLUGIN", None))
    problems += _entry_point_problems(package=package)
    for path in sorted(Path(root.__file__).parent.rglob("*.py")):
        problems += _import_problems(package=package, path=path)
    return problems


def _declaration_problems(*, package: str, declared) -> list[str]:
    if not isinstance(declared, dict):
        return [f"{package} does not declare LMS_PLUGIN (version, description, lms_versions)"]
    problems = [
        f"LMS_PLUGIN has no {key!r}"
        for key in ("version", "description", "lms_versions")
        if not declared.get(key)
    ]
    try:
        if API_VERSION not in SpecifierSet(str(declared.get("lms_versions", ""))):
            problems.append(
                f"lms_versions {declared['lms_versions']!r} excludes plugin API {API_VERSION}"
            )
    except InvalidSpecifier:
        problems.append(f"lms_versions {declared['lms_versions']!r} is not a version range")
    return problems


def _entry_point_problems(*, package: str) -> list[str]:
    announced = [
        entry_point
        for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        if entry_point.value.split(":", 1)[0].strip().rpartition(".")[0] == package
    ]
    if not announced:
        return [f"no entry point in the group {ENTRY_POINT_GROUP!r} announces {package}"]
    system = get_plugin_system()
    problems = []
    for entry_point in announced:
        try:
            hooks = entry_point.load()
        except Exception as error:
            problems.append(f"{entry_point.value} does not import: {error!r}")
            continue
        if system.pm.is_registered(hooks):
            continue  # the loader registered it at start-up, through the same checks
        record = PluginRecord(
            name=f"contract-check-{entry_point.name}",
            module=entry_point.value,
            package=package,
            source="test",
        )
        refusal = system.register(hooks, record=record)
        if refusal:
            problems.append(f"the LMS would refuse it: {reason_text(*refusal, language='en')}")
        else:
            system.unregister(record.name)
    return problems


def _import_problems(*, package: str, path: Path) -> list[str]:
    is_test = "tests" in path.parts or path.name.startswith("test_") or path.name == "conftest.py"
    allowed = PUBLIC_TEST_MODULES if is_test else PUBLIC_MODULES
    problems = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            imported = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported = [node.module]
        else:
            continue
        for name in imported:
            internal = name.split(".")[0] in LMS_PACKAGES and not (
                name == package or name.startswith(f"{package}.")
            )
            if internal and not any(name == ok or name.startswith(f"{ok}.") for ok in allowed):
                problems.append(
                    f"{path.name}:{node.lineno} imports {name}, which is internal to the LMS; "
                    f"use {' or '.join(sorted(allowed))}"
                )
    return problems


def sample_enrollment(*, lessons: int = 2, username: str = "plugin.learner"):
    """A learner enrolled in a new published course of ``lessons`` plain lessons, made through
    the LMS's own services, for a plugin's database tests (``@pytest.mark.django_db``).

    Its ``course`` has the LMS's default completion rule (every lesson completed); complete a
    lesson with ``plugins.api.lesson_complete``. The ``after_*`` hooks run when the transaction
    commits: wrap the call in pytest-django's ``django_capture_on_commit_callbacks(execute=True)``.
    """
    from django.contrib.auth import get_user_model
    from django.utils.text import slugify

    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from courses.services import enrollment_create
    from lms.home.services import site_setup

    site_setup()
    course = CoursePage(
        title=f"Course for {username}", slug=f"course-{slugify(username)}", summary="-"
    )
    CourseIndexPage.objects.get().add_child(instance=course)
    course.save_revision().publish()
    for number in range(1, lessons + 1):
        lesson = LessonPage(title=f"Lesson {number}", slug=f"lesson-{number}")
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    learner = get_user_model().objects.create_user(username, f"{username}@example.invalid")
    return enrollment_create(user=learner, course=CoursePage.objects.get(pk=course.pk))
