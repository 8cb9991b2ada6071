"""Searching published releases and published press conferences.

On PostgreSQL: full-text search over title (weight A), standfirst (B) and
body (C) with ranking and a highlighted snippet, served by the GIN index of
migration 0003 (the vector expression below must stay identical to it); press
conferences likewise over title (A), summary (B) and description (C). On
other databases: a plain case-insensitive substring match, newest first, in every alphabet («мамай» finds
«Мамай»: SQLite's LIKE folds only ASCII letters, so the match is its REGEXP, which is Python's).

In Russian and Kazakh the search reads the ready versions in the page's language, and finds only releases
and press conferences that have one (what that language's lists show). Russian uses PostgreSQL's
``russian`` configuration (Snowball stemming: «комиссии» finds «комиссия»). PostgreSQL has no Kazakh
stemmer or stop words, so Kazakh uses ``simple`` (words lower-cased, none left out) and each word searched
finds the words it begins: Kazakh adds its endings to the word, so «комиссия» finds «комиссиясы» and
«Мамай» finds «Мамаймен». The versions have no GIN index of their own: they are few.
"""

import functools
import operator
import re
from dataclasses import dataclass

from django.contrib.postgres.search import Lexeme, SearchHeadline, SearchRank, SearchVector
from django.contrib.postgres.search import SearchQuery as PgQuery
from django.db import connection
from django.db.models import Q, TextField, Value
from django.db.models.functions import Concat
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from commission.web.languages import is_default_language
from events import translations as event_translations
from events.models import Event, EventTranslation
from press.models import PressRelease
from press.translations import published_in

MAX_QUERY_LENGTH = 200
# PostgreSQL's text search configuration for each language; Kazakh has none of its own (see above).
SEARCH_CONFIGS = {"en-gb": "english", "ru": "russian", "kk": "simple"}
# Press conferences are few beside releases: those that match are all shown, up to this many, above the
# releases' pages.
MAX_EVENTS = 10
# Characters no release contains, to find ts_headline's highlights again after escaping the snippet.
_START, _STOP = "\ue000", "\ue001"


@dataclass(frozen=True)
class SearchQuery:
    """What the visitor typed, cleaned: the text searched, and whether it was cut short."""

    text: str
    truncated: bool

    @classmethod
    def from_param(cls, raw: str | None) -> "SearchQuery":
        # NUL cannot go into a PostgreSQL string; other control characters mean nothing in a search.
        text = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", raw or "").split())
        return cls(text=text[:MAX_QUERY_LENGTH].strip(), truncated=len(text) > MAX_QUERY_LENGTH)


def search_vector(prefix: str = "", config: str = "english"):
    """The vector of migration 0003's index (English, no prefix); with ``prefix="translations__"``, a
    version's."""
    return (
        SearchVector(f"{prefix}title", weight="A", config=config)
        + SearchVector(f"{prefix}standfirst", weight="B", config=config)
        + SearchVector(f"{prefix}body", weight="C", config=config)
    )


def _mark(text: str) -> SafeString:
    """Escape a snippet, then turn the highlight sentinels into ``<mark>``."""
    html = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 — everything but our own <mark> tags was escaped


def _mark_substring(text: str, query: str) -> SafeString:
    if not query:
        return _mark(text)
    marked = re.sub(re.escape(query), lambda m: f"{_START}{m.group(0)}{_STOP}", text, flags=re.IGNORECASE)
    return _mark(marked)


def _substring(query: str, *fields: str) -> Q:
    """Not on PostgreSQL: ``query`` is in one of ``fields``, whatever the case of its letters, in any alphabet."""
    pattern = re.escape(query)
    return functools.reduce(operator.or_, (Q(**{f"{field}__iregex": pattern}) for field in fields))


def _pg_query(query: str, config: str) -> PgQuery | None:
    """What is typed, as PostgreSQL searches it: in web-search syntax ("phrases", or, -word) where the language
    has a stemmer; without one (``simple``), every word, each as the start of a word. None: no word to search."""
    if config != "simple":
        return PgQuery(query, search_type="websearch", config=config)
    # A word as PostgreSQL's parser keeps it: "1.5", "report.pdf" and "info@gov.kz" are one word each.
    words = re.findall(r"\w+(?:[.@]\w+)*", query)
    if not words:
        return None
    return PgQuery(functools.reduce(operator.and_, (Lexeme(word, prefix=True) for word in words)), config=config)


def _full_text(rows, query: str, vector, snippet_fields: tuple[str, str], date: str, config: str = "english"):
    """``rows`` matching ``query`` on PostgreSQL, best first, each with its ``rank`` and ``headline``."""
    pg_query = _pg_query(query, config)
    if pg_query is None:
        return rows.none()
    first, second = snippet_fields
    return (
        rows.annotate(rank=SearchRank(vector, pg_query))
        .alias(document=vector)
        .filter(document=pg_query)
        .annotate(
            headline=SearchHeadline(
                Concat(first, Value("\n"), second, output_field=TextField()),
                pg_query,
                config=config,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .order_by("-rank", f"-{date}", "-id")
    )


def search_releases(query: str, *, now=None, language: str | None = None):
    """Published releases matching ``query``, best first (a queryset); ``with_snippets`` adds each one's
    ``snippet`` for the page that is shown. In another language than the default: their ready versions in it."""
    language = language or translation.get_language()
    if not is_default_language(language):
        return _search_versions(query, language, now=now)
    releases = PressRelease.objects.published(now=now)
    if connection.vendor == "postgresql":
        return _full_text(releases, query, search_vector(), ("standfirst", "body"), "publish_at")
    return releases.filter(_substring(query, "title", "standfirst", "body")).newest_first()


def _search_versions(query: str, language: str, *, now=None):
    # One join to the versions, narrowed to this language's ready ones: the vector and headline reuse it, and the
    # substring match is written in the same filter() (a second filter() would join the versions again, and a
    # release would be listed once for each of its versions).
    this_language = Q(translations__language=language, translations__ready=True)
    releases = published_in(language, now=now)
    if connection.vendor == "postgresql":
        config = SEARCH_CONFIGS.get(language, "simple")
        return _full_text(releases.filter(this_language), query, search_vector("translations__", config),
                          ("translations__standfirst", "translations__body"), "publish_at", config)
    return releases.filter(this_language & _substring(
        query, "translations__title", "translations__standfirst", "translations__body")).newest_first()


def event_search_vector(config: str) -> SearchVector:
    """A press conference's (or its version's) words, weighted: title, summary, description."""
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("description", weight="C", config=config)
    )


def search_events(query: str, *, now=None, language: str | None = None) -> list:
    """Published press conferences matching ``query``, best first (newest first on other databases), at most
    ``MAX_EVENTS``, each with ``starts_at`` and its ``snippet``: one query. In another language than the default,
    their ready versions in it (``_search_event_versions``)."""
    language = language or translation.get_language()
    if not is_default_language(language):
        return _search_event_versions(query, language, now=now)
    events = Event.objects.published(now=now).with_times().only("title", "slug", "summary")
    if connection.vendor == "postgresql":
        events = _full_text(events, query, event_search_vector("english"), ("summary", "description"), "starts_at")
    else:
        events = events.filter(_substring(query, "title", "summary", "description")).order_by("-starts_at", "-id")
    return with_snippets(events[:MAX_EVENTS], query, field="summary")


def _search_event_versions(query: str, language: str, *, now=None) -> list:
    """The versions in ``language`` that match, best first, then their events shown in them: five queries
    (the versions, the events with their times, their display zones, their versions and those's place names)."""
    versions = EventTranslation.objects.public(now=now).filter(language=language).only(
        "event_id", "title", "summary")
    if connection.vendor == "postgresql":
        config = SEARCH_CONFIGS.get(language, "simple")
        versions = _full_text(versions, query, event_search_vector(config), ("summary", "description"),
                              "event__publish_at", config)
    else:
        versions = versions.filter(_substring(query, "title", "summary", "description")).order_by(
            "-event__publish_at", "-id")
    found = with_snippets(versions[:MAX_EVENTS], query, field="summary")
    events = {event.pk: event for event in event_translations.localise(event_translations.in_language(
        Event.objects.filter(pk__in=[version.event_id for version in found]).with_times()
        .prefetch_related("display_zones"), language), language)}
    results = []
    for version in found:
        event = events[version.event_id]
        event.snippet = version.snippet
        results.append(event)
    return results


def with_snippets(results, query: str, *, field: str = "standfirst") -> list:
    """Attach ``snippet`` to each result of a page: PostgreSQL's headline, else ``field`` with the query marked."""
    results = list(results)
    for result in results:
        headline = getattr(result, "headline", None)
        if headline is not None:
            result.snippet = _mark(" ".join(headline.split()))
        else:
            result.snippet = _mark_substring(getattr(result, field), query)
    return results
