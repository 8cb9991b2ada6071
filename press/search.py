"""Searching published releases.

On PostgreSQL: full-text search over title (weight A), standfirst (B) and
body (C) with ranking and a highlighted snippet, served by the GIN index of
migration 0003 (the vector expression below must stay identical to it). On
other databases: a plain case-insensitive substring match, newest first.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVector
from django.contrib.postgres.search import SearchQuery as PgQuery
from django.db import connection
from django.db.models import Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from press.models import PressRelease

MAX_QUERY_LENGTH = 200
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


def search_vector():
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("standfirst", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
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


def search_releases(query: str, *, now=None):
    """Published releases matching ``query``, best first, each with a ``snippet`` (safe HTML).

    Returns a queryset on PostgreSQL and a queryset on other databases; the
    snippet is computed per row of the page that is shown (``with_snippets``).
    """
    releases = PressRelease.objects.published(now=now)
    if connection.vendor == "postgresql":
        pg_query = PgQuery(query, search_type="websearch", config="english")
        vector = search_vector()
        return (
            releases.annotate(rank=SearchRank(vector, pg_query))
            .alias(document=vector)
            .filter(document=pg_query)
            .annotate(
                headline=SearchHeadline(
                    Concat("standfirst", Value("\n"), "body", output_field=TextField()),
                    pg_query,
                    config="english",
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=40,
                    min_words=20,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .order_by("-rank", "-publish_at", "-id")
        )
    return releases.filter(
        Q(title__icontains=query) | Q(standfirst__icontains=query) | Q(body__icontains=query)
    ).newest_first()


def with_snippets(releases, query: str) -> list:
    """Attach ``snippet`` to each release of a page of results."""
    releases = list(releases)
    for release in releases:
        headline = getattr(release, "headline", None)
        if headline is not None:
            release.snippet = _mark(" ".join(headline.split()))
        else:
            release.snippet = _mark_substring(release.standfirst, query)
    return releases
