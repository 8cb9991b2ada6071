"""The newsroom's side of a press conference's language versions, as a release's (press/translation_admin.py):
edited on its page (``EventTranslationInline``), the display zones' place names on the version's own page
(``EventTranslationAdmin``); the list and the page say which versions exist, are missing or out of date."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy

from commission.web.admin import (
    LanguageVersionAdmin,
    LanguageVersionForm,
    LanguageVersionInline,
    VersionPartsInline,
)
from events import translations
from events.models import DisplayZoneTranslation, EventTranslation


class EventVersionForm(LanguageVersionForm):
    # What makes a version's words (re)written: saving any of them records the English they were written against.
    words = frozenset({"title", "summary", "description", "venue_name", "venue_address", "venue_city",
                       "venue_country", "status_note"})
    item_field = "event"
    mark_written = staticmethod(translations.mark_written)
    language_status = staticmethod(translations.language_status)

    class Meta:
        model = EventTranslation
        fields = ["language", "slug", "title", "summary", "description", "venue_name", "venue_address",
                  "venue_city", "venue_country", "status_note", "ready"]
        # Labels of their own: the version's fields sit on the press conference's page, below the English ones.
        labels = {
            "slug": gettext_lazy("Slug in this language"),
            "title": gettext_lazy("Translated title"),
            "summary": gettext_lazy("Translated summary"),
            "description": gettext_lazy("Translated description"),
            "venue_name": gettext_lazy("Translated venue"),
            "venue_address": gettext_lazy("Translated address"),
            "venue_city": gettext_lazy("Translated city"),
            "venue_country": gettext_lazy("Translated country"),
            "status_note": gettext_lazy("Translated status note"),
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 3, "cols": 90}),
                   "description": forms.Textarea(attrs={"rows": 10, "cols": 90}),
                   "venue_address": forms.Textarea(attrs={"rows": 2, "cols": 60})}


class EventTranslationInline(LanguageVersionInline):
    model = EventTranslation
    form = EventVersionForm
    max_num = len(translations.VERSION_LANGUAGES)
    fields = [*EventVersionForm.Meta.fields, "matches_english", "state"]
    verbose_name_plural = gettext_lazy("Language versions (Russian, Kazakh): place names are translated on each "
                                       "version's own page")


class PlaceTranslationInline(VersionPartsInline, admin.TabularInline):
    model = DisplayZoneTranslation
    version_model, item_field, part_field = EventTranslation, "event", "zone"
    extra = 0
    fields = ["zone", "place"]


@admin.register(EventTranslation)
class EventTranslationAdmin(LanguageVersionAdmin):
    form = EventVersionForm
    list_display = ["title", "event", "language", "ready", "state"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]
    state_prefetch = ["event__translations", "event__display_zones"]
    # Its last change: the version's words are the press conference's too (its page, feed and calendar file in
    # that language), so they move with them, as a save of the press conference's own page moves them.
    item_saved_field = "updated_at"
    fields = ["event", *EventVersionForm.Meta.fields, "matches_english", "state"]
    readonly_fields = ["event", "state"]
    inlines = [PlaceTranslationInline]  # the place names are the version's words too
