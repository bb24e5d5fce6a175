"""The worked example of docs/plugins.md, built and pip-installed as a real package, is
discovered, listed, called, disabled and re-enabled, with nothing else configured."""

import os
import re
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.slow  # pip install and a second pytest process

FILE_BLOCK = re.compile(r'```\w+ title="([^"]+)"\n(.*?)```', re.S)

INNER_TEST = textwrap.dedent(
    """
    import pytest
    from django.conf import settings
    from django.core import mail

    from plugins.manager import get_plugin_system

    pytestmark = pytest.mark.django_db


    def test_the_example_keeps_the_plugin_contract_like_the_bundled_plugins():
        from plugins.testing import plugin_contract_problems

        assert plugin_contract_problems(package="lms_kudos") == []


    def root():
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(username="root")


    @pytest.fixture
    def admin(client):
        from django.contrib.auth import get_user_model

        from lms.home.services import site_setup

        site_setup()
        user = get_user_model().objects.create_superuser("root", "root@example.invalid", "x")
        client.force_login(user)
        return client


    def lesson_with_kudos(learner_email):
        from django.contrib.auth import get_user_model

        from courses.models import CourseIndexPage, CoursePage, LessonPage
        from courses.services import enrollment_create

        course = CoursePage(title="Khoá", slug="khoa", summary="x")
        CourseIndexPage.objects.get().add_child(instance=course)
        lesson = LessonPage(title="Bài", slug="bai",
                            body=[{"type": "kudos_note", "value": {"message": "Giỏi lắm!"}}])
        course.add_child(instance=lesson)
        learner = get_user_model().objects.create_user("learner", learner_email, "x")
        return lesson, enrollment_create(user=learner, course=course), learner


    def test_installed_plugin_is_discovered_listed_called_disabled_and_reenabled(
        admin, client, django_capture_on_commit_callbacks
    ):
        from courses.services import lesson_complete

        assert "lms_kudos" in settings.INSTALLED_APPS
        record = get_plugin_system().records["kudos"]
        assert (record.source, record.version, record.loaded) == ("installed", "1.0.0", True)
        assert record.hooks == ["after_course_completed", "register_lesson_blocks"]

        row = admin.get("/admin/plugins/").content.decode()
        row = row[row.index('data-plugin="kudos"'):]
        assert "Cài thêm" in row and "lms-kudos" in row and "Đang bật" in row
        assert admin.get("/plugins/kudos/").json() == {"plugin": "kudos", "blocks": ["kudos_note"]}

        lesson, enrollment, learner = lesson_with_kudos("hv@example.invalid")
        client.force_login(learner)
        assert "Giỏi lắm!" in client.get(lesson.url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            lesson_complete(enrollment=enrollment, lesson=lesson)
        assert [message.to for message in mail.outbox] == [["hv@example.invalid"]]

        client.force_login(root())
        client.post("/admin/plugins/kudos/toggle/", {"enabled": "0"})
        assert client.get("/plugins/kudos/").status_code == 404
        client.force_login(learner)
        html = client.get(lesson.url).content.decode()
        assert "Giỏi lắm!" not in html and "tạm thời không hiển thị được" in html

        client.force_login(root())
        client.post("/admin/plugins/kudos/toggle/", {"enabled": "1"})
        client.force_login(learner)
        assert "Giỏi lắm!" in client.get(lesson.url).content.decode()
    """
)


def documented_tests() -> str:
    """The test module the "Testing your plugin" section shows, run as it is written."""
    documentation = (PROJECT_ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = documentation[documentation.index("## Testing your plugin") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def write_example(root):
    documentation = (PROJECT_ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    files = FILE_BLOCK.findall(documentation)
    assert len(files) >= 6, "the worked example lost its files"
    for relative, content in files:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root / "lms-kudos"


def test_docs_example_installs_with_pip_and_works_in_a_fresh_process(tmp_path):
    package = write_example(tmp_path / "src")
    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(package),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if install.returncode != 0:
        pytest.fail(f"pip could not install the documented example:\n{install.stderr}")
    assert (target / "lms_kudos" / "templates" / "lms_kudos" / "kudos_block.html").exists()

    inner = tmp_path / "test_installed_plugin.py"
    inner.write_text(INNER_TEST, encoding="utf-8")
    (tmp_path / "test_documented.py").write_text(documented_tests(), encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "LMS_PLUGINS", "CELERY_BROKER_URL"}
    }
    env["PYTHONPATH"] = os.pathsep.join([str(target), str(PROJECT_ROOT)])
    # Its own database: the outer run may be using the PostgreSQL test database.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'inner.sqlite3'}"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-migrations",
            "--rootdir",
            str(PROJECT_ROOT),
            "-c",
            str(PROJECT_ROOT / "setup.cfg"),
            str(inner),
            str(tmp_path / "test_documented.py"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout
