"""RSS 2.0 and Atom feeds of published releases, newest first, in each language: /ru/press/feed/rss/ lists the
releases with a ready Russian version, in their Russian words and at their Russian addresses."""

from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from commission.current import current_commission
from commission.web.feeds import SiteUrlFeed
from commission.web.localised import text_in
from press import translations

FEED_LENGTH = 20


class LatestReleasesFeed(SiteUrlFeed):
    page_url_name = "press:list"
    feed_url_name = "press:feed-rss"

    def get_object(self, request, *args, **kwargs):
        return current_commission(request)

    def title(self, commission):
        name = text_in(commission, "name") if commission else _("Press office")
        return _("Press releases · %(name)s") % {"name": name}

    def description(self, commission):
        return text_in(commission, "short_description") if commission else _("Press releases")

    def author_name(self, commission):
        return text_in(commission, "name") if commission else None

    def items(self):
        return translations.localise(translations.for_list(translations.published_in())[:FEED_LENGTH])

    def item_title(self, release):
        return release.title

    def item_description(self, release):
        return release.standfirst

    def item_pubdate(self, release):
        return release.publish_at

    def item_updateddate(self, release):
        """The English's last change, or the version's words', whichever is later: a Russian or Kazakh feed
        changes (its ``<updated>``, its ``Last-Modified``) when a version is written."""
        written = getattr(release, "version_written_at", None)
        return max(release.modified_at, written) if written else release.modified_at

    def item_categories(self, release):
        return [text_in(topic, "name") for topic in release.topic_list]


class LatestReleasesAtomFeed(LatestReleasesFeed):
    feed_type = Atom1Feed
    feed_url_name = "press:feed-atom"

    def subtitle(self, commission):
        return self.description(commission)
