"""Plain helpers for test data (the fixtures using them are in tests/conftest.py)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commission.models import MediaDocument, MediaImage
from events.models import EventDocument, EventImage
from press.models import ReleaseDocument, ReleaseImage

JOIN_URL = "https://meet.example.org/j/PRIVATE-JOIN-7f3a9c"

ALMATY_AND_LONDON = [("ALMT", "Almaty, Kazakhstan", "Asia/Almaty"), ("", "London, UK", "Europe/London")]


def days_from_today(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A naive wall time ``days`` from today (for events that must be upcoming or past whenever tests run)."""
    return datetime.datetime.combine(timezone.now().date() + datetime.timedelta(days=days), datetime.time(hour, minute))


def attach_sample_media(release, event, make_png):
    """Give ``release`` and ``event`` two library images (the second the release's share image) and a PDF,
    make the first image the commission's share image and the release's first quoted person a speaker at
    ``event``. Returns that person."""
    images = [MediaImage.objects.create(
        file=make_png(1800, 1200), title=f"Commissioners {n}", caption="The commissioners in Almaty.",
        credit="Jane Smith / Commission", licence="CC BY 4.0",
        licence_url="https://creativecommons.org/licenses/by/4.0/",
        alt_text="Five people stand in front of a white building.", taken_on=datetime.date(2023, 1, 20),
    ) for n in (1, 2)]
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
