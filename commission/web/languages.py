"""The page's language: the one place that decides it, from the address alone.

English, the default, is at unprefixed addresses; every other language of settings.LANGUAGES has its prefix
(``/ru/``, ``/kk/``). Django's ``LocaleMiddleware`` already gives an unprefixed address the default language
when ``i18n_patterns(prefix_default_language=False)`` is used, whatever the browser's Accept-Language or a
language cookie say; but it still marks those responses ``Vary: Accept-Language``, which tells every HTTP
cache to keep a copy per browser language of a page that has one. Here no response varies by anything but
its path, which is also what the page cache keys on (commission/web/cache.py).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import translate_url
from django.utils import translation

from commission.web.links import absolute_url


class PathLanguageMiddleware(LocaleMiddleware):
    """``LocaleMiddleware`` without the Vary header: the address alone names the language.

    The language is let go once the response is made (it is rendered by then), so that whatever the same
    thread does next outside a request (work after the response, a test's next step) is in the default
    language, not in the language of the last page served.
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        translation.deactivate()
        return response


def language_versions(request) -> list[dict]:
    """This page in each language: code, own name, address, and whether it is the page being read.

    For the language switcher and the ``hreflang`` links of base.html. Only for pages under
    ``i18n_patterns``; for any other address it returns an empty list.
    """
    current = translation.get_language()
    path = request.get_full_path()
    versions = []
    for code, name in settings.LANGUAGES:
        # Resolves the path in the current language and reverses it in the other; the query string is kept.
        url = translate_url(path, code)
        if code != current and url == path:
            return []  # not a page with language versions (or one that does not resolve)
        versions.append(
            {
                "code": code,
                "hreflang": code.split("-")[0],  # en, ru, kk: the English page is for every English reader
                "name": name,
                "url": url,
                "absolute_url": absolute_url(url),
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return versions
