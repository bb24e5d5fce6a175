"""Settings shared by every environment. Everything that varies is an environment variable,
documented in README.md (section "Configuration")."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from plugins.discovery import discover_plugins, plugin_django_apps

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default or [])


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Plugins: every package announced in the "lms.plugins" entry point group, unless LMS_PLUGINS
# names the ones to load. Plugins that are Django apps join INSTALLED_APPS by themselves.
LMS_PLUGINS = env_list("LMS_PLUGINS")
LMS_TRACE_PLUGINS = env_bool("LMS_TRACE_PLUGINS")
PLUGIN_RECORDS = discover_plugins(only=LMS_PLUGINS or None)

INSTALLED_APPS = [
    "lms.home",
    "lms.reminders",
    "lms.org",
    "lms.notifications",
    "lms.identity",
    "lms.mfa",
    "lms.targets",
    "lms.demo",
    "courses",
    "certificates",
    "plugins",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_ratelimit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    *plugin_django_apps(PLUGIN_RECORDS),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.CookieLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff who can see personal data pass their second factor before any page (lms.mfa).
    "lms.mfa.middleware.TwoFactorRequiredMiddleware",
    "plugins.middleware.PluginStateMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "lms.auth_policy.AuthEndpointLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the view into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.identity.context_processors.sign_in",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"

# Database: DATABASE_URL (PostgreSQL in production); absent, a SQLite file in the project.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several requests at once (runserver is threaded). SQLite's
    # default DEFERRED transaction reads first and asks for the write lock only at its first
    # write; two requests doing that at the same moment (a double click) can each wait for
    # the other, and SQLite then fails one at once with "database is locked", whatever the
    # timeout. IMMEDIATE takes the write lock when the transaction begins, so concurrent
    # writers queue up (for up to `timeout` seconds) and each sees the rows of the one before:
    # the row locks (select_for_update) that serialise them on PostgreSQL are no-ops here.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses a learner's right password while LMS_LOCAL_LOGIN_FOR_LEARNERS is off.
    "lms.identity.backends.LearnerPasswordPolicy",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_learning"  # the learner lands on their own page
LOGOUT_REDIRECT_URL = "/"

# Single sign-on (lms.identity; README "Sign-in"). Providers come from plugins; the bundled
# `oidc` plugin reads LMS_OIDC_PROVIDERS and LMS_OIDC_<CODE>_* variables. Learners may still
# sign in with a password unless this is off; administrators, HR officers and trainers always
# may (the provinces without a provider, and the way in when a provider is down).
LMS_LOCAL_LOGIN_FOR_LEARNERS = env_bool("LMS_LOCAL_LOGIN_FOR_LEARNERS", True)
# Which claim holds each thing the LMS reads; a provider may override names (_CLAIM_<FIELD>).
LMS_OIDC_CLAIMS = {
    "national_id": os.environ.get("LMS_OIDC_CLAIM_NATIONAL_ID", "national_id"),
    "full_name": os.environ.get("LMS_OIDC_CLAIM_FULL_NAME", "name"),
    "date_of_birth": os.environ.get("LMS_OIDC_CLAIM_DATE_OF_BIRTH", "birthdate"),
    "sex": os.environ.get("LMS_OIDC_CLAIM_SEX", "gender"),
    "commune": os.environ.get("LMS_OIDC_CLAIM_COMMUNE", "commune_code"),
    "email": os.environ.get("LMS_OIDC_CLAIM_EMAIL", "email"),
    # The e-mail claim is used only when this one is true (an address nobody proved is not
    # theirs to receive password resets at).
    "email_verified": os.environ.get("LMS_OIDC_CLAIM_EMAIL_VERIFIED", "email_verified"),
    "phone": os.environ.get("LMS_OIDC_CLAIM_PHONE", "phone_number"),
}
# Seconds to wait for a provider (discovery, token, keys, userinfo).
LMS_OIDC_TIMEOUT = int(os.environ.get("LMS_OIDC_TIMEOUT", "10"))

# Internationalisation: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The project's catalogue first: makemessages extracts into LOCALE_PATHS[0]. Then
# locale_overrides/, Vietnamese for Wagtail's and Django's own strings that their catalogues
# lack or get wrong: LOCALE_PATHS beat the apps' catalogues, the first listed winning.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "lms_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Formats (lms/formats): dates dd/mm/yyyy, shown and typed, in both languages; the decimal
# comma and thousands dot in Vietnamese. The admin's date pickers write Wagtail's formats,
# which each language's input formats read back. DATE_INPUT_FORMATS is the fallback for a
# language without formats of its own; ISO first, as browsers' own date pickers send it.
FORMAT_MODULE_PATH = ["lms.formats"]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Media on any S3-compatible store when a bucket is named (pip install -e .[s3]).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Files holding personal data in clear (uploaded rosters) never go to public media: a private
# folder, shared by the web and worker processes, purged after a day.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": MEDIA_STORAGE,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Celery. Without a broker, tasks run in-process (said once in the log at start-up).
LMS_TASKS_IN_PROCESS = not os.environ.get("CELERY_BROKER_URL")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = LMS_TASKS_IN_PROCESS
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# With acks_late, Redis hands a task that is not acknowledged within the visibility timeout to
# another worker, even while the first still runs it (and holds tasks waiting for a retry's
# countdown unacknowledged too). So every task ends well within it: a hard limit of 30 minutes
# for any task (the certificate tasks set tighter ones), retries wait at most 10 minutes
# (Celery's retry_backoff_max), and a task lost with its worker comes back within the hour.
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Reminders: nobody gets more than one in this many days, whatever the target; channels are
# tried in this order (codes, e.g. "zalo,email"), then the others by code.
LMS_REMINDER_MIN_DAYS = int(os.environ.get("LMS_REMINDER_MIN_DAYS", "7"))
LMS_REMINDER_CHANNELS = env_list("LMS_REMINDER_CHANNELS")
# Address space a roster or population import task may add to its worker process: beyond it
# the import fails with a message instead of the kernel killing the worker (0: no cap).
LMS_IMPORT_MEMORY_MB = int(os.environ.get("LMS_IMPORT_MEMORY_MB", "1024"))
# Rows one roster or population file may hold (README, "Import limits").
LMS_IMPORT_MAX_ROWS = int(os.environ.get("LMS_IMPORT_MAX_ROWS", "100000"))
CELERY_BEAT_SCHEDULE = {
    "purge-roster-uploads": {"task": "lms.org.tasks.roster_imports_purge_task", "schedule": 3600.0},
    # Just after midnight (CELERY_TIMEZONE): the snapshot of the day that has just ended.
    "coverage-snapshots": {
        "task": "lms.targets.tasks.coverage_snapshots_task",
        "schedule": crontab(hour=0, minute=15),
    },
    # Certificates left pending (a render lost with its worker, retries used up) and bulk
    # work left unfinished go back to the workers.
    "certificates-resume": {
        "task": "certificates.tasks.certificates_resume_task",
        "schedule": 600.0,
    },
    # Mid-morning, when people read their mail: the reminders the targets' schedules owe.
    "reminders-scheduled": {
        "task": "lms.reminders.tasks.reminders_scheduled_task",
        "schedule": crontab(hour=8, minute=30),
    },
}

# Wagtail.
WAGTAIL_SITE_NAME = "Học tập số"
# No Gravatar: an avatar would send a hash of each user's e-mail address to an outside
# service (and show a broken image where it is out of reach). Wagtail then draws its own
# default avatar, or the one a user uploads.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The site's public address: certificates print it (QR code and link) and admin e-mails link to
# it. Required in production; `make run` sets it to the port it serves on.
LMS_PUBLIC_URL = os.environ.get("LMS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = LMS_PUBLIC_URL
# The admin's password reset e-mail is sent and logged like every other (lms.notifications).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "lms.org.accounts.AdminPasswordResetForm"  # noqa: S105
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt", "zip"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Keyed hash for national ID numbers: never stored in clear (see lms.org.national_id).
NATIONAL_ID_HASH_KEY = os.environ.get("NATIONAL_ID_HASH_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "lms": {"level": os.environ.get("LMS_LOG_LEVEL", "INFO"), "propagate": True},
        "courses": {"level": os.environ.get("LMS_LOG_LEVEL", "INFO"), "propagate": True},
        "certificates": {"level": os.environ.get("LMS_LOG_LEVEL", "INFO"), "propagate": True},
        "plugins": {"level": os.environ.get("LMS_LOG_LEVEL", "INFO"), "propagate": True},
    },
}

# Rate limits where abuse is cheap (per client address; the cache must be shared between
# processes in production: set REDIS_URL).
RATELIMIT_VIEW = "lms.ratelimits.too_many_requests"
LMS_RATE_REGISTER = os.environ.get("LMS_RATE_REGISTER", "10/h")
LMS_RATE_LINK = os.environ.get("LMS_RATE_LINK", "10/h")
LMS_RATE_VERIFY = os.environ.get("LMS_RATE_VERIFY", "30/m")
# Password reset e-mails per address (per client, the login policy below applies).
LMS_RATE_PASSWORD_RESET = os.environ.get("LMS_RATE_PASSWORD_RESET", "3/h")

# Outgoing e-mail (password resets, the admin's notifications) through an SMTP server;
# development prints e-mails to the console instead (dev.py). A short timeout, so that a slow
# mail server does not hold a page.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where e-mail goes: one URL, e.g. smtp://user:pass@mail.example.gov.vn:587?tls=True (STARTTLS),
# or smtp://…:465?ssl=True (TLS from the start); percent-encode special characters of the
# password. Unset, e-mails are printed on the console.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
EMAIL_TIMEOUT = 10
# A refused e-mail is tried again after up to this many seconds, then twice as long, and so on
# (lms.notifications.tasks; 4 attempts in all).
LMS_EMAIL_RETRY_SECONDS = 30
if EMAIL_URL:
    _email = dj_email_url.parse(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or EMAIL_TIMEOUT
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A provider's API instead of SMTP (django-anymail, `pip install -e .[anymail]`):
# EMAIL_BACKEND=anymail.backends.<provider>.EmailBackend, and the provider's settings as
# ANYMAIL_<SETTING> variables (ANYMAIL_MAILGUN_API_KEY=...), gathered here into ANYMAIL.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or EMAIL_BACKEND
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}

# Clients are identified by one function (lms.ratelimits.client_ip) for rate limits and login
# lockouts alike: the connecting address, or the header a reverse proxy sets when one is named.
LMS_CLIENT_IP_HEADER = os.environ.get("LMS_CLIENT_IP_HEADER", "").strip()
LMS_CLIENT_IP_PROXY_COUNT = int(os.environ.get("LMS_CLIENT_IP_PROXY_COUNT", "1"))
RATELIMIT_IP_META_KEY = "lms.ratelimits.client_ip"

# One policy for every authentication endpoint (lms.auth_policy): after this many failures,
# refused (the right password too) until the cool-off has passed.
LMS_AUTH_FAILURE_LIMIT = int(os.environ.get("LMS_AUTH_FAILURE_LIMIT", "5"))
LMS_AUTH_COOLOFF = timedelta(minutes=int(os.environ.get("LMS_AUTH_COOLOFF_MINUTES", "15")))

# django-axes watches every login. Lockout per username from one client (see lms.auth_policy
# for why neither alone). The database handler: the counts live in the database every web
# process shares, on SQLite as on PostgreSQL, are incremented under a row lock, and survive a
# cache flush or restart; a failed login is rare enough that its write costs nothing. Expired
# attempts are deleted on each login event, and successful logins are not recorded (an IP
# address per login is personal data without a purpose here).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = "lms.auth_policy.failure_limit"
AXES_COOLOFF_TIME = "lms.auth_policy.cool_off"
AXES_CLIENT_IP_CALLABLE = "lms.ratelimits.client_ip"
AXES_LOCKOUT_CALLABLE = "lms.auth_policy.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True

# Two-factor sign-in (lms.mfa): when on, superusers and HR officers (who can see personal data)
# confirm each sign-in with an authenticator app's code or a recovery code. On by default in
# production (production.py), off here and so in development and tests.
LMS_REQUIRE_2FA = env_bool("LMS_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Wrong codes are limited by the login policy above, per account (lms.mfa.views):
# django-otp's own growing delays would be a second, different policy on the same form.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
