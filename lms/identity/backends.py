"""Password sign-in for learners can be switched off (LMS_LOCAL_LOGIN_FOR_LEARNERS).

An authentication backend, so every way in that checks a password (the site's login, the
admin's, anything calling ``authenticate``) follows the same rule. It sits between django-axes
and ModelBackend: it checks the password itself and, for a learner with the right password,
stops authentication (PermissionDenied). A wrong password says nothing either way.
"""

from django.conf import settings
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core.exceptions import PermissionDenied

# Set on the request when this backend refused, so the login form can say why.
REFUSED_ATTRIBUTE = "lms_local_login_refused"


def may_use_password(user) -> bool:
    """Administrators, HR officers and trainers (whoever may open the admin) always may."""
    return (
        settings.LMS_LOCAL_LOGIN_FOR_LEARNERS
        or user.is_superuser
        or user.has_perm("wagtailadmin.access_admin")
    )


class LearnerPasswordPolicy(BaseBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if settings.LMS_LOCAL_LOGIN_FOR_LEARNERS:
            return None
        user = ModelBackend().authenticate(request, username=username, password=password, **kwargs)
        if user is None or may_use_password(user):
            return None  # ModelBackend, next, decides as always
        if request is not None:
            setattr(request, REFUSED_ATTRIBUTE, True)
        raise PermissionDenied

    def get_user(self, user_id):
        # Django's test client and anything else that signs in without naming a backend take
        # the first one with get_user: this one, so it must find users as ModelBackend does.
        return ModelBackend().get_user(user_id)
