"""Language selection: Vietnamese first, whatever the browser's Accept-Language says.

Many Vietnamese users have phones or browsers set to English; a public-administration site
should still greet them in Vietnamese. Only the visible language switch (Django's set_language
view, which sets the language cookie) changes the language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_from_cookie(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _ in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class CookieLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        language = language_from_cookie(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
