"""Plugins are found through the entry point group; broken or incompatible ones are refused
with a reason, and the rest of the site carries on."""

import sys

import pytest

from plugins.discovery import discover_plugins
from plugins.manager import PluginSystem
from plugins.reasons import NOT_SELECTED
from tests.plugins.fakes import make_plugin


def by_name(records):
    return {record.name: record for record in records}


def test_bundled_plugins_are_found_through_the_entry_point_group():
    records = by_name(discover_plugins())
    assert records["quiz"].source == "bundled"
    assert records["quiz"].django_app == "plugins.quiz"
    assert records["quiz"].has_urls
    assert records["report_exporters"].loaded
    assert records["report_exporters"].django_app is None


def test_an_installed_plugin_is_found_with_its_declaration(site_packages):
    make_plugin(site_packages, name="good")
    record = by_name(discover_plugins())["good"]
    assert record.loaded
    assert (record.source, record.version, record.description) == (
        "installed",
        "2.3.4",
        "A fake plugin.",
    )
    assert record.distribution == "lms-fake-good"


def test_a_plugin_for_other_lms_versions_is_refused(site_packages):
    make_plugin(
        site_packages,
        name="old",
        declaration='LMS_PLUGIN = {"version": "1", "description": "x", "lms_versions": ">=2.0"}',
    )
    record = by_name(discover_plugins())["old"]
    assert not record.loaded
    assert record.refused == "it supports plugin API versions >=2.0, and this LMS offers API 0.4"


def test_lms_versions_name_plugin_api_versions_not_product_releases(site_packages, monkeypatch):
    """A product release that keeps the contract keeps the plugins: only the API version counts."""
    make_plugin(
        site_packages,
        name="steady",
        declaration='LMS_PLUGIN = {"version": "1", "description": "x", "lms_versions": "~=0.2"}',
    )
    monkeypatch.setattr("lms.__version__", "7.3.0")
    assert by_name(discover_plugins())["steady"].loaded
    monkeypatch.setattr("plugins.discovery.API_VERSION", "1.0")
    assert by_name(discover_plugins())["steady"].refused_code == "incompatible"


def test_a_plugin_without_a_declaration_is_refused(site_packages):
    make_plugin(site_packages, name="silent", declaration="")
    assert "does not declare LMS_PLUGIN" in by_name(discover_plugins())["silent"].refused


def test_a_plugin_whose_package_fails_to_import_is_refused(site_packages):
    make_plugin(site_packages, name="crashing", declaration="raise RuntimeError('broken build')")
    assert (
        "failed to import: RuntimeError('broken build')"
        in by_name(discover_plugins())["crashing"].refused
    )


def test_a_plugin_whose_hooks_fail_to_import_is_refused_and_logged(site_packages, caplog):
    make_plugin(site_packages, name="badhooks", hooks="import does_not_exist\n")
    records = [record for record in discover_plugins() if record.name == "badhooks"]
    system = PluginSystem(records)
    assert (
        "its module lmsfake_badhooks.hooks failed to import" in system.records["badhooks"].refused
    )
    assert (
        "Plugin 'badhooks' refused: its module lmsfake_badhooks.hooks failed to import"
        in caplog.text
    )


def test_a_plugin_implementing_an_unknown_hook_is_refused(site_packages):
    make_plugin(
        site_packages,
        name="typo",
        hooks="from plugins import hookimpl\n\n@hookimpl\ndef after_course_complete(enrollment):\n    pass\n",
    )
    system = PluginSystem([record for record in discover_plugins() if record.name == "typo"])
    assert system.records["typo"].refused == (
        "it implements hooks the LMS does not have (misspelled?): after_course_complete"
    )
    assert system.pm.get_plugin("typo") is None


def test_a_plugin_with_wrong_hook_arguments_is_refused(site_packages):
    make_plugin(
        site_packages,
        name="args",
        hooks="from plugins import hookimpl\n\n@hookimpl\ndef after_course_completed(course):\n    pass\n",
    )
    system = PluginSystem([record for record in discover_plugins() if record.name == "args"])
    assert "do not match the contract" in system.records["args"].refused


def test_lms_plugins_setting_restricts_what_loads():
    records = by_name(discover_plugins(only=["quiz"]))
    assert records["quiz"].loaded
    assert records["report_exporters"].refused_code == NOT_SELECTED
    assert records["report_exporters"].source == "bundled"


def test_a_refused_plugin_is_named_in_the_start_up_log(tmp_path, run_manage):
    make_plugin(
        tmp_path,
        name="ancient",
        declaration='LMS_PLUGIN = {"version": "1", "description": "x", "lms_versions": "<0.1"}',
    )
    result = run_manage("check", env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr  # the site still starts
    assert (
        "Plugin 'ancient' refused: it supports plugin API versions <0.1, "
        "and this LMS offers API 0.4" in result.stderr
    )


@pytest.mark.parametrize("only", ["report_exporters", "quiz"])
def test_removing_a_bundled_plugin_leaves_a_working_site_and_stable_migrations(run_manage, only):
    for command in (["check"], ["makemigrations", "--check", "--dry-run"]):
        result = run_manage(*command, env={"LMS_PLUGINS": only})
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_name_two_distributions_announce_is_refused_naming_both(site_packages):
    make_plugin(site_packages, name="badges")
    make_plugin(site_packages, name="badges_fork", announces="badges")
    record = by_name(discover_plugins())["badges"]
    assert not record.loaded
    assert record.refused_code == "name_clash"
    assert "lms-fake-badges (lmsfake_badges.hooks)" in record.refused
    assert "lms-fake-badges_fork (lmsfake_badges_fork.hooks)" in record.refused


def test_one_distribution_found_twice_on_the_path_is_no_clash(site_packages, tmp_path_factory):
    make_plugin(site_packages, name="twice")
    again = tmp_path_factory.mktemp("again")
    make_plugin(again, name="twice")
    sys.path.append(str(again))
    try:
        assert by_name(discover_plugins())["twice"].loaded
    finally:
        sys.path.remove(str(again))


def test_a_name_clash_is_named_in_the_start_up_log(tmp_path, run_manage):
    make_plugin(tmp_path, name="quiz_copy", announces="quiz")
    result = run_manage("check", env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "Plugin 'quiz' refused: several installed packages announce this plugin name" in (
        result.stderr
    )
    assert "lms-fake-quiz_copy (lmsfake_quiz_copy.hooks)" in result.stderr
    assert "lms-vn (plugins.quiz.hooks)" in result.stderr


@pytest.mark.django_db
def test_a_name_clash_is_named_in_the_admin(site_packages, client, site):
    from plugins.manager import get_plugin_system
    from tests.factories import UserFactory

    make_plugin(site_packages, name="badges")
    make_plugin(site_packages, name="badges_fork", announces="badges")
    system = get_plugin_system()
    system.records["badges"] = by_name(discover_plugins())["badges"]
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    try:
        html = client.get("/admin/plugins/").content.decode()
    finally:
        system.records.pop("badges")
    row = html[html.index('data-plugin="badges"') :]
    row = row[: row.index("</tr>")]
    assert "lms-fake-badges (lmsfake_badges.hooks)" in row
    assert "lms-fake-badges_fork (lmsfake_badges_fork.hooks)" in row
