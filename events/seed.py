"""The press conference announced in the model press release (17 January 2023).

"We will be holding a press conference on Friday 20 January 2023, which can be
attended in person in Almaty Kazakhstan, or online. 3:30pm ALMT – Almaty,
Kazakhstan; 9.30am GMT – London, UK." It is past, so registration is closed.

Created only when missing, so edits made in admin survive another run. Its
title names what it was about, after the seed release ("Press conference:
Senior British Parliamentarians…"), so that lists, feeds and calendars say more
than "Press conference"; a seed event still under the first seed's bare title
is given it, and any other title (a press officer's) is left alone.

With ``sample=True`` (``load_seed --sample``, run by ``make run``) it also adds
an upcoming sample press conference with three seats, so that a newcomer can
register, confirm from the email printed on the console, and cancel.
"""

import datetime

from django.utils import timezone

from commission.models import Commission, Person
from events import seed_versions, translations
from events.models import DisplayZone, Event, Slot
from press.models import PressRelease
from press.seed import TITLE as RELEASE_TITLE

EVENT_SLUG = "press-conference-2023-01-20"
RELEASE_SLUG = "parliamentarians-blocked-from-meeting-officials-and-mamay"
EVENT_TITLE = f"Press conference: {RELEASE_TITLE}"
OLD_EVENT_TITLE = "Press conference"  # what the first seed called it: replaced, as nobody chose it

SUMMARY = (
    "We will be holding a press conference on Friday 20 January 2023, which can be attended in person in "
    "Almaty, Kazakhstan, or online."
)
DESCRIPTION = (
    "The Commission’s senior British parliamentarians speak about their week in Kazakhstan: the official "
    "meetings in Astana cancelled at short notice, the court’s withdrawal of permission to meet Zhanbolat "
    "Mamay, and the evidence gathered from civil society and witnesses to the events of January 2022."
)


# The seed's English that its Russian and Kazakh versions translate: the words and venue, and the display zones'
# places (Almaty's zone first).
ENGLISH = {"title": EVENT_TITLE, "summary": SUMMARY, "description": DESCRIPTION, "venue_city": "Almaty",
           "venue_country": "Kazakhstan"}
PLACES = ("Almaty, Kazakhstan", "London, UK")

SAMPLE_SLUG = "sample-press-conference"
SAMPLE_DAYS_AHEAD = 14


def load(report, *, sample: bool = False, **options) -> Event | None:
    """Create the seed press conference where missing, linked to the seed release if that exists."""
    commission = Commission.objects.current()
    if commission is None:
        return None
    if sample:
        load_sample(report, commission)
    event, created = Event.objects.get_or_create(
        slug=EVENT_SLUG,
        defaults={
            **ENGLISH,
            "commission": commission,
            "status": Event.Status.PUBLISHED,
            "publish_at": datetime.datetime(2023, 1, 17, 9, 0, tzinfo=datetime.UTC),
            "attendance": Event.Attendance.MIXED,
            "timezone": "Asia/Almaty",
            "in_person_capacity": 60,
        },
    )
    if not created and event.title == OLD_EVENT_TITLE:
        event.title = EVENT_TITLE
        event.save(update_fields=["title", "updated_at"])
        report("press conference", f"{event.title}, 20 January 2023", False, updated=True)
    else:
        report("press conference", f"{event.title}, 20 January 2023", created)
    if created:
        Slot.objects.create(
            event=event,
            start_date=datetime.date(2023, 1, 20),
            start_time=datetime.time(15, 30),
            end_time=datetime.time(16, 30),
            timezone="Asia/Almaty",
        )
        # tzdata has no letters for Almaty ("+06" in 2023, "+05" since March 2024), so the release's ALMT is a fixed
        # label. London is left to tzdata, which says GMT in January and BST in summer.
        DisplayZone.objects.create(event=event, order=1, label="ALMT", place=PLACES[0], timezone="Asia/Almaty")
        DisplayZone.objects.create(event=event, order=2, label="", place=PLACES[1], timezone="Europe/London")
    release = PressRelease.objects.filter(slug=RELEASE_SLUG).first()
    if release is not None and not event.related_releases.filter(pk=release.pk).exists():
        event.related_releases.add(release)  # additive: a link never overwrites an edit
    # Russian and Kazakh, where missing: written from this file's English, whatever a press officer has changed since.
    seed_versions.load(report, event, written_from=translations.written_from(Event(**ENGLISH), PLACES),
                       written_at=event.publish_at)
    return event


def load_sample(report, commission: Commission) -> Event:
    """An upcoming sample press conference, plainly marked as one. Recreated once it has ended."""
    event = Event.objects.filter(slug=SAMPLE_SLUG).prefetch_related("slots").first()
    if event is not None and event.has_ended():
        event.delete()  # a past sample is no use for trying registration
        event = None
    if event is not None:
        report("sample press conference", event.title, False)
        return event
    now = timezone.now()
    day = now.date() + datetime.timedelta(days=SAMPLE_DAYS_AHEAD)
    event = Event.objects.create(
        slug=SAMPLE_SLUG,
        commission=commission,
        title="SAMPLE – Press conference for trying registration",
        summary=(
            "A sample, not a real press conference: added by load_seed --sample so that you can register, "
            "confirm from the email printed on the console, and cancel. Three seats in the room, so the "
            "waitlist is easy to reach."
        ),
        description="This sample exists on development machines only. Delete it in the admin at any time.",
        status=Event.Status.PUBLISHED,
        publish_at=now,
        attendance=Event.Attendance.MIXED,
        timezone="Europe/London",
        venue_name="Sample venue",
        venue_address="1 Example Street",
        venue_city="London",
        venue_country="United Kingdom",
        online_platform="Zoom",
        join_url="https://meet.example.org/j/sample-press-conference",
        in_person_capacity=3,
    )
    Slot.objects.create(event=event, start_date=day, start_time=datetime.time(10, 0), end_time=datetime.time(11, 0),
                        timezone="Europe/London")
    DisplayZone.objects.create(event=event, order=1, label="", place="London, UK", timezone="Europe/London")
    DisplayZone.objects.create(event=event, order=2, label="ALMT", place="Almaty, Kazakhstan",
                               timezone="Asia/Almaty")
    # Speakers to look at: the commission's chair and its lawyer, both people of the seed.
    event.speakers.set(Person.objects.filter(slug__in=["lord-macdonald", "tayab-ali"]))
    report("sample press conference", f"{event.title}, {day:%d %B %Y}", True)
    seed_versions.load_sample(event)  # to try signing up in Russian and Kazakh too
    return event
