from django.contrib.syndication.views import Feed
from django.urls import reverse

from commission.web.links import absolute_url


class SiteUrlFeed(Feed):
    """A feed whose every address is on ``SITE_URL``, like canonical links and the sitemap.

    Django's Feed would put the host the request came to in front of relative links, and the
    page cache would hand that host to every later reader. Subclasses name the page the feed
    follows (``page_url_name``) and the feed itself (``feed_url_name``).
    """

    page_url_name: str
    feed_url_name: str

    def link(self):
        return absolute_url(reverse(self.page_url_name))

    def feed_url(self):
        return absolute_url(reverse(self.feed_url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())
