import datetime
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Exists, F, Max, Min, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone as django_tz
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from commission.models import VERSION_LANGUAGES, Attachment, LanguageVersion
from commission.web import times
from commission.web.addresses import normalise_email, validate_email_address
from commission.web.text import validate_single_line, validate_text
from events import timezones
from events.fields import TimeZoneField


def language_choices():
    return settings.LANGUAGES


def default_zone_name():
    return settings.TIME_ZONE


class EventQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """What the public may see: published, its publication time has come, and it has a time.
        ``Event.is_published`` is this rule for one loaded event; a test keeps the two in step."""
        now = now or django_tz.now()
        return self.filter(
            Exists(Slot.objects.filter(event=OuterRef("pk"))),
            status=Event.Status.PUBLISHED,
            publish_at__lte=now,
        )

    def with_times(self):
        """Annotate ``starts_at`` (first slot's start) and ``ends_at`` (last slot's end), both UTC."""
        return self.annotate(starts_at=Min("slots__start_utc"), ends_at=Max("slots__end_utc"))

    def upcoming(self, *, now=None):
        """Not yet ended, soonest first."""
        now = now or django_tz.now()
        return self.with_times().filter(ends_at__gt=now).order_by("starts_at", "pk")

    def ended(self, *, now=None):
        """Ended by ``now``: its last slot is over (one without a slot has not ended, nor is it upcoming)."""
        return self.with_times().filter(ends_at__lte=now or django_tz.now())

    def for_listing(self):
        """Everything a list of events renders, in a fixed number of queries."""
        return self.prefetch_related("slots", "display_zones")

    def load_with_schedule(self) -> list["Event"]:
        """These events as a list, soonest first, each with its slots and display zones loaded.

        Ends the chain (it runs ``for_listing()``'s three queries: events, slots, zones) and orders by the
        first slot's start, whatever this queryset's own ordering; its filters and slice are kept. An event
        without a slot is left out (it has no time to show).
        """
        def first_slot(event):
            return next(iter(event.slots.all()), None)  # slots come in start order

        events = [event for event in self.for_listing() if first_slot(event) is not None]
        return sorted(events, key=lambda event: (first_slot(event).start_utc, first_slot(event).pk))

    def next_change_after(self, now):
        """The next instant a public page about events changes by itself: an event going public,
        starting or ending (lists, "has ended"), or a registration window opening or closing."""
        published = self.filter(status=Event.Status.PUBLISHED)
        # Two queries, each taking every minimum at once.
        events = published.aggregate(
            publish=Min("publish_at", filter=Q(publish_at__gt=now)),
            opens=Min("registration_opens_at", filter=Q(registration_opens_at__gt=now)),
            closes=Min("registration_closes_at", filter=Q(registration_closes_at__gt=now)),
        )
        slots = Slot.objects.filter(event__in=published).aggregate(
            start=Min("start_utc", filter=Q(start_utc__gt=now)),
            end=Min("end_utc", filter=Q(end_utc__gt=now)),
        )
        instants = [*events.values(), *slots.values()]
        return min((at for at in instants if at is not None), default=None)


