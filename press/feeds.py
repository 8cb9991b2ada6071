"""RSS 2.0 and Atom feeds of published releases, newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from commission.cache import current_commission
from commission.links import absolute_url
from press.models import PressRelease

FEED_LENGTH = 20


class LatestReleasesFeed(Feed):
    """Links use ``SITE_URL``, like the canonical links on the pages, whatever host the request came to."""

    def get_object(self, request, *args, **kwargs):
        return current_commission()

    def title(self, commission):
        name = commission.name if commission else _("Press office")
        return _("Press releases · %(name)s") % {"name": name}

    def link(self):
        return absolute_url(reverse("press:list"))

    def feed_url(self):
        return absolute_url(reverse("press:feed-rss"))

    def description(self, commission):
        return commission.short_description if commission else _("Press releases")

    def author_name(self, commission):
        return commission.name if commission else None

    def items(self):
        return PressRelease.objects.published().newest_first().with_topics()[:FEED_LENGTH]

    def item_title(self, release):
        return release.title

    def item_description(self, release):
        return release.standfirst

    def item_link(self, release):
        return absolute_url(release.get_absolute_url())

    def item_guid(self, release):
        return absolute_url(release.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, release):
        return release.publish_at

    def item_updateddate(self, release):
        return release.modified_at

    def item_categories(self, release):
        return [topic.name for topic in release.topic_list]


class LatestReleasesAtomFeed(LatestReleasesFeed):
    feed_type = Atom1Feed

    def feed_url(self):
        return absolute_url(reverse("press:feed-atom"))

    def subtitle(self, commission):
        return self.description(commission)
