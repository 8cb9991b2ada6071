import datetime
import re
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone as django_tz
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from commission.admin import DocumentAttachmentInline, ImageAttachmentInline
from commission.models import Commission
from commission.web import times
from commission.web.addresses import normalise_email
from commission.web.admin import (
    OfferedActionsOnly,
    RefusesStaleEdits,
    RowsReadOnce,
    ZonedSplitDateTime,
    apply_each,
    ask_before_action,
    house_times,
    language_versions_text,
)
from events import emails, exports, services, timezones, translations
from events.fields import TimeZoneField
from events.forms import BaseSlotFormSet, CancelRegistrationsForm, SlotForm, TimePreviewForm
from events.models import DisplayZone, Event, EventDocument, EventImage, Registration, Slot
from events.translation_admin import EventTranslationInline
from press import alerts
from press.models import Accreditation, PressRelease

PREVIEW_URL_NAME = "events_event_preview_times"
# The confirmation page's two buttons: save and send the emails, or go back to the form as typed.
NOTIFY_CONFIRMED = "_notify_confirmed"
NOTIFY_BACK = "_notify_back"
# The registration counts' columns: a registration state, or checked in.
REGISTRATION_COUNT_COLUMNS = [
    ("pending", _("Pending")), ("confirmed", _("Confirmed")), ("waitlisted", _("Waitlisted")),
    ("cancelled", _("Cancelled")), ("checked_in", _("Checked in")),
]
ZONE_NAMES_LIST_ID = "time-zone-names"


class ZoneNameInput(forms.TextInput):
    """A zone name typed with suggestions: one <datalist> of the known IANA names per page (the change form
    draws it), where a <select> per zone field drew the whole list again for each one. The form field
    (events.fields.TimeZoneFormField) refuses a name the server does not know, as before."""

    def __init__(self, attrs=None):
        super().__init__({"list": ZONE_NAMES_LIST_ID, "autocomplete": "off", "spellcheck": "false",
                          "size": 24, **(attrs or {})})