class Event(models.Model):
    """A press conference: one or more slots, shown in several time zones, in person and/or online."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class EventStatus(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("press conference status", "Scheduled")
        POSTPONED = "postponed", _("Postponed")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        MOVED_ONLINE = "moved_online", _("Moved online")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        MIXED = "mixed", _("In person and online")

    class RegistrationState(models.TextChoices):
        NOT_YET_OPEN = "not_yet_open", _("Registration not yet open")
        OPEN = "open", _("Registration is open")
        CLOSED = "closed", _("Registration closed")
        ENDED = "ended", _("This press conference has ended")

    commission = models.ForeignKey(
        "commission.Commission", on_delete=models.PROTECT, related_name="events", verbose_name=_("commission")
    )
    # Every text below that reaches an email header or a calendar property refuses control characters.
    title = models.CharField(_("title"), max_length=250, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences, shown in lists and calendars."),
        validators=[validate_text],
    )
    description = models.TextField(
        _("description"), max_length=20000, blank=True, help_text=_("Markdown, as in press release bodies.")
    )
    related_releases = models.ManyToManyField(
        "press.PressRelease", related_name="events", blank=True, verbose_name=_("related press releases")
    )
    speakers = models.ManyToManyField(
        "commission.Person", related_name="events_speaking", blank=True, verbose_name=_("speakers")
    )

    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True,
        help_text=_("Hidden from the public until then. Empty when publishing means now."),
    )
    event_status = models.CharField(
        _("event status"), max_length=20, choices=EventStatus, default=EventStatus.SCHEDULED,
        help_text=_("Shown prominently on the page. A change is recorded and sent to calendars."),
    )
    status_note = models.CharField(
        _("status note"), max_length=300, blank=True, validators=[validate_single_line],
        help_text=_("Optional explanation shown with the event status, e.g. why it was postponed."),
    )

    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance, default=Attendance.IN_PERSON)
    timezone = TimeZoneField(
        _("time zone"), default=default_zone_name,
        help_text=_("The venue's time zone; slots without a zone of their own use it."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True, validators=[validate_single_line])
    venue_address = models.TextField(_("address"), max_length=500, blank=True, validators=[validate_text])
    venue_city = models.CharField(_("city"), max_length=100, blank=True, validators=[validate_single_line])
    venue_country = models.CharField(_("country"), max_length=100, blank=True, validators=[validate_single_line])
    online_platform = models.CharField(
        _("online platform"), max_length=100, blank=True, help_text=_("For example Zoom or Microsoft Teams."),
        validators=[validate_single_line],
    )
    join_url = models.URLField(
        _("join link"), max_length=500, blank=True,
        help_text=_("Private: only confirmed registrants ever receive it. Never shown on public pages."),
    )

    in_person_capacity = models.PositiveIntegerField(
        _("in-person seats"), null=True, blank=True,
        help_text=_("Required when the event is attended in person. Confirmations beyond it join the waitlist."),
    )
    online_capacity = models.PositiveIntegerField(
        _("online places"), null=True, blank=True,
        help_text=_("Empty: no limit on online attendees."),
    )

    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: when the event is published.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when the first slot starts.")
    )

    # After the press conference: may be written in advance, shown only once it has ended.
    recording_url = models.URLField(
        _("recording"), max_length=500, blank=True,
        validators=[URLValidator(schemes=["https"], message=_("Enter an address that starts with https://."))],
        help_text=_("Link to the recording (https:// only), e.g. on the commission's video channel."),
    )
    statement = models.TextField(
        _("statement"), max_length=20000, blank=True,
        help_text=_("The commission's statement, Markdown as in press release bodies."),
    )
    transcript = models.TextField(
        _("transcript"), max_length=200000, blank=True, help_text=_("Markdown, as in press release bodies."),
    )

    revision = models.PositiveIntegerField(
        _("revision"), default=0, editable=False,
        help_text=_("Bumped by every recorded change; the calendar files' SEQUENCE."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("press conference")
        verbose_name_plural = _("press conferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False), name="event_published_has_time"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = django_tz.now()
        if self.offers_in_person and not (self.venue_city.strip() and self.venue_country.strip()):
            for field in ("venue_city", "venue_country"):
                if not getattr(self, field).strip():
                    errors[field] = ValidationError(
                        _("An event attended in person needs a city and a country."), code="venue_required"
                    )
        if self.attendance in {self.Attendance.IN_PERSON, self.Attendance.MIXED} and self.in_person_capacity is None:
            errors["in_person_capacity"] = ValidationError(
                _("How many seats does the room have? An event attended in person needs a number of seats."),
                code="capacity_required",
            )
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = ValidationError(
                _("Registration must close after it opens."), code="registration_window"
            )
        # A version's slug wins over an English one under /ru/ and /kk/: shared, it would show the wrong event.
        if self.slug and EventTranslation.objects.filter(slug=self.slug).exclude(event_id=self.pk).exists():
            errors["slug"] = ValidationError(
                _("A language version of another press conference has this address: choose another."),
                code="slug_taken",
            )
        if errors:
            raise ValidationError(errors)

    # Attendance. "Moved online" overrides what was planned.
    @property
    def effective_attendance(self) -> str:
        if self.event_status == self.EventStatus.MOVED_ONLINE:
            return self.Attendance.ONLINE
        return self.attendance

    @property
    def offers_in_person(self) -> bool:
        return self.effective_attendance in {self.Attendance.IN_PERSON, self.Attendance.MIXED}

    @property
    def offers_online(self) -> bool:
        return self.effective_attendance in {self.Attendance.ONLINE, self.Attendance.MIXED}

    @property
    def attendance_modes(self) -> list[str]:
        """``["in_person", "online"]`` or a part of it: the ``Registration.Attendance`` modes people can use."""
        modes = ((Registration.Attendance.IN_PERSON, self.offers_in_person),
                 (Registration.Attendance.ONLINE, self.offers_online))
        return [mode for mode, offered in modes if offered]

    @property
    def online_label(self) -> str:
        """``Online (Zoom)``, or ``Online`` without a platform: the online mode wherever it is named."""
        if self.online_platform:
            return _("Online (%(platform)s)") % {"platform": self.online_platform}
        return str(_("Online"))

    @property
    def venue(self) -> str:
        """``Venue, street, City, Country``: where to go in person (public)."""
        address = " ".join(self.venue_address.split())
        return ", ".join(part for part in (self.venue_name, address, self.venue_city, self.venue_country)
                         if part.strip())

    @property
    def location(self) -> str:
        """``Venue, street, City, Country`` and/or ``Online (Zoom)``: how to attend, for a calendar entry or an
        email; never the join link."""
        return " / ".join(part for part in (self.venue if self.offers_in_person else "",
                                            self.online_label if self.offers_online else "") if part)

    @property
    def is_cancelled(self) -> bool:
        return self.event_status == self.EventStatus.CANCELLED

    def is_published(self, *, now=None) -> bool:
        """``EventQuerySet.published()`` for this event as loaded (its slots included), without a query."""
        now = now or django_tz.now()
        return (self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at <= now
                and bool(self._slots()))

    # Times, from the slots (prefetched in lists, ordered by start).
    def _slots(self) -> list["Slot"]:
        return list(self.slots.all())

    @property
    def first_start(self) -> datetime.datetime | None:
        slots = self._slots()
        return min(slot.start_utc for slot in slots) if slots else None

    @property
    def last_end(self) -> datetime.datetime | None:
        slots = self._slots()
        return max(slot.end_utc for slot in slots) if slots else None

    def has_ended(self, *, now=None) -> bool:
        last_end = self.last_end
        return last_end is not None and last_end <= (now or django_tz.now())

    def materials(self, *, now=None) -> dict[str, str]:
        """What the office published after the press conference (recording link, statement, transcript),
        those filled in; nothing before it has ended, whatever was prepared."""
        if not self.has_ended(now=now):
            return {}
        found = {"recording_url": self.recording_url, "statement": self.statement, "transcript": self.transcript}
        return {name: value for name, value in found.items() if value.strip()}

    def display_zone_list(self) -> list["DisplayZone"]:
        """The zones to show times in; without any, the event's own zone at its venue."""
        zones = list(self.display_zones.all())
        if zones:
            return zones
        place = ", ".join(part for part in (self.venue_city, self.venue_country) if part.strip())
        return [DisplayZone(event=self, label="", place=place, timezone=self.timezone)]

    def zones_text(self, instant: datetime.datetime, *, day: datetime.date | None = None) -> str:
        """``Friday 18 January 2030, 3:30pm ALMT – Almaty, Kazakhstan; 10:30am GMT – London, UK``: an instant in
        every display zone on one line, as the pages write times in a sentence. The date is ``day`` (by default
        the first zone's); a zone where it is another day names it after its time."""
        zones = self.display_zone_list()
        day = day or instant.astimezone(timezones.get_zone(zones[0].timezone)).date()
        zone_times = "; ".join(zone_time.text for zone_time in timezones.in_zones(instant, zones, reference_date=day))
        return f"{times.format_date(day)}, {zone_times}"

    # Registration window (the registration itself lives in services).
    @property
    def registration_opens(self) -> datetime.datetime | None:
        return self.registration_opens_at or self.publish_at

    @property
    def registration_closes(self) -> datetime.datetime | None:
        return self.registration_closes_at or self.first_start

    def registration_state(self, *, now=None) -> "Event.RegistrationState":
        now = now or django_tz.now()
        if self.has_ended(now=now):
            return self.RegistrationState.ENDED
        if self.status != self.Status.PUBLISHED:
            return self.RegistrationState.CLOSED  # a draft takes no registrations (its form is not even public)
        if self.event_status in {self.EventStatus.CANCELLED, self.EventStatus.POSTPONED}:
            return self.RegistrationState.CLOSED
        opens, closes = self.registration_opens, self.registration_closes
        if opens is None or now < opens:
            return self.RegistrationState.NOT_YET_OPEN
        if closes is not None and now >= closes:
            return self.RegistrationState.CLOSED
        return self.RegistrationState.OPEN

    @property
    def is_registration_open(self) -> bool:
        return self.registration_state() == self.RegistrationState.OPEN

    def capacity_for(self, attendance: str) -> int | None:
        """Places in a mode; ``None`` means unlimited. In person without a number counts as no seat at all,
        so a missing figure can never overbook the room."""
        if attendance == Registration.Attendance.IN_PERSON:
            return self.in_person_capacity or 0
        return self.online_capacity


