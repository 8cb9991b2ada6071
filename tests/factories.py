"""Test data: plain functions, one per model, each making a valid object with numbered defaults that any keyword
overrides. One counter numbers everything, so names and slugs never collide within a test database, whichever
tests made data before. The fixtures in tests/conftest.py hand these functions to tests."""

import datetime
import itertools
from io import BytesIO

from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from commission.models import Commission, MediaDocument, MediaImage, Membership, Person
from events import translations as event_translations
from events.models import (
    DisplayZone,
    DisplayZoneTranslation,
    Event,
    EventDocument,
    EventImage,
    EventTranslation,
    Registration,
    Slot,
)
from press import translations as release_translations
from press.models import (
    Accreditation,
    AlertSubscription,
    PressRelease,
    Quote,
    QuoteTranslation,
    ReleaseDocument,
    ReleaseImage,
    ReleaseTranslation,
    Topic,
)

JOIN_URL = "https://meet.example.org/j/PRIVATE-JOIN-7f3a9c"

# What a journalist types into a press conference's sign-up form.
SIGN_UP_FORM = {"name": "Ann Reporter", "email": "ann@example.org", "organisation": "The Paper", "role": "journalist",
                "attendance": "in_person", "accessibility_needs": "", "consent": "on"}

# The accreditation request form and what a journalist types into it.
ACCREDITATION_URL = "/press/accreditation/"
ACCREDITATION_FORM = {
    "name": "Ann Reporter", "email": "Ann@Example.org", "outlet": "Daily Planet", "role": "staff",
    "country": "Kazakhstan", "languages": "English, Kazakh", "press_card": "PC-123", "work_url": "",
    "phone": "", "consent": "on", "website": "",
}

# The email alerts subscription form and what a visitor types into it.
ALERTS_URL = "/press/alerts/"
ALERTS_FORM = {"email": "Ann@Example.org", "scope": "all", "website": ""}

# A media library image's fields as typed into its add form.
IMAGE_FIELDS = {
    "title": "The commissioners in Almaty",
    "alt_text": "Five people stand in front of a white building.",
    "caption": "The commissioners before the first hearing.",
    "credit": "Jane Smith / Commission",
    "licence": "CC BY 4.0",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    "taken_on": "2026-01-20",
}

ALMATY_AND_LONDON = [("ALMT", "Almaty, Kazakhstan", "Asia/Almaty"), ("", "London, UK", "Europe/London")]

_numbers = itertools.count(1)


