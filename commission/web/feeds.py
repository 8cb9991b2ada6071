import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse

from commission.web.languages import content_language, is_default_language
from commission.web.links import absolute_url


def entry_id(item) -> str:
    """``item``'s id in a feed (RSS ``<guid>``, Atom ``<id>``): a ``tag:`` URI (RFC 4151) of the site's host, the
    day ``item`` was created and its model and primary key, none of which an edit changes. An id built from its
    address would change with its slug, and every feed reader would show it again as new. Its version in
    another language is another entry, as it has another address: ``…/ru``.

    ``tag:press.example.org,2026-03-05:press.pressrelease/12``, ``…:press.pressrelease/12/ru``.
    """
    host = urlsplit(settings.SITE_URL).hostname
    day = item.created_at.astimezone(datetime.UTC).date().isoformat()
    specific = f"{item._meta.label_lower}/{item.pk}"
    language = content_language(item)
    if not is_default_language(language):
        specific += f"/{language}"
    return f"tag:{host},{day}:{specific}"


class SiteUrlFeed(Feed):
    """A feed whose every address is on ``SITE_URL``, like canonical links and the sitemap.

    Django's Feed would put the host the request came to in front of relative links, and the
    page cache would hand that host to every later reader. Subclasses name the page the feed
    follows (``page_url_name``) and the feed itself (``feed_url_name``). Each entry keeps one id
    for good (``entry_id``: its items need ``created_at``), whatever its slug becomes.
    """

    page_url_name: str
    feed_url_name: str
    item_guid_is_permalink = False  # the guid is an id, not the address: that is the <link>

    def link(self):
        return absolute_url(reverse(self.page_url_name))

    def feed_url(self):
        return absolute_url(reverse(self.feed_url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return entry_id(item)
