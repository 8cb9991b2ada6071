"""The release archive: filtering the list by topic, year and month, and counting what each filter holds.

Counts are aggregates in the database, one query for topics and one for months, whatever the size of the
archive; both are taken over the releases they are given, so a draft or a scheduled release is never
counted as long as the caller passes ``published()`` releases. Years and months are those of the site's
time zone, as on every date the site shows.

An aggregate reads every row it counts, so counts are kept (``kept``) until the next edit or the next
scheduled release going public, whichever comes first: the list then costs the same at any size.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils.translation import gettext as _

from commission.web.cache import per_content_version
from commission.web.languages import is_default_language
from commission.web.localised import text_in

FIRST_YEAR, LAST_YEAR = 1900, 2999


@dataclass(frozen=True)
class ArchiveFilter:
    """What the reader chose: a topic's slug, a year, a month of that year; each may be absent."""

    topic: str = ""
    year: int | None = None
    month: int | None = None

    PARAMS = ("topic", "year", "month")  # the query parameters read here, and all the archive's links write

    @classmethod
    def from_params(cls, params) -> "ArchiveFilter":
        """Read ``?topic=&year=&month=`` (``PARAMS``); anything malformed is a 404, as a page that does not exist."""
        year, month = _number(params.get("year"), FIRST_YEAR, LAST_YEAR), _number(params.get("month"), 1, 12)
        if month is not None and year is None:
            raise Http404(_("A month of the archive needs its year."))
        topic = params.get("topic") or ""
        if len(topic) > 100:
            raise Http404(_("There is no such topic."))
        return cls(topic=topic, year=year, month=month)

    @property
    def period(self) -> datetime.date | None:
        """The first day of the month or year chosen, for its name; None for all dates."""
        if self.year is None:
            return None
        return datetime.date(self.year, self.month or 1, 1)

    def by_topic(self, releases):
        return releases.filter(topics__slug=self.topic) if self.topic else releases

    def by_date(self, releases):
        if self.year is not None:
            releases = releases.filter(publish_at__year=self.year)
        if self.month is not None:
            releases = releases.filter(publish_at__month=self.month)
        return releases

    def apply(self, releases):
        return self.by_date(self.by_topic(releases))


def _number(raw: str | None, low: int, high: int) -> int | None:
    if raw is None or raw == "":
        return None
    # Length first: a number thousands of digits long must not reach int().
    if len(raw) > 4 or not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise Http404(_("There is no such page of press releases."))
    return int(raw)


@dataclass(frozen=True)
class TopicCount:
    slug: str
    name: str
    count: int
    name_ru: str = ""  # the names in Russian and Kazakh (commission/web/localised.py)
    name_kk: str = ""


@dataclass(frozen=True)
class YearCount:
    year: int
    count: int
    months: list  # [(first day of the month, count)], newest first


def topic_counts(releases) -> list[TopicCount]:
    """Each topic the releases are filed under with how many of them, by name in the page's language: one query."""
    rows = (
        releases.values("topics__slug", "topics__name", "topics__name_ru", "topics__name_kk")
        .annotate(count=Count("pk", distinct=True))
        .order_by("topics__name")
    )
    # Releases filed under no topic make one group without a slug.
    topics = [TopicCount(row["topics__slug"], row["topics__name"], row["count"], row["topics__name_ru"],
                         row["topics__name_kk"]) for row in rows if row["topics__slug"]]
    if not is_default_language():
        topics.sort(key=lambda topic: text_in(topic, "name").casefold())
    return topics


def year_counts(releases) -> list[YearCount]:
    """Each year and month with releases, newest first, with how many: one query, grouped by month."""
    rows = (
        releases.annotate(month=TruncMonth("publish_at"))
        .values("month")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-month")
    )
    years: dict[int, list] = {}
    for row in rows:
        years.setdefault(row["month"].year, []).append((row["month"].date(), row["count"]))
    return [YearCount(year, sum(count for _month, count in months), months) for year, months in years.items()]


def kept(name: str, load):
    """``load()``'s counts, kept until the next edit or the next scheduled release going public: the one
    thing besides an edit that changes what ``published()`` holds."""
    return per_content_version(f"release-archive:{name}", load, changes_with_time=True)