ZONE_INPUT = {TimeZoneField: {"widget": ZoneNameInput}}
# The event's publication time and registration window are typed in the event's own zone, as its slots are:
# the change view reads and shows them in it (EventAdmin.changeform_view), and each box names it.
EVENT_ADMIN_WIDGETS = {**ZONE_INPUT, models.DateTimeField: {"widget": ZonedSplitDateTime}}


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "15 December 2026" and "December 15, 2026", with or without a weekday before them.
_DATE_IN_TEXT = re.compile(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})|({_MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?)\s+(\d{{4}})\b")


def dates_named_in(text: str) -> list[tuple[str, datetime.date]]:
    """The dates a text names in words, as written and as dates: ``[("15 December 2026", date(2026, 12, 15))]``."""
    found = []
    for match in _DATE_IN_TEXT.finditer(text or ""):
        day = int(match[1] or match[4])
        month = _MONTHS.split("|").index(match[2] or match[3]) + 1
        try:
            found.append((match[0], datetime.date(int(match[5]), month, day)))
        except ValueError:
            continue  # "31 February 2026" names no date to compare
    return found


def _zone_lines(instant, display_zones, reference_date) -> list[str]:
    """The lines the admin shows for one instant: every display zone, then UTC."""
    lines = [zone_time.text for zone_time in timezones.in_zones(instant, display_zones, reference_date=reference_date)]
    lines.append(timezones.in_zone(instant, "UTC", reference_date=reference_date).text)
    return lines


class _EmailsNotConfirmed(Exception):
    """A save would email registrants and the officer has not yet seen what: raised inside the change view's
    transaction, so the save is rolled back and nothing is sent."""

    def __init__(self, emails_due: dict):
        super().__init__("emails not confirmed")
        self.emails_due = emails_due


class _BackToEditing:
    """The confirmation page's "go back": the change form again, as the officer typed it, unsaved."""

    def clean(self):
        super().clean()
        raise ValidationError(
            gettext("Not saved, and nobody has been emailed. Change what you need, then save again."),
            code="not_saved",
        )


class EventAdminForm(RefusesStaleEdits):
    """The press conference's form: it may not drop a way of attending people are registered in."""

    class Meta:
        # The publication time and registration window are read in the event's zone: their boxes name it, and
        # follow this box as it is typed (static/js/zone-labels.js).
        widgets = {"timezone": ZoneNameInput({"data-names-times": ""})}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "attendance" in cleaned and "event_status" in cleaned:
            stranded = services.stranded_registrations(self.instance, attendance=cleaned["attendance"],
                                                       event_status=cleaned["event_status"])
            if count := stranded.get(Registration.Attendance.ONLINE):
                self.add_error("attendance", ValidationError(ngettext(
                    "%(count)d person is registered to attend online: cancel that registration first "
                    "(Registrations, “Cancel and tell them”), or keep online attendance.",
                    "%(count)d people are registered to attend online: cancel their registrations first "
                    "(Registrations, “Cancel and tell them”), or keep online attendance.", count) % {"count": count},
                    code="mode_has_registrations"))
            if count := stranded.get(Registration.Attendance.IN_PERSON):
                self.add_error("attendance", ValidationError(ngettext(
                    "%(count)d person is registered to attend in person: to hold the press conference online "
                    "instead, keep in-person attendance and set its status to “Moved online”, which tells them; or "
                    "cancel that registration first.",
                    "%(count)d people are registered to attend in person: to hold the press conference online "
                    "instead, keep in-person attendance and set its status to “Moved online”, which tells them; or "
                    "cancel their registrations first.", count) % {"count": count},
                    code="mode_has_registrations"))
        return cleaned


class SlotFormSet(RowsReadOnce, BaseSlotFormSet):
    pass


class DisplayZoneFormSet(RowsReadOnce, forms.BaseInlineFormSet):
    pass


class SlotInline(admin.StackedInline):
    model = Slot
    form = SlotForm
    formfield_overrides = ZONE_INPUT
    formset = SlotFormSet
    fields = [
        ("start_date", "start_time", "start_occurrence"),
        ("end_date", "end_time", "end_occurrence"),
        "timezone",
        "shown_as",
    ]
    readonly_fields = ["shown_as"]

    def get_queryset(self, request):
        # shown_as reads each slot's event and its display zones: load them once, not per slot.
        return super().get_queryset(request).select_related("event").prefetch_related("event__display_zones")

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1

    @admin.display(description=_("Shown as"))
    def shown_as(self, slot):
        """The start in every display zone and in UTC; kept up to date before saving by event-admin.js."""
        lines = []
        if slot is not None and slot.pk and slot.start_utc:
            lines = _zone_lines(slot.start_utc, slot.event.display_zone_list(), slot.start_date)
        return render_to_string("admin/events/slot/shown_as.html", {
            "preview_url": reverse(f"admin:{PREVIEW_URL_NAME}"), "lines": lines,
        })


class DisplayZoneInline(admin.TabularInline):
    model = DisplayZone
    formset = DisplayZoneFormSet
    formfield_overrides = ZONE_INPUT
    fields = ["order", "label", "place", "timezone"]

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 2


class UpcomingFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Ended")), ("unscheduled", _("No time yet"))]

    def queryset(self, request, queryset):
        now = django_tz.now()
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gt=now)  # ends_at: EventAdmin.get_queryset
        if self.value() == "past":
            return queryset.filter(ends_at__lte=now)
        if self.value() == "unscheduled":
            return queryset.filter(ends_at__isnull=True)
        return queryset