class EventImage(Attachment):
    """A library image shown on a press conference's page; the first is its share image."""

    library_field = "image"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="image_attachments")
    image = models.ForeignKey(
        "commission.MediaImage", on_delete=models.PROTECT, related_name="event_attachments", verbose_name=_("image")
    )

    class Meta(Attachment.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class EventDocument(Attachment):
    """A library document (PDF) offered for download on a press conference's page."""

    library_field = "document"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="document_attachments")
    document = models.ForeignKey(
        "commission.MediaDocument", on_delete=models.PROTECT, related_name="event_attachments",
        verbose_name=_("document"),
    )

    class Meta(Attachment.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class Slot(models.Model):
    """When an event happens: a wall-clock start and end in a named zone (the truth) and the UTC instants."""

    class Occurrence(models.IntegerChoices):
        FIRST = 0, _("First occurrence (before the clocks go back)")
        SECOND = 1, _("Second occurrence (after the clocks go back)")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots", verbose_name=_("event"))
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"))
    start_occurrence = models.PositiveSmallIntegerField(
        _("if this start time happens twice"), choices=Occurrence, null=True, blank=True,
        help_text=_("Only needed where the clocks go back and the time happens twice."),
    )
    end_date = models.DateField(_("end date"), blank=True, help_text=_("Empty: the same day as the start."))
    end_time = models.TimeField(_("end time"))
    end_occurrence = models.PositiveSmallIntegerField(
        _("if this end time happens twice"), choices=Occurrence, null=True, blank=True,
    )
    timezone = TimeZoneField(
        _("time zone"), help_text=_("The zone these wall-clock times are in. Empty: the event's time zone.")
    )
    start_utc = models.DateTimeField(_("start (UTC)"), editable=False, db_index=True)
    end_utc = models.DateTimeField(_("end (UTC)"), editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Calendar UID; never changes.")

    class Meta:
        ordering = ["start_utc", "pk"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        constraints = [
            models.CheckConstraint(condition=Q(end_utc__gt=F("start_utc")), name="slot_ends_after_start"),
        ]

    def __str__(self):
        if self.start_date is None or self.start_time is None:
            return str(_("time slot"))
        return self.wall_text(until_end=False)

    def save(self, *args, **kwargs):
        if not self.timezone:
            self.timezone = self.event.timezone
        if self.end_date is None:
            self.end_date = self.start_date
        # Refuses a time that does not exist or is ambiguous: nothing is ever silently shifted.
        self.start_utc, self.end_utc = self.compute_instants()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    @property
    def start_wall(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start_date, self.start_time)

    @property
    def end_wall(self) -> datetime.datetime:
        return datetime.datetime.combine(self.end_date or self.start_date, self.end_time)

    def wall_text(self, *, until_end: bool = True) -> str:
        """``Friday 20 January 2023, 3:30pm–4:30pm Asia/Almaty``: the wall times as entered, in the slot's zone.
        ``until_end=False``: the start only (``Friday 20 January 2023, 3:30pm Asia/Almaty``)."""
        start = self.start_wall
        text = f"{times.format_date(start)}, {times.format_time(start)}"
        if until_end:
            end = self.end_wall
            text += "–"
            if end.date() != start.date():
                text += f"{times.format_date(end)}, "
            text += times.format_time(end)
        return f"{text} {self.timezone}"

    def compute_instants(self) -> tuple[datetime.datetime, datetime.datetime]:
        """UTC start and end from the wall times with the installed tzdata. Raises ``WallTimeError``."""
        return (
            timezones.wall_to_utc(self.start_wall, self.timezone, occurrence=self.start_occurrence),
            timezones.wall_to_utc(self.end_wall, self.timezone, occurrence=self.end_occurrence),
        )

    def clean(self):
        if self.end_date is None:
            self.end_date = self.start_date
        if None in (self.start_date, self.start_time, self.end_time) or not timezones.is_zone_name(self.timezone):
            return  # the field errors say what is missing
        errors = {}
        instants = {}
        for edge in ("start", "end"):
            wall = getattr(self, f"{edge}_wall")
            if not timezones.is_ambiguous(wall, self.timezone):
                setattr(self, f"{edge}_occurrence", None)  # meaningless for a time that happens once
            try:
                instants[edge] = timezones.wall_to_utc(
                    wall, self.timezone, occurrence=getattr(self, f"{edge}_occurrence")
                )
            except timezones.NonexistentTimeError as error:
                errors[f"{edge}_time"] = ValidationError(error.message, code="nonexistent_time")
            except timezones.AmbiguousTimeError as error:
                errors[f"{edge}_occurrence"] = ValidationError(error.message, code="ambiguous_time")
        if len(instants) == 2 and instants["end"] <= instants["start"]:
            errors["end_time"] = ValidationError(_("The end must be after the start."), code="end_before_start")
        if errors:
            raise ValidationError(errors)
        self.start_utc, self.end_utc = instants["start"], instants["end"]

    @property
    def duration(self) -> datetime.timedelta:
        return self.end_utc - self.start_utc

    @property
    def date_text(self) -> str:
        return times.format_date(self.start_date)

    @property
    def duration_text(self) -> str:
        return times.format_duration(self.duration)

    @property
    def start_local(self) -> datetime.datetime:
        return self.start_utc.astimezone(timezones.get_zone(self.timezone))

    @property
    def end_local(self) -> datetime.datetime:
        return self.end_utc.astimezone(timezones.get_zone(self.timezone))

    def zone_times(self, style=None) -> list[timezones.ZoneTime]:
        """This slot's start in every display zone of its event (``3:30pm ALMT – Almaty, Kazakhstan``)."""
        return timezones.in_zones(
            self.start_utc, self.event.display_zone_list(), reference_date=self.start_date, style=style
        )

    def as_removed(self) -> dict:
        """What ``EventChange.removed_slots`` keeps of this slot once it is deleted."""
        return {"uid": str(self.uid), "timezone": self.timezone, "start_date": self.start_date.isoformat(),
                "start_utc": self.start_utc.isoformat(), "end_utc": self.end_utc.isoformat()}

    def schedule_text(self) -> str:
        """The slot on one line, as the pages write it: ``Friday 18 January 2030, 3:30pm ALMT – Almaty,
        Kazakhstan; 10:30am GMT – London, UK (1 hour)``. For change notices, where a time is compared."""
        return f"{self.event.zones_text(self.start_utc, day=self.start_date)} ({self.duration_text})"


class DisplayZone(models.Model):
    """A zone an event's times are shown in, in order: ``ALMT – Almaty, Kazakhstan``."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="display_zones", verbose_name=_("event")
    )
    label = models.CharField(
        _("label"), max_length=6, blank=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9+\-:]{1,6}$",
                message=_("A short abbreviation such as ALMT: up to 6 letters, digits, + or -."),
                code="label_format",
            )
        ],
        help_text=_("Optional, e.g. ALMT. Empty: the zone's own abbreviation for the date (GMT or BST)."),
    )
    place = models.CharField(_("place"), max_length=100, help_text=_("For example Almaty, Kazakhstan."),
                             validators=[validate_single_line])
    timezone = TimeZoneField(_("time zone"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("display time zone")
        verbose_name_plural = _("display time zones")

    def __str__(self):
        return f"{self.label or self.timezone} – {self.place}"


class EventChange(models.Model):
    """A recorded change to a time, the place or the status of an event: what changed, when, which revision."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="changes", verbose_name=_("event"))
    revision = models.PositiveIntegerField(_("revision"))
    what = models.TextField(_("what changed"))
    # The same words in the site's other languages ({"ru": …, "kk": …}), for registrants who signed up in them.
    what_translated = models.JSONField(_("what changed, in the other languages"), default=dict, blank=True)
    # The time slots it removed, as they were (``Slot.as_removed``): registrants' calendars are told to drop them.
    removed_slots = models.JSONField(_("time slots removed"), default=list, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("event change")
        verbose_name_plural = _("event changes")

    def __str__(self):
        return f"{self.event} r{self.revision}: {self.what[:60]}"

    def removed_slot_list(self, event: Event) -> list["Slot"]:
        """The time slots the change removed, as unsaved rows of ``event`` (its own, as shown in an email's
        language): what a calendar cancellation names."""
        return [Slot(event=event, uid=uuid.UUID(row["uid"]), timezone=row["timezone"],
                     start_date=datetime.date.fromisoformat(row["start_date"]),
                     start_utc=datetime.datetime.fromisoformat(row["start_utc"]),
                     end_utc=datetime.datetime.fromisoformat(row["end_utc"]))
                for row in self.removed_slots]

    def what_in(self, language: str) -> str:
        """What changed, written in ``language`` (in English for a change recorded before it was written so)."""
        return self.what_translated.get(language) or self.what


def new_token_nonce() -> str:
    return secrets.token_urlsafe(12)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Holding a place or waiting for one: the people an event change must reach."""
        return self.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])

    def holding_place(self, attendance: str):
        return self.filter(attendance=attendance, status=Registration.Status.CONFIRMED)

    def waitlist(self, attendance: str):
        """Waiting for a place in a mode, first come first served (by the time they confirmed their address)."""
        return self.filter(attendance=attendance, status=Registration.Status.WAITLISTED).order_by(
            "confirmed_at", "pk"
        )

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)


class Registration(models.Model):
    """Someone who asked to attend a press conference, in person or online.

    The life cycle is in ``events/services.py``: pending (until the address is
    confirmed), then confirmed (holds a place) or waitlisted (the mode was
    full), and cancelled. Personal data is anonymised after the retention
    period (``purge_registrations``) or on request.
    """

    class Role(models.TextChoices):
        JOURNALIST = "journalist", _("Journalist")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        DIPLOMAT = "diplomat", _("Diplomat")
        OTHER = "other", _("Other")

    class Attendance(models.TextChoices):
        """How one person attends: the event's own modes, without "mixed"."""

        IN_PERSON = Event.Attendance.IN_PERSON.value, Event.Attendance.IN_PERSON.label
        ONLINE = Event.Attendance.ONLINE.value, Event.Attendance.ONLINE.label

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending (address not confirmed)")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    class CancelledBy(models.TextChoices):
        REGISTRANT = "registrant", _("The registrant")
        OFFICE = "office", _("The press office")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("press conference")
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(
        _("email"), max_length=254, validators=[validate_email_address],
        help_text=_("Stored in one spelling per mailbox, however it was typed."),
    )
    organisation = models.CharField(_("organisation or outlet"), max_length=200, validators=[validate_single_line])
    role = models.CharField(_("role"), max_length=20, choices=Role)
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True,
                                           validators=[validate_text])
    consented_at = models.DateTimeField(_("consented to the privacy notice at"))
    language = models.CharField(
        _("language"), max_length=8, default="en-gb", choices=language_choices,
        help_text=_("The language of the page the registrant signed up on: their emails and calendar files use it."),
    )

    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(
        _("address confirmed at"), null=True, blank=True,
        help_text=_("Waitlists are served in this order."),
    )
    promoted_at = models.DateTimeField(_("promoted from the waitlist at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    signed_up_again_at = models.DateTimeField(
        _("sign-up form sent again at"), null=True, blank=True,
        help_text=_("The last time the form was sent again for this address. It changes nothing else: the "
                    "email goes to the address, whose owner decides."),
    )
    cancelled_by = models.CharField(_("cancelled by"), max_length=10, choices=CancelledBy, blank=True)
    cancelled_from = models.CharField(
        _("status when cancelled"), max_length=10, choices=Status, blank=True,
        help_text=_("Someone who held a place is sent a calendar cancellation; someone waiting is not."),
    )
    cancellation_reason = models.TextField(
        _("reason for cancelling"), max_length=500, blank=True, validators=[validate_text],
        help_text=_("When the press office cancels: the reason, as the registrant was told it."),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    token_nonce = models.CharField(
        max_length=32, default=new_token_nonce, editable=False,
        help_text="Part of every emailed link; replaced when a link is used up, which retires the old links.",
    )
    token_issued_at = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="When the current nonce was made (empty: when the registration was). An older link says that "
                  "a newer email, sent then, replaced it.",
    )
    calendar_sequence = models.PositiveIntegerField(
        default=0, editable=False,
        help_text="Raised by every change of this person's place. Added to the event's revision, it is the "
                  "SEQUENCE of the calendar entries they are emailed, so each supersedes every one before, the "
                  "public calendar file's included.",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "event", condition=Q(anonymised_at__isnull=True),
                name="registration_one_per_email_and_event",
                violation_error_message=_("This address is already registered for this press conference."),
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="registration_checked_in_is_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["event", "attendance", "status"], name="registration_places_idx")]
        permissions = [("export_registration", _("Can export registrations (CSV, JSON)"))]

    def __str__(self):
        if self.anonymised_at:
            return str(_("Anonymised registration %(pk)s") % {"pk": self.pk})
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:events_registration_change", args=[self.pk])

    @property
    def links_sent_at(self) -> datetime.datetime | None:
        """When the email with the links that work now was sent (the current nonce was made)."""
        return self.token_issued_at or self.created_at

    @property
    def calendar_sequence_now(self) -> int:
        """The SEQUENCE of this person's calendar entries: the event's revision plus their own changes. Both
        only ever grow, so a later file always has a higher number than an earlier one."""
        return self.event.revision + self.calendar_sequence

    def waitlist_position(self) -> int | None:
        """``3``: the third person waiting in their mode, first come first served (as ``_promote_waiting``
        serves them). ``None`` unless waitlisted. One query."""
        if self.status != self.Status.WAITLISTED:
            return None
        waiting = Registration.objects.filter(event_id=self.event_id).not_anonymised().waitlist(self.attendance)
        if self.confirmed_at is None:
            return waiting.count()
        ahead = waiting.filter(Q(confirmed_at__lt=self.confirmed_at) | Q(confirmed_at=self.confirmed_at, pk__lt=self.pk))
        return ahead.count() + 1

    def waitlist_text(self, position: int | None = None) -> str:
        """``You are number 3 on the waiting list for in-person places`` (``""`` unless waitlisted): the pages
        and the emails say it alike. ``position`` if already known, else it is read."""
        position = position or self.waitlist_position()
        if position is None:
            return ""
        places = _("in-person places") if self.attendance == self.Attendance.IN_PERSON else _("online places")
        return str(_("You are number %(position)d on the waiting list for %(places)s")
                   % {"position": position, "places": places})

    @property
    def is_waiting_for_a_seat(self) -> bool:
        return self.status == self.Status.WAITLISTED and self.attendance == self.Attendance.IN_PERSON

    @property
    def can_switch_to_online(self) -> bool:
        """Waiting for a seat at an event that is also attended online: they may take an online place instead.
        The status page offers it and ``services.switch_to_online`` enforces it, both by this rule."""
        return self.is_waiting_for_a_seat and self.event.offers_online

    @property
    def attends_online(self) -> bool:
        """Registered to attend online, or holding a seat at a press conference that has moved online."""
        return self.attendance == self.Attendance.ONLINE or (
            self.event.effective_attendance == Event.Attendance.ONLINE)

    @property
    def location(self) -> str:
        """Where this person attends, for their emails and calendar entry: the venue, or the online platform
        (never the join link); the press conference's whole ``location`` if their way is no longer offered."""
        event = self.event
        if self.attends_online and event.offers_online:
            return event.online_label
        if not self.attends_online and event.offers_in_person:
            return event.venue
        return event.location

    def due_join_url(self) -> str:
        """The private join link, for the one person it is due to: confirmed, attending online (a seat at a
        press conference moved online included), at an event that offers online attendance. Anyone else
        gets ``""``. The status page, the emails and their calendar file all ask here."""
        if self.status == self.Status.CONFIRMED and self.attends_online and self.event.offers_online:
            return self.event.join_url
        return ""



# Language versions (README, "Languages"): as a release's (press.ReleaseTranslation), shown only when ``ready``
# and the press conference is ``published()``; the times, zones, capacity and links stay the event's.

class EventTranslation(LanguageVersion):
    """A press conference in another language, written by a press officer, with an address of its own."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations",
                              verbose_name=_("press conference"))
    language = models.CharField(_("language"), max_length=5, choices=VERSION_LANGUAGES)
    slug = models.SlugField(
        _("slug"), max_length=120,
        help_text=_("The last part of this version's address, /ru/events/…/ or /kk/events/…/, in Latin letters."),
    )
    title = models.CharField(_("title"), max_length=250, validators=[validate_single_line])
    summary = models.TextField(_("summary"), max_length=600, validators=[validate_text])
    description = models.TextField(_("description"), max_length=20000, blank=True)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True, validators=[validate_single_line])
    venue_address = models.TextField(_("address"), max_length=500, blank=True, validators=[validate_text])
    venue_city = models.CharField(_("city"), max_length=100, blank=True, validators=[validate_single_line])
    venue_country = models.CharField(_("country"), max_length=100, blank=True, validators=[validate_single_line])
    status_note = models.CharField(_("status note"), max_length=300, blank=True, validators=[validate_single_line])
    ready = models.BooleanField(
        _("ready"), default=False,
        help_text=_("Shown to the public with the press conference once it is published; never before it."),
    )
    # The English venue and place names the version was written against (events/translations.py): while they
    # stand, the version's own venue and places are shown, whatever else of the English changed since.
    venue_fingerprint = models.CharField(max_length=32, blank=True, editable=False)

    item_field = "event"
    detail_route = "events:detail"
    slug_taken_message = _("Another press conference has this address in English: choose another.")

    class Meta:
        ordering = ["event", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="events_translation_one_per_language"),
            models.UniqueConstraint(fields=["language", "slug"], name="events_translation_slug_unique"),
        ]


class DisplayZoneTranslation(models.Model):
    """A display zone's place name in a version's language (``Алматы, Казахстан``)."""

    version = models.ForeignKey(EventTranslation, on_delete=models.CASCADE, related_name="places",
                                verbose_name=_("language version"))
    zone = models.ForeignKey(DisplayZone, on_delete=models.CASCADE, related_name="translations",
                             verbose_name=_("display time zone"))
    place = models.CharField(_("place"), max_length=100, validators=[validate_single_line])

    class Meta:
        ordering = ["zone__order", "zone_id"]
        verbose_name = _("translated place")
        verbose_name_plural = _("translated places")
        constraints = [
            models.UniqueConstraint(fields=["version", "zone"], name="events_zone_translation_unique"),
        ]

    def __str__(self):
        return self.place

    def clean(self):
        if self.version_id and self.zone_id and self.zone.event_id != self.version.event_id:
            raise ValidationError({"zone": _("Choose a time zone of this press conference.")}, code="other_event")
