"""The page's language: the one place that decides it, from the address alone.

English, the default, is at unprefixed addresses; every other language of settings.LANGUAGES has its prefix
(``/ru/``, ``/kk/``). Django's ``LocaleMiddleware`` already gives an unprefixed address the default language
when ``i18n_patterns(prefix_default_language=False)`` is used, whatever the browser's Accept-Language or a
language cookie say; but it still marks those responses ``Vary: Accept-Language``, which tells every HTTP
cache to keep a copy per browser language of a page that has one. Here no response varies by anything but
its path, which is also what the page cache keys on (commission/web/cache.py).
"""

import hashlib

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
    named = getattr(request, "page_versions", None)
    versions = []
    for code, name in settings.LANGUAGES:
        if named is not None:
            url = named["paths"][code]
            # A version, and named by a page that is a version itself: those link each other with hreflang.
            alternate = named["alternates"] and code in named["versions"]
        else:
            # Resolves the path in the current language and reverses it in the other; the query string is kept.
            url = translate_url(path, code)
            if code != current and url == path:
                return []  # not a page with language versions (or one that does not resolve)
            alternate = True
        versions.append(
            {
                "alternate": alternate,
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


# Content in several languages. The apps keep their language versions (press.ReleaseTranslation,
# events.EventTranslation); what is shared is how a page shows one and how it names its versions.


def is_default_language(language: str | None = None) -> bool:
    return (language or translation.get_language()) == settings.LANGUAGE_CODE


def english_fingerprint(*texts: str) -> str:
    """A short digest of the English texts a version translates: stored on the version when its text is
    written, compared with the English of today to tell a version that is out of date. Spacing is ignored."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(" ".join((text or "").split()).encode())
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def show_version(item, version, fields: tuple[str, ...]):
    """``item`` (a loaded row, never saved afterwards) with ``fields`` taken from ``version``, and marked as
    written in the version's language: templates ask ``item|lang_attr`` whether it needs a ``lang``.

    The English slug stays at hand as ``default_slug``: addresses below the page's (a release's history, a press
    conference's sign-up) accept either slug.
    """
    item.default_slug = item.slug
    for field in fields:
        setattr(item, field, getattr(version, field))
    item.content_language = version.language
    return item


def content_language(item) -> str:
    """The language ``item``'s text is written in: its version's, else the default language's."""
    return getattr(item, "content_language", settings.LANGUAGE_CODE)


def set_page_versions(request, paths: dict[str, str], *, existing: set[str], alternates: bool = True):
    """Name this page's address in each language for the switcher and ``hreflang`` (``language_versions``),
    when the address differs by more than its prefix (a release's own slug in each language).

    ``paths`` maps every language code to the address the switcher takes; the ``hreflang`` links name only
    the languages in ``existing`` (the versions written and ready), and only on ``alternates`` pages. A page that shows the default language's text in
    place of a missing version calls with ``alternates=False`` and is linked from nobody's ``hreflang``.
    """
    request.page_versions = {"paths": paths, "versions": existing, "alternates": alternates}
