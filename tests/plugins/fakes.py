"""Installed-looking plugin distributions written into a folder on sys.path (no pip needed)."""

import textwrap
from pathlib import Path

GOOD_HOOKS = """
from plugins import hookimpl


@hookimpl
def after_course_completed(enrollment):
    return None
"""


def make_plugin(
    root: Path,
    *,
    name: str,
    declaration: str | None = None,
    hooks: str = GOOD_HOOKS,
    package: str | None = None,
    announces: str | None = None,
) -> str:
    """Write package ``lmsfake_<name>`` and its dist-info (distribution ``lms-fake-<name>``)
    announcing entry point ``name``, or ``announces`` when another name is wanted."""
    package = package or f"lmsfake_{name}"
    (root / package).mkdir(parents=True)
    if declaration is None:
        declaration = (
            'LMS_PLUGIN = {"version": "2.3.4", "description": "A fake plugin.", '
            '"lms_versions": ">=0.1,<1.0"}'
        )
    (root / package / "__init__.py").write_text(textwrap.dedent(declaration))
    (root / package / "hooks.py").write_text(textwrap.dedent(hooks))
    dist_info = root / f"lms_fake_{name}-2.3.4.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: lms-fake-{name}\nVersion: 2.3.4\nSummary: fake\n"
    )
    (dist_info / "entry_points.txt").write_text(
        f"[lms.plugins]\n{announces or name} = {package}.hooks\n"
    )
    return package