def days_from_today(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A naive wall time ``days`` from today (for events that must be upcoming or past whenever tests run)."""
    return datetime.datetime.combine(timezone.now().date() + datetime.timedelta(days=days), datetime.time(hour, minute))


GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_metadata(width=2000, height=1000, *, orientation=1, name="photo.jpg") -> SimpleUploadedFile:
    """A JPEG as a camera writes it: EXIF with a GPS position, a camera model, an orientation, a colour profile."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Camera X100"  # Model
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 57.0, 0.0)})
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif, icc_profile=b"\0" * 128 + b"profile", comment=b"secret")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_png(width=8, height=6, color=(20, 54, 93), name="picture.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_commission(**fields) -> Commission:
    defaults = {"name": "Inquiry Commission", "slug": "inquiry-commission",
                "short_description": "An independent inquiry."}
    return Commission.objects.create(**{**defaults, **fields})


def make_person(**fields) -> Person:
    n = next(_numbers)
    defaults = {"full_name": f"Person {n} KC", "short_name": f"Person {n}", "slug": f"person-{n}"}
    return Person.objects.create(**{**defaults, **fields})


def make_member(commission, role=Membership.Role.CO_COMMISSIONER, **person_fields) -> Person:
    person = make_person(**person_fields)
    Membership.objects.create(commission=commission, person=person, role=role, order=next(_numbers))
    return person


def make_topic(name=None, **fields) -> Topic:
    n = next(_numbers)
    name = name or f"Topic {n}"
    return Topic.objects.create(name=name, slug=fields.pop("slug", f"topic-{n}"), **fields)


def make_release(*, topics=(), quotes=(), **fields) -> PressRelease:
    n = next(_numbers)
    defaults = {
        "title": f"Release number {n}",
        "slug": f"release-{n}",
        "standfirst": f"Standfirst of release {n}.",
        "body": f"Body of release {n}.",
        "status": PressRelease.Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(hours=1),
    }
    release = PressRelease.objects.create(**{**defaults, **fields})
    if topics:
        release.topics.set(topics)
    for order, (speaker, text) in enumerate(quotes, start=1):
        Quote.objects.create(release=release, speaker=speaker, text=text, order=order)
    return release


def make_subscription(*, topics=(), **fields) -> AlertSubscription:
    """A confirmed email-alert subscription to every release (an hour old), unless told otherwise; ``topics``
    makes it one to those topics only."""
    n = next(_numbers)
    now = timezone.now()
    defaults = {"email": f"subscriber{n}@example.org", "status": AlertSubscription.Status.CONFIRMED,
                "created_at": now - datetime.timedelta(hours=1), "confirmed_at": now - datetime.timedelta(hours=1),
                "all_releases": not topics}
    subscription = AlertSubscription.objects.create(**{**defaults, **fields})
    if topics:
        subscription.topics.set(topics)
    return subscription


def make_release_version(release, language="ru", *, quotes=None, **fields) -> ReleaseTranslation:
    """A ready version of ``release`` written against its English of now; ``quotes``: the words of its quotes in
    order (by default each quote's English words with the language code in front)."""
    n = next(_numbers)
    defaults = {
        "title": f"{language} title {n}",
        "slug": f"{language}-release-{n}",
        "standfirst": f"{language} standfirst {n}.",
        "body": f"{language} body {n}.",
        "ready": True,
    }
    version = release_translations.mark_written(ReleaseTranslation(release=release, language=language, **{**defaults, **fields}))
    version.save()
    release_quotes = list(release.quotes.all())
    texts = quotes if quotes is not None else [f"{language}: {quote.text}" for quote in release_quotes]
    for quote, text in zip(release_quotes, texts, strict=False):
        QuoteTranslation.objects.create(version=version, quote=quote, text=text)
    return version


def make_event(commission, *, slots=None, zone="Asia/Almaty", display_zones=ALMATY_AND_LONDON, **fields) -> Event:
    """A published mixed-attendance press conference; by default one slot ten days ahead, shown in two zones."""
    n = next(_numbers)
    defaults = {
        "commission": commission,
        "title": f"Press conference {n}",
        "slug": f"press-conference-{n}",
        "summary": f"Summary {n}.",
        "status": Event.Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=1),
        "attendance": Event.Attendance.MIXED,
        "timezone": zone,
        "venue_name": "Hotel Kazakhstan",
        "venue_address": "Dostyk Avenue 52",
        "venue_city": "Almaty",
        "venue_country": "Kazakhstan",
        "online_platform": "Zoom",
        "join_url": JOIN_URL,
        "in_person_capacity": 50,
    }
    event = Event.objects.create(**{**defaults, **fields})
    if slots is None:
        slots = [(days_from_today(10, 15, 30), days_from_today(10, 16, 30))]
    for spec in slots:
        start, end, *rest = spec
        extra = rest[0] if rest else {}
        Slot.objects.create(
            event=event, start_date=start.date(), start_time=start.time(), end_date=end.date(),
            end_time=end.time(), **extra,
        )
    for order, (label, place, zone_name) in enumerate(display_zones):
        DisplayZone.objects.create(event=event, label=label, place=place, timezone=zone_name, order=order)
    return event


def make_event_version(event, language="ru", *, places=None, **fields) -> EventTranslation:
    """A ready version of ``event`` written against its English of now; ``places``: its display zones' place
    names in order (by default each English name with the language code in front)."""
    n = next(_numbers)
    defaults = {
        "title": f"{language} press conference {n}",
        "slug": f"{language}-press-conference-{n}",
        "summary": f"{language} summary {n}.",
        "ready": True,
    }
    version = event_translations.mark_written(EventTranslation(event=event, language=language,
                                                               **{**defaults, **fields}))
    version.save()
    zones = list(event.display_zones.all())
    names = places if places is not None else [f"{language}: {zone.place}" for zone in zones]
    for zone, place in zip(zones, names, strict=False):
        DisplayZoneTranslation.objects.create(version=version, zone=zone, place=place)
    return version


