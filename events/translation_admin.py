"""The newsroom's side of a press conference's language versions, as a release's (press/translation_admin.py):
edited on its page (``EventTranslationInline``), the display zones' place names on the version's own page
(``EventTranslationAdmin``); the list and the page say which versions exist, are missing or out of date."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy

from events import translations
from events.models import DisplayZone, DisplayZoneTranslation, EventTranslation
from press.translation_admin import STATE_NAMES

# What makes a version's words (re)written: saving any of them records the English they were written against.
WORDS = {"title", "summary", "description", "venue_name", "venue_address", "venue_city", "venue_country"}


class EventVersionForm(forms.ModelForm):
    matches_english = forms.BooleanField(
        label=gettext_lazy("Matches the English as it stands"), required=False,
        help_text=gettext_lazy("Tick after checking an out-of-date version against the English text: it is "
                               "then up to date. Saving changed words does this by itself."),
    )

    class Meta:
        model = EventTranslation
        fields = ["language", "slug", "title", "summary", "description", "venue_name", "venue_address",
                  "venue_city", "venue_country", "ready"]
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
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 3, "cols": 90}),
                   "description": forms.Textarea(attrs={"rows": 10, "cols": 90}),
                   "venue_address": forms.Textarea(attrs={"rows": 2, "cols": 60})}


def _stamp_if_written(form):
    if WORDS & set(form.changed_data) or form.cleaned_data.get("matches_english"):
        translations.mark_written(form.instance)


class EventVersionFormSet(BaseInlineFormSet):
    def save_new(self, form, commit=True):
        form.instance.event = self.instance
        _stamp_if_written(form)
        return super().save_new(form, commit=commit)

    def save_existing(self, form, obj, commit=True):
        _stamp_if_written(form)
        return super().save_existing(form, obj, commit=commit)


def _state(version) -> str:
    states = {state["code"]: state for state in translations.language_status(version.event)}
    return STATE_NAMES[states[version.language]["state"]]


class EventTranslationInline(admin.StackedInline):
    model = EventTranslation
    form = EventVersionForm
    formset = EventVersionFormSet
    extra = 0
    max_num = len(translations.VERSION_LANGUAGES)
    fields = [*EventVersionForm.Meta.fields, "matches_english", "state"]
    readonly_fields = ["state"]
    show_change_link = True  # the place names are translated on the version's own page
    verbose_name = gettext_lazy("language version")
    verbose_name_plural = gettext_lazy("Language versions (Russian, Kazakh): place names are translated on each "
                                       "version's own page")

    @admin.display(description=gettext_lazy("state"))
    def state(self, version):
        return "—" if version.pk is None else _state(version)


class PlaceTranslationInline(admin.TabularInline):
    model = DisplayZoneTranslation
    extra = 0
    fields = ["zone", "place"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "zone":
            version_id = request.resolver_match.kwargs.get("object_id")
            event = EventTranslation.objects.filter(pk=version_id).values("event_id")
            kwargs["queryset"] = DisplayZone.objects.filter(event__in=event)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(EventTranslation)
class EventTranslationAdmin(admin.ModelAdmin):
    form = EventVersionForm
    list_display = ["title", "event", "language", "ready", "state"]
    list_filter = ["language", "ready"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]
    fields = ["event", *EventVersionForm.Meta.fields, "matches_english", "state"]
    readonly_fields = ["event", "state"]
    inlines = [PlaceTranslationInline]

    def has_add_permission(self, request):
        return False  # versions are added on their press conference's page

    @admin.display(description=gettext_lazy("state"))
    def state(self, version):
        return _state(version)

    def save_model(self, request, obj, form, change):
        _stamp_if_written(form)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            translations.mark_written(form.instance)
            form.instance.save(update_fields=["english_fingerprint", "written_at"])
