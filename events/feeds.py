from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from commission.web import times
from commission.web.feeds import SiteUrlFeed
from events import translations
from events.models import Event
from press import markup


class EventFeed(SiteUrlFeed):
    """Newly published press conferences (RSS). Public fields only: never the join link."""

    page_url_name = "events:list"
    feed_url_name = "events:feed"

    title = _("Press conferences")
    description = _("Press conferences announced by the press office, with their times in every relevant zone.")

    def items(self):
        # In Russian or Kazakh (/ru/events/feed/): the press conferences with a ready version, in its words.
        events = translations.published_in().for_listing().order_by("-publish_at", "-pk")[:20]
        return translations.localise(translations.in_language(events))

    def item_title(self, event):
        prefix = "" if event.event_status == Event.EventStatus.SCHEDULED else f"{event.get_event_status_display()}: "
        return f"{prefix}{event.title}"

    def item_description(self, event):
        # Feed readers treat the description as HTML: escape the text, then break the lines.
        lines = [event.summary]
        for slot in event.slots.all():
            lines.append(times.format_date(slot.start_local))
            lines.extend(zone_time.text for zone_time in slot.zone_times())
        html = "<br>".join(escape(line) for line in lines)
        materials = event.materials()
        if "recording_url" in materials:
            url = escape(materials["recording_url"])
            html += f'<p>{escape(_("Recording:"))} <a href="{url}">{url}</a></p>'
        if "statement" in materials:
            html += f"<h2>{escape(_('Statement'))}</h2>{markup.render(materials['statement'], top_level=3)}"
        return html

    def item_pubdate(self, event):
        return event.publish_at

    def item_updateddate(self, event):
        return event.updated_at
