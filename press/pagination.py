"""Pagination without COUNT(*): "newer" and "older" pages, 20 releases each.

Django's Paginator counts every matching row to number the pages, which costs
more the larger the archive grows. Readers of a newsroom go from the newest
release backwards, so a page fetches one row more than it shows to know
whether an older page exists, and the cost stays that of one page.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

PER_PAGE = 20
MAX_PAGE = 10_000


@dataclass
class Page:
    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def page_number(raw: str | None) -> int:
    """The page asked for; 404 (with a friendly page) for anything but a whole number from 1."""
    if raw is None or raw == "":
        return 1
    # Length first: a number thousands of digits long must not reach int().
    if len(raw) > len(str(MAX_PAGE)) or not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404(_("There is no such page of press releases."))
    return int(raw)


def paginate(queryset, raw_page: str | None, *, per_page: int = PER_PAGE) -> Page:
    """One page of ``queryset``; a page past the end is a 404, except an empty first page."""
    number = page_number(raw_page)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1:
        raise Http404(_("There is no such page of press releases."))
    return Page(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)
