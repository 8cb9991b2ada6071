"""A release's language versions: which the public may read, finding one by its address, showing one, and
telling a press officer which are missing or out of date.

The visibility rule stays the release's (``PressRelease.objects.published()``); a version adds only ``ready``.
So publishing, scheduling and returning a release to draft act on it with all its versions at once.
"""

import copy
import functools

from django.db.models import Prefetch
from django.utils import timezone, translation

from commission.web import languages
from commission.web.languages import english_fingerprint, is_default_language, show_version
from press.models import VERSION_LANGUAGES, PressRelease, QuoteTranslation, ReleaseTranslation

# What a version replaces on the release it is shown with.
FIELDS = ("title", "slug", "standfirst", "body", "notes_to_editors")
LIST_FIELDS = ("title", "slug", "standfirst")


def english_text_fingerprint(title, dateline_place, standfirst, body, notes, quotes: list[tuple[int, str]]) -> str:
    """The fingerprint of the English a release's version translates: its texts, its dateline's place, and its
    quotes' numbers and words in order."""
    return english_fingerprint(title, dateline_place, standfirst, body, notes,
                               *(f"{order}:{text}" for order, text in quotes))


def fingerprint_of(release: PressRelease) -> str:
    """The English text's fingerprint today (expects ``quotes`` loaded, and the release as stored)."""
    return english_text_fingerprint(release.title, release.dateline_place, release.standfirst, release.body,
                                    release.notes_to_editors,
                                    [(quote.order, quote.text) for quote in release.quotes.all()])


_ready_in = functools.partial(languages.ready_in, ReleaseTranslation)


def published_in(language: str | None = None, *, now=None):
    """Published releases the page's language can show: all in the default language; in another, those with a
    ready version in it. The lists, feeds, search and sitemaps of a language use this."""
    return languages.shown_in(PressRelease.objects.published(now=now), language, _ready_in)


def with_versions(releases, language: str | None = None, *, quotes: bool = False):
    """Each release's ready versions as ``ready_versions``: one query (two with their quotes) for a page.
    In the default language a list needs none; a release page does, for its ``hreflang`` links."""
    versions = ReleaseTranslation.objects.ready()
    if language is not None:
        versions = versions.filter(language=language)
    if quotes:
        versions = versions.prefetch_related("quotes")
    return releases.prefetch_related(Prefetch("translations", queryset=versions, to_attr="ready_versions"))


def for_list(releases, language: str | None = None):
    """``releases`` newest first with what a list row shows (``PressRelease.for_list()``) and, in a language
    other than the default, their ready version in it; ``localise()`` the page's rows."""
    language = language or translation.get_language()
    releases = releases.newest_first().for_list()
    return releases if is_default_language(language) else with_versions(releases, language)


def by_slug(releases, slug: str, language: str | None = None):
    """``releases`` whose address in the page's language ends in ``slug``: the English slug, or, in another
    language, the slug of a ready version in it."""
    return languages.by_slug(releases, slug, language, _ready_in)


def version_in(release: PressRelease, language: str):
    """The release's ready version in ``language`` (expects ``with_versions()``), or None."""
    return languages.version_in(release, language)


def show_in(release: PressRelease, version: ReleaseTranslation, *, fields=FIELDS) -> PressRelease:
    """The release (loaded for a page, never saved after) with the version's words: title, text, notes, and
    each quote's words where translated (expects ``quotes`` loaded, and the version's with ``quotes=True``)."""
    show_version(release, version, fields)
    if version.dateline_place:  # the place's name in the version's language; without one, the English name
        release.dateline_place = version.dateline_place
    if "body" in fields:
        words = {quote.quote_id: quote.text for quote in version.quotes.all()}
        for quote in release.quotes.all():
            if quote.pk in words:
                quote.text = words[quote.pk]
                quote.content_language = version.language
    return release


def listed_in(release: PressRelease, version: ReleaseTranslation | None) -> PressRelease:
    """``release`` as one reader's email lists it: a copy with ``version``'s title, address and standfirst (the
    other readers' emails read the same row), or ``release`` itself without a version (its English)."""
    return show_in(copy.copy(release), version, fields=LIST_FIELDS) if version else release


def localise(releases, language: str | None = None) -> list[PressRelease]:
    """Rows of a list (loaded ``with_versions(language)``) shown in ``language`` where a version is ready."""
    return languages.localise(releases, language, functools.partial(show_in, fields=LIST_FIELDS))


def localise_quotes(quotes, language: str | None = None) -> list:
    """Quotes listed on a person's page (with ``release`` loaded), in ``language`` where their release's version
    in it is ready: the quote's words and the release's title and address, two queries more."""
    language = language or translation.get_language()
    if is_default_language(language):
        return list(quotes)
    words = QuoteTranslation.objects.filter(version__language=language, version__ready=True)
    rows = list(quotes.prefetch_related(
        Prefetch("translations", queryset=words, to_attr="words"),
        Prefetch("release__translations", queryset=ReleaseTranslation.objects.ready().filter(language=language),
                 to_attr="ready_versions"),
    ))
    for quote in rows:
        if quote.words:
            quote.text = quote.words[0].text
            quote.content_language = language
        version = version_in(quote.release, language)
        if version is not None:
            show_in(quote.release, version, fields=LIST_FIELDS)
    return rows


def page_paths(release: PressRelease, *, suffix: str = "") -> tuple[dict[str, str], set[str]]:
    """The release's address in every language, and which languages have a version: for the switcher and the
    ``hreflang`` links. A language without one gets the English slug under its prefix, where the page says
    the release is not available in that language (expects ``with_versions()``)."""
    return languages.version_paths(release, "press:detail", suffix=suffix)


def language_status(release: PressRelease) -> list[dict]:
    """Per language of ``VERSION_LANGUAGES``: ``{"code", "name", "state"}``, state one of ``missing``,
    ``draft`` (written, not ready), ``out_of_date`` (the English changed since it was written) and
    ``ready``. Expects ``translations`` and ``quotes`` loaded (the admin's list prefetches them)."""
    return languages.version_states(release.translations.all(), fingerprint_of(release), VERSION_LANGUAGES)


def is_out_of_date(release: PressRelease, version: ReleaseTranslation) -> bool:
    """The English of ``release`` changed since ``version`` was written (a correction, say): its readers are
    told so. Expects the release's English words and ``quotes`` loaded."""
    return languages.is_out_of_date(version, fingerprint_of(release))


def mark_written(version: ReleaseTranslation, *, now=None) -> ReleaseTranslation:
    """Record that ``version``'s text was written against the English as it stands (not saved here): it is
    up to date until the English title, dateline place, standfirst, body, notes or a quote change."""
    release = PressRelease.objects.prefetch_related("quotes").get(pk=version.release_id)
    version.english_fingerprint = fingerprint_of(release)
    version.written_at = now or timezone.now()
    return version
