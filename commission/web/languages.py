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
from django.db.models import Exists, OuterRef, Q
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html

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
                "hreflang": hreflang(code),
                "name": name,
                "url": url,
                "absolute_url": absolute_url(url),
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return versions


def named_in_themselves() -> list[tuple[str, str]]:
    """Each language of settings.LANGUAGES as the switcher names it: in itself (English, Русский, Қазақша), marked
    with its ``lang`` so that it is read in that language whatever the page's. The choices of a form that asks
    which language; a radio's label takes the marked name as it is."""
    return [(code, format_html('<span lang="{}">{}</span>', code, name)) for code, name in settings.LANGUAGES]


# Content in several languages. The apps keep their language versions (press.ReleaseTranslation,
# events.EventTranslation); what is shared is how a page shows one and how it names its versions.


def is_default_language(language: str | None = None) -> bool:
    return (language or translation.get_language()) == settings.LANGUAGE_CODE


def hreflang(code: str) -> str:
    """A language as ``hreflang`` names it on the pages and in the sitemap: ``en``, ``ru``, ``kk`` (the English
    page is for every English reader, not only British ones); ``x-default`` as it is."""
    return code.split("-")[0] if code != "x-default" else code


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
    item.default_texts = {field: getattr(item, field) for field in fields}  # the English, where a rule needs it
    for field in fields:
        setattr(item, field, getattr(version, field))
    item.content_language = version.language
    item.version_written_at = version.written_at  # when its words last changed: what a feed's reader needs to know
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


def ready_in(version_model, language: str, *, slug: str | None = None) -> Exists:
    """A filter on the items of ``version_model`` (a language version, which names its item's foreign key in
    ``item_field``): those with a ready version in ``language``, with ``slug`` when given."""
    versions = version_model.objects.ready().filter(**{version_model.item_field: OuterRef("pk")}, language=language)
    return Exists(versions.filter(slug=slug) if slug is not None else versions)


def shown_in(items, language: str | None, ready_in):
    """``items`` the page's language can show: all in the default language; in another, those with a ready
    version in it; ``ready_in(language)`` is the app's filter for that."""
    language = language or translation.get_language()
    return items if is_default_language(language) else items.filter(ready_in(language))


def by_slug(items, slug: str, language: str | None, ready_in):
    """``items`` whose address in the page's language ends in ``slug``: the English slug, or, in another
    language, the slug of a ready version in it; ``ready_in(language, slug=slug)`` is the app's filter for that."""
    language = language or translation.get_language()
    if is_default_language(language):
        return items.filter(slug=slug)
    return items.filter(Q(slug=slug) | ready_in(language, slug=slug))


def version_in(item, language: str):
    """``item``'s ready version in ``language`` (expects the app's ``with_versions()``), or None."""
    return next((version for version in getattr(item, "ready_versions", ()) if version.language == language), None)


def localise(items, language: str | None, show) -> list:
    """Rows of a list (loaded with their ready versions) shown in ``language`` where a version is ready:
    ``show(item, version)`` puts the version's words on each such row."""
    language = language or translation.get_language()
    items = list(items)
    if is_default_language(language):
        return items
    for item in items:
        version = version_in(item, language)
        if version is not None:
            show(item, version)
    return items


def version_paths(item, route: str, *, suffix: str = "") -> tuple[dict[str, str], set[str]]:
    """``item``'s address (the URL named ``route``, by slug) in every language, and which languages have a
    version: for ``set_page_versions``. A language without one gets the English slug under its prefix, where
    the page says the item is not available in that language (expects ``ready_versions`` loaded)."""
    english_slug = getattr(item, "default_slug", item.slug)
    paths, existing = {}, {settings.LANGUAGE_CODE}
    for code, _name in settings.LANGUAGES:
        version = None if is_default_language(code) else version_in(item, code)
        if version is not None:
            existing.add(code)
        with translation.override(code):
            paths[code] = reverse(route, kwargs={"slug": version.slug if version else english_slug}) + suffix
    return paths, existing


def is_out_of_date(version, english_today: str) -> bool:
    """The English changed since ``version`` was written: its fingerprint then is not ``english_today``."""
    return version.english_fingerprint != english_today


def version_states(versions, english_today: str, languages) -> list[dict]:
    """Per language of ``languages`` (code, name pairs): ``{"code", "name", "state", "version"}``, state one of
    ``missing``, ``draft`` (written, not ready), ``out_of_date`` (the English changed since it was written: its
    fingerprint is not ``english_today``) and ``ready``. ``versions``: all of the item's versions."""
    by_language = {version.language: version for version in versions}
    states = []
    for code, name in languages:
        version = by_language.get(code)
        if version is None:
            state = "missing"
        elif is_out_of_date(version, english_today):
            state = "out_of_date"
        elif not version.ready:
            state = "draft"
        else:
            state = "ready"
        states.append({"code": code, "name": name, "state": state, "version": version})
    return states
