import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commission.models import Commission
from events import services, timezones
from events.forms import BaseSlotFormSet, SlotForm, TimePreviewForm
from events.models import DisplayZone, Event, Slot, TimeZoneField

PREVIEW_URL_NAME = "events_event_preview_times"
# The admin would give a zone name a text box (it is a CharField); a select of the known zones is safer.
ZONE_SELECT = {TimeZoneField: {"widget": forms.Select}}


def _zone_lines(instant, display_zones, reference_date) -> list[str]:
    """The lines the admin shows for one instant: every display zone, then UTC."""
    lines = [zone_time.text for zone_time in timezones.in_zones(instant, display_zones, reference_date=reference_date)]
    lines.append(timezones.in_zone(instant, "UTC", reference_date=reference_date).text)
    return lines


class SlotInline(admin.StackedInline):
    model = Slot
    form = SlotForm
    formfield_overrides = ZONE_SELECT
    formset = BaseSlotFormSet
    fields = [
        ("start_date", "start_time", "start_occurrence"),
        ("end_date", "end_time", "end_occurrence"),
        "timezone",
        "shown_as",
    ]
    readonly_fields = ["shown_as"]

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1

    @admin.display(description=_("Shown as"))
    def shown_as(self, slot):
        """The start in every display zone and in UTC; kept up to date before saving by event-admin.js."""
        lines = []
        if slot is not None and slot.pk and slot.start_utc:
            lines = _zone_lines(slot.start_utc, slot.event.display_zone_list(), slot.start_date)
        return format_html(
            '<div class="slot-preview" data-preview-url="{}" aria-live="polite"><ul>{}</ul>'
            '<p class="help">{}</p></div>',
            reverse(f"admin:{PREVIEW_URL_NAME}"),
            format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
            _("The start time in every display zone and in UTC."),
        )


class DisplayZoneInline(admin.TabularInline):
    model = DisplayZone
    formfield_overrides = ZONE_SELECT
    fields = ["order", "label", "place", "timezone"]

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 2


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "when", "event_status", "status", "publish_at", "revision"]
    formfield_overrides = ZONE_SELECT
    list_filter = ["status", "event_status", "attendance"]
    search_fields = ["title", "summary", "venue_city"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["related_releases"]
    inlines = [SlotInline, DisplayZoneInline]
    actions = ["duplicate"]
    readonly_fields = ["revision", "change_log"]
    fieldsets = [
        (None, {"fields": ["commission", "title", "slug", "summary", "description", "related_releases"]}),
        (_("Publication"), {"fields": ["status", "publish_at"]}),
        (_("Event status"), {"fields": ["event_status", "status_note"]}),
        (_("Place and time zone"), {
            "fields": ["attendance", "timezone", "venue_name", "venue_address", "venue_city", "venue_country"],
        }),
        (_("Online"), {"fields": ["online_platform", "join_url"]}),
        (_("Registration window"), {"fields": ["registration_opens_at", "registration_closes_at"]}),
        (_("Places"), {"fields": ["in_person_capacity", "online_capacity"]}),
        (_("Changes"), {"fields": ["revision", "change_log"], "classes": ["collapse"]}),
    ]

    class Media:
        js = ["js/event-admin.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("slots")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        commission = Commission.objects.current()
        if commission and "commission" not in initial:
            initial["commission"] = commission.pk
        return initial

    def get_urls(self):
        return [
            path("preview-times/", self.admin_site.admin_view(self.preview_times_view), name=PREVIEW_URL_NAME),
            *super().get_urls(),
        ]

    @admin.display(description=_("when"))
    def when(self, event):
        slot = next(iter(event.slots.all()), None)
        if slot is None:
            return "—"
        return f"{timezones.format_date(slot.start_date)}, {timezones.format_time(slot.start_time)} {slot.timezone}"

    @admin.display(description=_("change log"))
    def change_log(self, event):
        changes = event.changes.all() if event.pk else []
        if not changes:
            return _("No recorded changes.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li>r{} · {} · {}</li>",
                ((c.revision, timezones.format_date(c.changed_at), c.what) for c in changes),
            ),
        )

    def save_model(self, request, obj, form, change):
        # The state before this edit, compared after the slots are saved too (save_related).
        form.events_state_before = services.capture_state(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(form, "events_state_before", None)
        if before is not None:
            services.record_changes_since(before=before, event=form.instance, user=request.user)

    @admin.action(description=_("Duplicate selected press conferences (as drafts)"))
    def duplicate(self, request, queryset):
        copies = [services.duplicate_event(event=event) for event in queryset]
        self.message_user(
            request,
            ngettext(
                "Made %(count)d draft copy. Set its new dates before publishing.",
                "Made %(count)d draft copies. Set their new dates before publishing.",
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