class EventChangeList(ChangeList):
    """The list's "when" reads each press conference's slots: loaded for the page at once. A press conference's own
    page does not read them through its event (its slots' inline reads its own), so only the list loads them."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).prefetch_related("slots")


@admin.register(Event)
@house_times
class EventAdmin(OfferedActionsOnly, admin.ModelAdmin):
    form = EventAdminForm
    save_on_top = True  # a long form: its buttons at the top too, as the release's
    list_display = ["title", "when", "state", "status", "places", "language_versions"]
    formfield_overrides = EVENT_ADMIN_WIDGETS
    list_filter = [UpcomingFilter, "status", "event_status", "attendance"]
    search_fields = ["title", "summary", "venue_city"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["related_releases", "speakers"]
    inlines = [
        SlotInline, DisplayZoneInline,
        type("EventImageInline", (ImageAttachmentInline,), {"model": EventImage}),
        type("EventDocumentInline", (DocumentAttachmentInline,), {"model": EventDocument}),
        EventTranslationInline,  # after the zones: a version saved is stamped with the English as saved
    ]
    actions = ["duplicate"]
    readonly_fields = ["revision", "change_log", "language_versions"]
    fieldsets = [
        (None, {"fields": ["commission", "title", "slug", "summary", "description", "related_releases", "speakers"]}),
        (_("Publication"), {"fields": ["status", "publish_at", "language_versions"],
                             "description": _("Times here are in the event's own time zone (below).")}),
        (_("Event status"), {"fields": ["event_status", "status_note"]}),
        (_("Place and time zone"), {
            "fields": ["attendance", "timezone", "venue_name", "venue_address", "venue_city", "venue_country"],
        }),
        (_("Online"), {"fields": ["online_platform", "join_url"]}),
        (_("Registration window"), {"fields": ["registration_opens_at", "registration_closes_at"],
                                    "description": _("In the event's own time zone. Left empty, registration "
                                                     "opens at publication and closes when the event starts.")}),
        (_("Places"), {"fields": ["in_person_capacity", "online_capacity"]}),
        (_("After the press conference"), {"fields": ["recording_url", "statement", "transcript"],
                                           "description": _("Shown on the public page only once the press "
                                                            "conference has ended; they can be written before.")}),
        (_("Changes"), {"fields": ["revision", "change_log"], "classes": ["collapse"]}),
    ]
    registrations_fieldset = (_("Registrations"), {"fields": ["registrations"]})

    class Media:
        js = ["js/event-admin.js"]

    def get_queryset(self, request):
        confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
        # Versions and zones: the language versions' column and line say which are out of date (two queries a
        # page; on a press conference's own page, its versions' rows read them too).
        return super().get_queryset(request).prefetch_related("translations", "display_zones").with_times().annotate(
            confirmed_in_person=Count("registrations", distinct=True,
                                      filter=confirmed & Q(registrations__attendance=Registration.Attendance.IN_PERSON)),
            confirmed_online=Count("registrations", distinct=True,
                                   filter=confirmed & Q(registrations__attendance=Registration.Attendance.ONLINE)),
        )

    def get_changelist(self, request, **kwargs):
        return EventChangeList

    @admin.display(description=_("language versions"))
    def language_versions(self, event):
        """Which versions exist, are missing or out of date; they go public with the press conference."""
        if event is None or event.pk is None:
            return "—"
        return language_versions_text(translations.language_status(event))

    @admin.display(description=_("state"), ordering="ends_at")
    def state(self, event):
        """What a press officer needs first: ended, or the event's own status."""
        ends_at = getattr(event, "ends_at", None)
        if ends_at is not None and ends_at <= django_tz.now():
            return gettext("Ended")
        return event.get_event_status_display()

    @admin.display(description=_("places taken"))
    def places(self, event):
        """Confirmed places over capacity in each mode the event offers: ``In person 12 / 40 · Online 3``."""
        parts = []
        for mode, label, confirmed in (
            (Registration.Attendance.IN_PERSON, gettext("In person"), event.confirmed_in_person),
            (Registration.Attendance.ONLINE, gettext("Online"), event.confirmed_online),
        ):
            if mode not in event.attendance_modes and not confirmed:
                continue
            capacity = event.capacity_for(mode)
            parts.append(f"{label} {confirmed}" if capacity is None else f"{label} {confirmed} / {capacity}")
        return " · ".join(parts) or "—"

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        commission = Commission.objects.current()
        if commission and "commission" not in initial:
            initial["commission"] = commission.pk
        return initial

    def get_urls(self):
        return [
            path("preview-times/", self.admin_site.admin_view(self.preview_times_view), name=PREVIEW_URL_NAME),
            path("<path:object_id>/registrations.csv", self.admin_site.admin_view(self.registrations_csv_view),
                 name="events_event_registrations_csv"),
            path("<path:object_id>/check-in/", self.admin_site.admin_view(self.check_in_view),
                 name="events_event_check_in"),
            path("<path:object_id>/check-in/<int:registration_id>/",
                 self.admin_site.admin_view(self.check_in_toggle_view), name="events_event_check_in_toggle"),
            *super().get_urls(),
        ]

    # Registrations: only for staff who may see registrants. Who may see, export or check in is the registration
    # admin's to say, through its has_*_permission methods.

    def _registration_admin(self) -> "RegistrationAdmin":
        return self.admin_site.get_model_admin(Registration)

    def can_see_registrants(self, request) -> bool:
        return self._registration_admin().has_view_permission(request)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and self.can_see_registrants(request):
            fieldsets.insert(-1, self.registrations_fieldset)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only, the field would name every related release; this names those the user may view
            # (see get_object).
            fieldsets = [
                (name, {**options, "fields": [
                    "visible_related_releases" if field == "related_releases" else field for field in options["fields"]
                ]})
                for name, options in fieldsets
            ]
        return fieldsets

    # Related press releases: staff see and choose among the releases they may view (a draft's title is news).

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "related_releases":
            formfield.queryset = formfield.queryset.visible_to(request.user)
        return formfield

    def get_object(self, request, object_id, from_field=None):
        event = super().get_object(request, object_id, from_field)
        if event is not None and not self.has_change_permission(request, event):
            event.viewable_releases = list(PressRelease.objects.visible_to(request.user).filter(events=event))
        return event

    @admin.display(description=_("related press releases"))
    def visible_related_releases(self, event):
        return ", ".join(release.title for release in getattr(event, "viewable_releases", [])) or "—"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.can_see_registrants(request):
            fields.append("registrations")
        return fields

    @admin.display(description=_("registrations"))
    def registrations(self, event):
        """Per mode, the places and the registrations in each state, each linked to the filtered list."""
        rows = []
        for mode, row in services.registration_counts(event).items():
            if not row["offered"] and not any(row[state] for state, _label in REGISTRATION_COUNT_COLUMNS):
                continue
            cells = [{"filter": "checked_in=yes" if state == "checked_in" else f"status__exact={state}",
                      "count": row[state]} for state, _label in REGISTRATION_COUNT_COLUMNS]
            rows.append({"mode": mode, "label": row["label"], "capacity": row["capacity"], "cells": cells})
        return render_to_string("admin/events/event/registration_counts.html", {
            "columns": [{"label": label} for _state, label in REGISTRATION_COUNT_COLUMNS],
            "rows": rows,
            "event_id": str(event.pk),
            "changelist": reverse("admin:events_registration_changelist"),
            "check_in_url": reverse("admin:events_event_check_in", args=[event.pk]),
            "csv_url": reverse("admin:events_event_registrations_csv", args=[event.pk]),
        })

    def registrations_csv_view(self, request, object_id):
        if not self._registration_admin().has_export_permission(request):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=object_id)
        queryset = Registration.objects.filter(event=event).not_anonymised().select_related("event")
        return exports.registrations_csv(queryset, f"registrations-{event.slug}.csv")

    def check_in_view(self, request, object_id):
        """A page for the door, usable on a phone: confirmed registrants with one big button each."""
        if not self._registration_admin().has_change_permission(request):
            raise PermissionDenied
        event = get_object_or_404(Event.objects.prefetch_related("slots", "display_zones"), pk=object_id)
        mode = request.GET.get("mode", Registration.Attendance.IN_PERSON)
        if mode not in Registration.Attendance.values:
            mode = Registration.Attendance.IN_PERSON
        query = request.GET.get("q", "").strip()[:100]
        counts = services.registration_counts(event)[mode]
        registrants = Registration.objects.filter(
            event=event, attendance=mode, status=Registration.Status.CONFIRMED
        ).annotate(accredited=accredited_address()).order_by("name", "pk")
        if query:
            registrants = registrants.filter(Q(name__icontains=query) | Q(organisation__icontains=query)
                                             | Q(email__icontains=query))
        return render(request, "events/check_in.html", {
            "event": event,
            "mode": mode,
            "modes": Registration.Attendance.choices,
            "query": query,
            "registrants": registrants,
            "confirmed_count": counts[Registration.Status.CONFIRMED],
            "checked_in_count": counts["checked_in"],
            "admin_url": reverse("admin:events_event_change", args=[event.pk]),
        })

    def check_in_toggle_view(self, request, object_id, registration_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self._registration_admin().has_change_permission(request):
            raise PermissionDenied
        registration = get_object_or_404(Registration, pk=registration_id, event_id=object_id)
        try:
            services.set_checked_in(registration_id=registration.pk, checked_in=request.POST.get("checked_in") == "1")
        except services.RegistrationError as error:
            messages.error(request, error.message)
        query = urlencode({"mode": registration.attendance, "q": request.POST.get("q", "")[:100]})
        url = reverse("admin:events_event_check_in", args=[object_id])
        return HttpResponseRedirect(f"{url}?{query}#r{registration.pk}")

    @admin.display(description=_("when"))
    def when(self, event):
        slot = next(iter(event.slots.all()), None)
        if slot is None:
            return "—"
        return slot.wall_text(until_end=False)

    @admin.display(description=_("change log"))
    def change_log(self, event):
        changes = event.changes.all() if event.pk else []
        return render_to_string("admin/events/event/change_log.html", {
            "changes": [{"revision": c.revision, "date": times.list_time(c.changed_at), "what": c.what}
                        for c in changes],
        })

    def save_model(self, request, obj, form, change):
        # The state before this edit, compared after the slots are saved too (save_related).
        form.events_state_before = services.capture_state(obj) if change else None
        # Whether the public could see it before this edit: if not, and it is published now (or scheduled),
        # subscribers to announcements are told at its instant (press/alerts.py), once the slots are saved.
        form.events_was_public = change and Event.objects.published().filter(pk=obj.pk).exists()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change and "related_releases" in form.cleaned_data:
            # Releases the user may not view were not offered, so leaving them out is no choice to unlink them.
            hidden = form.instance.related_releases.exclude(pk__in=PressRelease.objects.visible_to(request.user))
            form.cleaned_data["related_releases"] = [*form.cleaned_data["related_releases"], *hidden]
        super().save_related(request, form, formsets, change)
        if not getattr(form, "events_was_public", False):
            alerts.schedule_announcement(event=form.instance)
            self._say_when_public(request, form.instance)
        before = getattr(form, "events_state_before", None)
        recorded = None
        if before is not None:
            recorded = services.record_changes_since(before=before, event=form.instance, user=request.user)
        promoted = []
        if change and {"in_person_capacity", "online_capacity"} & set(form.changed_data):
            promoted = services.fill_waitlists(event=form.instance)
        if NOTIFY_CONFIRMED not in request.POST:
            emails_due = self._emails_due(form.instance, recorded, promoted)
            if emails_due:
                raise _EmailsNotConfirmed(emails_due)  # rolls the whole save back: nobody is emailed yet
        self._say_who_was_not_emailed(request, form.instance, recorded)
        if promoted:
            self.message_user(request, ngettext(
                "%(count)d person on the waitlist got a place and is being emailed.",
                "%(count)d people on the waitlist got a place and are being emailed.",
                len(promoted),
            ) % {"count": len(promoted)}, messages.SUCCESS)
        self._warn_of_stale_dates(request, form.instance)

    def _say_who_was_not_emailed(self, request, event, recorded):
        """A change saved without emailing the registrants, as the press conference has ended, says so."""
        if not getattr(recorded, "held_back_as_ended", None) or event.status != Event.Status.PUBLISHED:
            return
        if count := services.recipients_of_change(event).count():
            self.message_user(request, ngettext(
                "%(count)d registrant was not emailed about this change, as the press conference has ended.",
                "%(count)d registrants were not emailed about this change, as the press conference has ended.",
                count,
            ) % {"count": count}, messages.INFO)

    def _say_when_public(self, request, event):
        """A save that publishes the press conference, now or at its publication time, says which."""
        if event.status != Event.Status.PUBLISHED:
            return
        if event.publish_at > django_tz.now():
            self.message_user(request, gettext("“%(title)s” is scheduled: it goes public on %(when)s.")
                              % {"title": event.title, "when": times.list_time(event.publish_at)}, messages.INFO)
        elif event.is_published():
            self.message_user(request, gettext(
                "“%(title)s” is public now: on the list of press conferences, in the feeds and the calendar."
            ) % {"title": event.title}, messages.SUCCESS)

    def _warn_of_stale_dates(self, request, event):
        """A title or summary naming a date that is not the first slot's: saved, but the officer is told."""
        first = event.slots.order_by("start_utc", "pk").first()
        if first is None:
            return
        for name, text in ((gettext("title"), event.title), (gettext("summary"), event.summary)):
            for written, date in dates_named_in(text):
                if date != first.start_date:
                    self.message_user(request, gettext(
                        "The %(field)s says “%(written)s”, but the first slot is on %(date)s. "
                        "Check the %(field)s and change it if the date has moved."
                    ) % {"field": name, "written": written, "date": times.format_date(first.start_date)},
                        messages.WARNING)

    # Before a save that emails people: how many, and what they read. The save is made, looked at and rolled
    # back inside the change view's transaction, so what is shown is exactly what saving would send; the
    # officer's form is carried through the confirmation page in hidden fields, and posted again to save.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "zone_names_list_id": ZONE_NAMES_LIST_ID,
                         "zone_names": [name for name, _label in timezones.zone_choices()]}
        try:
            with django_tz.override(self._event_zone(request, object_id)):
                response = super().changeform_view(request, object_id, form_url, extra_context)
                if hasattr(response, "render"):
                    response.render()  # now, while the times are shown in the event's zone
                return response
        except _EmailsNotConfirmed as pending:
            return self._confirm_emails_view(request, object_id, pending.emails_due)

    def _event_zone(self, request, object_id) -> str:
        """The zone the form's times are typed in: the event's, as posted if it is a known zone."""
        posted = request.POST.get("timezone", "") if request.method == "POST" else ""
        if timezones.is_zone_name(posted):
            return posted
        if object_id:
            try:
                saved = Event.objects.filter(pk=unquote(object_id)).values_list("timezone", flat=True).first()
            except (ValueError, ValidationError):
                saved = None  # not an event's id: Django's change view answers that
            if timezones.is_zone_name(saved or ""):
                return saved
        return django_tz.get_current_timezone_name()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.method == "POST" and NOTIFY_BACK in request.POST:
            return type(form.__name__, (_BackToEditing, form), {})
        return form

    def _emails_due(self, event, recorded, promoted) -> dict | None:
        """Who saving emails and the text they get, or ``None`` when saving emails nobody."""
        notify = getattr(recorded, "notify", None) if recorded else None
        groups = []
        if notify and event.status == Event.Status.PUBLISHED:
            recipients = services.recipients_of_change(event).order_by("confirmed_at", "pk")
            for status, label in ((Registration.Status.CONFIRMED, gettext("People with a place")),
                                  (Registration.Status.WAITLISTED, gettext("People on the waiting list"))):
                people = recipients.filter(status=status)
                first = people.first()
                if first is not None:
                    first.event = event
                    subject, text = emails.preview(notify, first, change=recorded)
                    groups.append({"label": label, "count": people.count(), "subject": subject, "text": text})
        if promoted:
            first = promoted[0]
            first.event = event
            subject, text = emails.preview(emails.Email.PROMOTED, first)
            groups.append({"label": gettext("People on the waiting list who get a place"), "count": len(promoted),
                           "subject": subject, "text": text})
        if not groups:
            return None
        return {"groups": groups, "total": sum(group["count"] for group in groups),
                "what": recorded.what if recorded else ""}

    def _confirm_emails_view(self, request, object_id, emails_due):
        event = get_object_or_404(Event, pk=object_id)
        carried = [(name, value) for name, values in request.POST.lists()
                   if name not in {"csrfmiddlewaretoken", NOTIFY_BACK, NOTIFY_CONFIRMED} for value in values]
        return TemplateResponse(request, "admin/events/event/confirm_emails.html", {
            **self.admin_site.each_context(request),
            "title": gettext("Save and email the registrants?"),
            "opts": self.model._meta,
            "original": event,
            "carried": carried,
            "emails_due": emails_due,
            "notify_confirmed": NOTIFY_CONFIRMED,
            "notify_back": NOTIFY_BACK,
        })

    @admin.action(description=_("Duplicate selected press conferences (as drafts)"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = [services.duplicate_event(event=event) for event in queryset]
        self.message_user(
            request,
            ngettext(
                "Made %(count)d draft copy, with the text, place, times and display zones: set its new dates "
                "before publishing. Language versions, media, speakers and related releases are not copied.",
                "Made %(count)d draft copies, with the text, place, times and display zones: set their new dates "
                "before publishing. Language versions, media, speakers and related releases are not copied.",
                len(copies),
            ) % {"count": len(copies)},
            messages.SUCCESS,
        )
        if len(copies) == 1:
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[copies[0].pk]))
        return None

    def preview_times_view(self, request):
        """JSON for the live preview: one wall time in a zone, read in the given display zones and UTC."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        form = TimePreviewForm(request.GET)
        if not form.is_valid():
            errors = [error for field_errors in form.errors.values() for error in field_errors]
            return JsonResponse({"lines": [], "error": " ".join(errors)})
        data = form.cleaned_data
        wall = datetime.datetime.combine(data["date"], data["time"])
        try:
            instant = timezones.wall_to_utc(wall, data["zone"], occurrence=data["occurrence"])
        except timezones.WallTimeError as error:
            return JsonResponse({"lines": [], "error": error.message})
        display_zones = []
        for value in request.GET.getlist("zone"):
            label, _sep, rest = value.partition("|")
            place, _sep, zone_name = rest.rpartition("|")
            if timezones.is_zone_name(zone_name) and len(label) <= 6:
                display_zones.append(DisplayZone(label=label.strip(), place=place.strip(), timezone=zone_name))
        if not display_zones:
            display_zones = [DisplayZone(label="", place="", timezone=data["zone"])]
        return JsonResponse({"lines": _zone_lines(instant, display_zones, data["date"]), "error": ""})


def accredited_address():
    """Whether a registrant's address holds an accreditation: a subquery of the list's own query, so the mark
    costs no query per row (the sign-up stores one spelling per mailbox, as accreditation requests do)."""
    return Exists(Accreditation.objects.accredited().filter(email=OuterRef("email")))


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(checked_in_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_in_at__isnull=True)
        return queryset


@admin.register(Registration)
@house_times
class RegistrationAdmin(OfferedActionsOnly, admin.ModelAdmin):
    # What the door and the desk need first fits a 1280px screen; the address is one click (or a search) away.
    list_display = ["name", "organisation", "attendance", "status", "accredited", "checked_in", "press_conference"]
    list_filter = ["event", "status", "attendance", "role", CheckedInFilter]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["event"]
    list_per_page = 100
    fields = ["event", "name", "email", "organisation", "role", "attendance", "accessibility_needs", "status",
              "language", "consented_at", "created_at", "signed_up_again_at", "confirmed_at", "promoted_at",
              "cancelled_at", "cancelled_by", "cancelled_from", "cancellation_reason", "checked_in_at",
              "anonymised_at"]
    # The language of the page they signed up on: their emails are written in it. Moments are written in the
    # house style (@house_times).
    readonly_fields = ["event", "email", "attendance", "status", "language", "consented_at", "created_at",
                       "signed_up_again_at", "confirmed_at", "promoted_at", "cancelled_at", "cancelled_by",
                       "cancelled_from", "cancellation_reason", "checked_in_at", "anonymised_at"]
    actions = ["promote", "cancel", "resend", "export_csv", "export_person_json", "erase_person"]

    def get_queryset(self, request):
        return super().get_queryset(request).not_anonymised().annotate(accredited=accredited_address())

    @admin.display(description=_("accredited"), boolean=True, ordering="accredited")
    def accredited(self, registration):
        return registration.accredited

    def get_search_results(self, request, queryset, search_term):
        """An address is also found by any spelling of it (``Ann@Bücher.example`` finds ``ann@xn--bcher-kva…``)."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if "@" in search_term:
            try:
                spelling = normalise_email(search_term)
            except ValidationError:
                pass
            else:
                queryset |= self.get_queryset(request).filter(email=spelling)
        return queryset, may_have_duplicates

    def has_add_permission(self, request):
        return False  # people register themselves, and confirm their own address

    def get_list_display(self, request):
        # Filtered to one press conference (as its page links here), the column would repeat its title.
        if "event__id__exact" in request.GET:
            return [name for name in self.list_display if name != "press_conference"]
        return self.list_display

    @admin.display(description=_("checked in"), boolean=True, ordering="checked_in_at")
    def checked_in(self, registration):
        return registration.checked_in_at is not None

    @admin.display(description=_("press conference"), ordering="event__title")
    def press_conference(self, registration):
        """Short enough for the list: the title's first words, the whole of it on hover and in the filter."""
        title = registration.event.title
        return format_html('<span title="{}">{}</span>', title, Truncator(title).chars(24))

    def has_delete_permission(self, request, obj=None):
        return False  # "erase" anonymises and hands a freed place to the waitlist; a plain delete would not

    def has_export_permission(self, request):
        return request.user.has_perm("events.export_registration")

    def has_erase_permission(self, request):
        return request.user.has_perm("events.delete_registration")

    @admin.action(description=_("Promote from the waitlist (if a place is free)"), permissions=["change"])
    def promote(self, request, queryset):
        """Asks first, saying who is on the waitlist and so can be promoted; then promotes each and emails them."""
        if request.POST.get("post") == "yes":  # only the waitlisted: the page said the others are left as they are
            waitlisted = queryset.filter(status=Registration.Status.WAITLISTED)
            apply_each(self, request, waitlisted, lambda r: services.promote_registration(registration_id=r.pk),
                       ngettext_lazy("%(count)d registration promoted; they are being emailed.",
                                     "%(count)d registrations promoted; they are being emailed.", "count"),
                       catch=services.RegistrationError)
            return None
        chosen = list(queryset.select_related("event"))
        waitlisted = sum(r.status == Registration.Status.WAITLISTED for r in chosen)
        notes = {True: gettext("promoted and emailed, if a place is free"),
                 False: gettext("not on the waitlist: left as it is")}
        return self._ask_first(
            request, chosen, action="promote", title=gettext("Promote from the waitlist"), warning="promote",
            confirm_label=gettext("Yes, promote and email them"), can_confirm=bool(waitlisted),
            note=lambda r: notes[r.status == Registration.Status.WAITLISTED],
            waitlisted=waitlisted, left=len(chosen) - waitlisted)

    @admin.action(description=_("Cancel and tell them (frees the place for the waitlist)"), permissions=["change"])
    def cancel(self, request, queryset):
        """Asks first, with a box for the reason the registrants are told; then cancels each and emails them."""
        form = CancelRegistrationsForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            apply_each(self, request, queryset,
                       lambda r: services.cancel_registration(registration_id=r.pk, reason=reason),
                       ngettext_lazy("%(count)d registration cancelled; they are being emailed.",
                                     "%(count)d registrations cancelled; they are being emailed.", "count"),
                       catch=services.RegistrationError)
            return None
        return self._ask_first(request, queryset.select_related("event"), action="cancel",
                               title=gettext("Cancel registrations"), warning="cancel", form=form,
                               confirm_label=gettext("Yes, cancel and email them"))

    @admin.action(description=_("Send the confirmation or status email again"), permissions=["change"])
    def resend(self, request, queryset):
        """Asks first, saying which email each person gets again; then sends them."""
        if request.POST.get("post") == "yes":
            apply_each(self, request, queryset, lambda r: services.resend_email(registration=r),
                       ngettext_lazy("%(count)d email is being sent.", "%(count)d emails are being sent.", "count"),
                       catch=services.RegistrationError)
            return None
        return self._ask_first(
            request, queryset.select_related("event"), action="resend", title=gettext("Send emails again"),
            warning="resend", confirm_label=gettext("Yes, email them again"), note=self._email_sent_again)

    @staticmethod
    def _email_sent_again(registration) -> str:
        """The email ``services.resend_email`` sends this registration (``emails.status_email``), by its subject as it
        reads in English, and the language they get it in."""
        kind = emails.status_email(registration)
        said = {"subject": emails.subject_for(kind, registration), "language": registration.get_language_display()}
        if kind == emails.Email.CONFIRM_ADDRESS:
            return gettext("the link to confirm their address again: “%(subject)s”, in %(language)s") % said
        return gettext("where they stand: “%(subject)s”, in %(language)s") % said

    @admin.action(description=_("Export the selected registrations (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return exports.registrations_csv(queryset.select_related("event"), "registrations.csv")

    def _one_person(self, request, queryset) -> str | None:
        emails = set(queryset.values_list("email", flat=True))
        if len(emails) != 1:
            self.message_user(request, gettext("Select registrations of one person (one email address) only."),
                              messages.ERROR)
            return None
        return emails.pop()

    @admin.action(description=_("Export everything about this person, across events (JSON)"),
                  permissions=["export"])
    def export_person_json(self, request, queryset):
        email = self._one_person(request, queryset)
        if email is None:
            return None
        return exports.person_json(services.export_person(email=email), email=email)

    @admin.action(description=_("Erase this person's registrations, across events"), permissions=["erase"])
    def erase_person(self, request, queryset):
        email = self._one_person(request, queryset)
        if email is None:
            return None
        registrations = Registration.objects.not_anonymised().filter(email=email).select_related("event")
        if request.POST.get("post") == "yes":
            count = services.erase_person(email=email)
            self.message_user(request, ngettext(
                "%(count)d registration erased: the personal details are gone, the counts remain.",
                "%(count)d registrations erased: the personal details are gone, the counts remain.", count,
            ) % {"count": count}, messages.SUCCESS)
            return None
        return self._ask_first(request, queryset, action="erase_person",
                               title=gettext("Erase one person’s registrations"), warning="erase",
                               confirm_label=gettext("Yes, erase them"), listed=registrations, email=email,
                               line=lambda r: f"{r.event.title}: {r.get_attendance_display()}, "
                                              f"{r.get_status_display()}")

    def _ask_first(self, request, chosen, *, warning: str, **options):
        """``ask_before_action`` for registrations: what will happen is
        templates/admin/events/registration/<warning>_warning.html; each is listed by name, address, press
        conference, way of attending and status (what is listed comes with its press conference)."""
        return ask_before_action(
            self, request, chosen, warning=f"admin/events/registration/{warning}_warning.html",
            **{"line": lambda r: f"{r.name} <{r.email}> — {r.event.title}: {r.get_attendance_display()}, "
                                 f"{r.get_status_display()}", **options})