def make_registration(event, **fields) -> Registration:
    """A registration written directly (no email, no capacity rule): for arranging a state. Confirmed and
    waitlisted ones are confirmed in the order they are made, even with the clock stopped."""
    n = next(_numbers)
    now = timezone.now()
    defaults = {
        "name": f"Registrant {n}",
        "email": f"registrant{n}@example.org",
        "organisation": f"Outlet {n}",
        "role": Registration.Role.JOURNALIST,
        "attendance": Registration.Attendance.IN_PERSON,
        "consented_at": now,
        "status": Registration.Status.PENDING,
    }
    fields = {**defaults, **fields}
    if fields["status"] in {Registration.Status.CONFIRMED, Registration.Status.WAITLISTED}:
        fields.setdefault("confirmed_at", now - datetime.timedelta(minutes=100) + datetime.timedelta(milliseconds=n))
    return Registration.objects.create(event=event, **fields)


def make_staff_user(username, codenames=(), **fields) -> User:
    """A staff user (not a superuser) with the given ``app_label.codename`` permissions."""
    user = User.objects.create_user(username, f"{username}@example.org", "a-long-test-password", is_staff=True,
                                    **fields)
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def make_image(title="Commissioners", width=640, height=360, **fields) -> MediaImage:
    """A media library image ``width`` by ``height``, described as the add form's ``IMAGE_FIELDS`` (without a date
    taken). By default just large enough to be a share image (``SHARE_IMAGE_MIN`` in commission/admin.py): each
    image costs its web copies, so a test that reads the widest (1600 px) asks for a picture that wide."""
    defaults = {**IMAGE_FIELDS, "title": title, "taken_on": None}
    return MediaImage.objects.create(file=make_png(width, height, name=f"{title}.png"), **{**defaults, **fields})


def attach_sample_media(release, event):
    """Give ``release`` and ``event`` two library images (the second the release's share image) and a PDF,
    make the first image the commission's share image and the release's first quoted person a speaker at
    ``event``. Returns that person."""
    images = [make_image(f"Commissioners {n}", 1600, 1000, caption="The commissioners in Almaty.",
                         taken_on=datetime.date(2023, 1, 20)) for n in (1, 2)]
    document = MediaDocument.objects.create(title="Interim report", description="The first findings.",
                                            file=SimpleUploadedFile("report.pdf", b"%PDF-1.7\n" + b"0" * 3000))
    release.commission.share_image = images[0]
    release.commission.save()
    for order, image in enumerate(images):
        ReleaseImage.objects.create(release=release, image=image, order=order, is_share_image=order == 1)
        EventImage.objects.create(event=event, image=image, order=order)
    ReleaseDocument.objects.create(release=release, document=document)
    EventDocument.objects.create(event=event, document=document)
    speaker = release.quotes.first().speaker
    event.speakers.add(speaker)
    return speaker


def add_after_the_event_materials(event):
    """What the office publishes after a press conference: a recording link, a statement and a transcript."""
    event.recording_url = "https://video.example.org/watch/press-conference"
    event.statement = "The commission **welcomes** the questions asked.\n\n- Findings in March\n- Hearings in May"
    event.transcript = "# Opening remarks\n\nChair: Good afternoon.\n\n# Questions\n\nReporter: When is the report due?"
    event.save()
    return event


def make_journalist(*, beats=(), **fields) -> Accreditation:
    """An accredited journalist (an approved accreditation request)."""
    n = next(_numbers)
    defaults = {"name": f"Journalist {n}", "email": f"journalist{n}@example.org", "outlet": "Daily Planet",
                "role": Accreditation.Role.STAFF, "country": "Kazakhstan", "languages": "English",
                "press_card": f"PC-{n}", "consented_at": timezone.now(), "status": Accreditation.Status.APPROVED}
    journalist = Accreditation.objects.create(**{**defaults, **fields})
    journalist.beats.set(beats)
    return journalist
