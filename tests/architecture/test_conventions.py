"""The conventions of docs/architecture.md that a reader would otherwise have to trust: tasks
are enqueued only when the transaction commits, and the admin's hook and view modules shape the
admin without enqueueing work or patching models."""

import ast
from pathlib import Path

from tests.conftest import PROJECT_ROOT

from .import_graph import PROJECT_PACKAGES

ADMIN_SHAPING = ("wagtail_hooks.py", "admin_views.py", "views.py", "import_views.py")


def project_modules():
    for package in PROJECT_PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}"


def test_tasks_are_enqueued_only_when_the_transaction_commits():
    """`.delay()` or `.apply_async()` could reach a worker before the rows it reads exist."""
    found = [
        where(path, node)
        for path, tree in project_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"delay", "apply_async"}
    ]
    assert found == [], "enqueue with task.delay_on_commit(...) in a service"


def test_admin_hooks_and_views_enqueue_no_work():
    found = []
    for path, tree in project_modules():
        if path.name not in ADMIN_SHAPING and not path.name.endswith("_views.py"):
            continue
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(alias.name for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(name == "tasks" or name.endswith(".tasks") for name in names):
                found.append(where(path, node))
            if isinstance(node, ast.Attribute) and node.attr == "delay_on_commit":
                found.append(where(path, node))
    assert found == [], "call a service that enqueues; views and wagtail_hooks only shape"


def test_wagtail_hooks_patch_no_class():
    """Setting an attribute on an imported class at import time (a monkeypatch) hides the
    change from whoever reads the class."""
    found = [
        where(path, statement)
        for path, tree in project_modules()
        if path.name == "wagtail_hooks.py"
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and any(isinstance(target, ast.Attribute) for target in statement.targets)
    ]
    assert found == []
