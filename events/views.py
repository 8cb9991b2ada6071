from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.cache import public_page
from commission.models import Commission
from events import calendar, jsonld, timezones
from events.models import Event
from press.models import PressRelease


@public_page
def event_list(request):
    now = timezone.now()
    events = list(Event.objects.published(now=now).with_times().for_listing())
    upcoming = sorted((e for e in events if e.ends_at > now), key=lambda e: (e.starts_at, e.pk))
    past = sorted((e for e in events if e.ends_at <= now), key=lambda e: (e.starts_at, e.pk), reverse=True)
    return render(request, "events/event_list.html", {"upcoming": upcoming, "past": past, "nav": "events"})


def _published_event(slug):
    queryset = (
        Event.objects.published()
        .select_related("commission")
        .for_listing()
        .prefetch_related(
            Prefetch("related_releases", queryset=PressRelease.objects.published(), to_attr="published_releases")
        )
    )
    return get_object_or_404(queryset, slug=slug)


@public_page
def event_detail(request, slug):
    event = _published_event(slug)
    now = timezone.now()
    ended = event.has_ended(now=now)
    opens, closes = event.registration_opens, event.registration_closes
    context = {
        "event": event,
        "nav": "events",
        "ended": ended,
        "registration_state": event.registration_state(now=now),
        "registration_opens_text": event.local_text(opens) if opens else "",
        "registration_closes_text": event.local_text(closes) if closes else "",
        "calendar_links": [] if ended or event.is_cancelled else calendar.calendar_links(event),
        "json_ld": jsonld.event_data(event),
        "time_style": timezones.time_style(),
    }
    return render(request, "events/event_detail.html", context)


def _ics_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@public_page
def event_calendar(request, slug):
    event = _published_event(slug)
    return _ics_response(calendar.build_calendar([event]), f"{event.slug}.ics", attachment=True)


@public_page
def calendar_feed(request):
    events = Event.objects.published().upcoming().for_listing()
    name = _("Press conferences")
    commission = Commission.objects.current()
    if commission:
        name = f"{name} · {commission.name}"
    return _ics_response(calendar.build_calendar(events, name=name), "press-conferences.ics", attachment=False)
