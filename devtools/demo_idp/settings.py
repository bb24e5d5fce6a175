"""Settings of the demo provider; every value comes from the environment __main__ sets."""

import os

SECRET_KEY = os.environ.get("DEMO_IDP_SECRET_KEY", "demo-idp-not-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
    "demo_idp",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "demo_idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["DEMO_IDP_DATABASE"]}
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # demo identities only
USE_TZ = True
LOGIN_URL = "/login/"
# Browsers keep cookies per host, not per port: beside the LMS on the same host, the
# provider's cookies must not overwrite the LMS's session (and its sign-in state).
SESSION_COOKIE_NAME = "demo_idp_sessionid"
CSRF_COOKIE_NAME = "demo_idp_csrftoken"

SITE_URL = os.environ["DEMO_IDP_SITE_URL"]
OIDC_CODE_EXPIRE = int(os.environ.get("DEMO_IDP_CODE_EXPIRE", "600"))
OIDC_USERINFO = "demo_idp.claims.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "demo_idp.claims.NationalClaims"
OIDC_IDTOKEN_SUB_GENERATOR = "demo_idp.claims.subject"
