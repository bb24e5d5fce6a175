from django.conf import settings


def sign_in(request) -> dict:
    """Whether learners may register and sign in with a password (the menu's Register link)."""
    return {"local_login_for_learners": settings.LMS_LOCAL_LOGIN_FOR_LEARNERS}
