"""Settings come from the environment; production refuses to start half-configured."""

import json
import secrets

import pytest

SHOW = (
    "shell",
    "-c",
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': s.CELERY_BROKER_URL, 'hosts': s.ALLOWED_HOSTS, 'language': s.LANGUAGE_CODE}))",
)

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "NATIONAL_ID_HASH_KEY": secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "hoctap.example.gov.vn",
    # A cache shared by every process (rate limits need one); check --deploy does not connect.
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    # Neither does the database; the public address is frozen into certificates.
    "DATABASE_URL": "postgres://lms:secret@db.internal:5432/lms",
    "LMS_PUBLIC_URL": "https://hoctap.example.gov.vn",
    "DEFAULT_FROM_EMAIL": "Học tập số <khong-tra-loi@hoctap.example.gov.vn>",
}


def settings_seen(run_manage, env=None, drop=()):
    result = run_manage(*SHOW, env=env, drop=("DATABASE_URL", "CELERY_BROKER_URL", *drop))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_default_database_is_a_sqlite_file_in_the_project(run_manage):
    seen = settings_seen(run_manage, env={"DJANGO_SETTINGS_MODULE": "lms.settings.dev"})
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["name"].endswith("/db.sqlite3")


def test_database_url_is_honoured(run_manage):
    seen = settings_seen(
        run_manage,
        env={
            "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            "DATABASE_URL": "postgres://lms:secret@db.internal:5432/lms_prod",
        },
    )
    assert seen["engine"] == "django.db.backends.postgresql"
    assert seen["name"] == "lms_prod"


def test_without_a_broker_tasks_run_in_process(run_manage):
    seen = settings_seen(run_manage, env={"DJANGO_SETTINGS_MODULE": "lms.settings.dev"})
    assert seen["eager"] is True
    assert seen["broker"] == "memory://"  # nothing to connect to


def test_with_a_broker_tasks_go_to_the_workers(run_manage):
    seen = settings_seen(
        run_manage,
        env={
            "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            "CELERY_BROKER_URL": "redis://broker.internal:6379/0",
        },
    )
    assert seen["eager"] is False
    assert seen["broker"] == "redis://broker.internal:6379/0"


def test_allowed_hosts_come_from_the_environment(run_manage):
    seen = settings_seen(run_manage, env={**PRODUCTION_ENV, "ALLOWED_HOSTS": "a.gov.vn, b.gov.vn"})
    assert seen["hosts"] == ["a.gov.vn", "b.gov.vn"]
    assert seen["language"] == "vi"


def test_production_refuses_a_missing_secret_key(run_manage):
    result = run_manage(*SHOW, env=PRODUCTION_ENV | {"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_production_refuses_a_missing_national_id_key(run_manage):
    result = run_manage(*SHOW, env=PRODUCTION_ENV | {"NATIONAL_ID_HASH_KEY": ""})
    assert result.returncode != 0
    assert "NATIONAL_ID_HASH_KEY is not set" in result.stderr


def test_production_check_deploy_is_clean(run_manage):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_data_refuses_production_settings(run_manage):
    result = run_manage("seed_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "Refusing to load demo data with production settings" in result.stderr


def test_production_refuses_a_missing_sender_address(run_manage):
    """Password-reset e-mails must not go out from webmaster@localhost."""
    result = run_manage(*SHOW, env=PRODUCTION_ENV | {"DEFAULT_FROM_EMAIL": ""})
    assert result.returncode != 0
    assert "DEFAULT_FROM_EMAIL is not set" in result.stderr


def test_production_refuses_a_missing_shared_cache(run_manage):
    result = run_manage(*SHOW, env=PRODUCTION_ENV | {"REDIS_URL": ""})
    assert result.returncode != 0
    assert "REDIS_URL is not set" in result.stderr


def test_production_refuses_a_missing_database_url(run_manage):
    """Not a SQLite file quietly created in the project folder."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    result = run_manage(*SHOW, env=env, drop=("DATABASE_URL",))
    assert result.returncode != 0
    assert "ImproperlyConfigured: DATABASE_URL is not set" in result.stderr


@pytest.mark.parametrize("public_url", ["", "hoctap.example.gov.vn", "ftp://hoctap.example.gov.vn"])
def test_production_refuses_a_missing_or_partial_public_url(run_manage, public_url):
    """Not http://127.0.0.1:8000 frozen into every certificate's QR code."""
    result = run_manage(*SHOW, env=PRODUCTION_ENV | {"LMS_PUBLIC_URL": public_url})
    assert result.returncode != 0
    assert "ImproperlyConfigured: LMS_PUBLIC_URL is not set" in result.stderr


def test_the_public_url_is_one_setting_for_certificates_and_the_admin(run_manage):
    show = (
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.LMS_PUBLIC_URL, s.WAGTAILADMIN_BASE_URL)",
    )
    for settings_module in ("lms.settings.dev", "lms.settings.production"):
        result = run_manage(
            *show,
            env=PRODUCTION_ENV
            | {"DJANGO_SETTINGS_MODULE": settings_module, "LMS_PUBLIC_URL": "https://a.gov.vn/"},
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[-2:] == ["https://a.gov.vn", "https://a.gov.vn"]
