"""The architecture is a checked fact: no import cycles, and import-linter's contracts hold
(layers, no core import of a bundled plugin, bundled plugins only through plugins.api). The
last tests break the architecture on purpose in a copy of the project and watch the checks
that `make check` runs fail, so a check that has gone blind is caught too."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

from .import_graph import PROJECT_PACKAGES, import_cycles

BIN = Path(sys.executable).parent
CYCLE_SCRIPT = Path(__file__).with_name("import_graph.py")


def test_the_project_has_no_import_cycles():
    assert import_cycles() == []


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"],
        cwd=root,
        env={"PATH": str(BIN), "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_are_kept():
    result = lint_imports(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "4 kept, 0 broken" in result.stdout


@pytest.fixture
def project_copy(tmp_path):
    """The project's packages and configuration, to break without touching the real ones."""
    for package in PROJECT_PACKAGES:
        shutil.copytree(
            PROJECT_ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "locale"),
        )
    shutil.copy(PROJECT_ROOT / "setup.cfg", tmp_path / "setup.cfg")
    return tmp_path


def add_import(module_path: Path, statement: str, *, in_function: bool = False) -> None:
    source = module_path.read_text(encoding="utf-8")
    if in_function:
        statement = f"\n\ndef _added_by_the_test():\n    {statement}\n"
    module_path.write_text(f"{source}\n{statement}\n", encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "statement", "named"),
    [
        # An app reaching up a layer: org is below courses.
        ("lms/org/selectors.py", "import courses.models", "lms.org.selectors -> courses.models"),
        # Certificates and targets are siblings that know nothing of each other.
        (
            "certificates/services.py",
            "from lms.targets import models",
            "certificates.services -> lms.targets.models",
        ),
        # The core reaching into a bundled plugin.
        ("courses/services.py", "import plugins.quiz.models", "plugins.quiz.models"),
        # A bundled plugin reaching past plugins.api into the core.
        (
            "plugins/quiz/views.py",
            "from courses.models import CoursePage",
            "plugins.quiz.views -> courses.models",
        ),
    ],
    ids=["back-reference", "siblings", "core-imports-plugin", "plugin-imports-internal"],
)
def test_a_broken_arrow_fails_the_contracts(project_copy, module, statement, named):
    add_import(project_copy / module, statement, in_function=True)
    result = lint_imports(project_copy)
    assert result.returncode != 0
    assert named in result.stdout


@pytest.mark.slow
def test_a_function_local_import_cycle_fails_the_check(project_copy):
    add_import(
        project_copy / "courses" / "competencies.py", "import courses.services", in_function=True
    )
    add_import(
        project_copy / "courses" / "services.py", "import courses.competencies", in_function=True
    )
    result = subprocess.run(
        [sys.executable, str(CYCLE_SCRIPT)],
        cwd=project_copy,
        env={"PYTHONPATH": str(project_copy)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "courses.competencies -> courses.services" in result.stdout
