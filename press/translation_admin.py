"""The newsroom's side of language versions: a release's Russian and Kazakh versions are edited on its page
(``ReleaseTranslationInline``), their quotes on the version's own page (``ReleaseTranslationAdmin``), and
the release list and page say which versions exist, are missing, or are out of date (``language_versions``).

A version's text is recorded as written against the English of that moment whenever its words are saved, or
when the officer ticks that it matches the English as it stands: from then on, a change to the English title,
standfirst, body, notes or a quote makes it "out of date" until someone updates it.
"""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy

from press import translations
from press.models import Quote, QuoteTranslation, ReleaseTranslation

# What makes a version's words (re)written: saving any of them records the English they were written against.
WORDS = {"title", "standfirst", "body", "notes_to_editors"}

STATE_NAMES = {
    "missing": gettext_lazy("missing"),
    "draft": gettext_lazy("written, not ready"),
    "out_of_date": gettext_lazy("out of date: the English changed since it was written"),
    "ready": gettext_lazy("ready"),
}


def language_versions_text(states: list[dict]):
    """``Русский: ready · Қазақша: missing``, each state in words (no colour alone says it)."""
    return format_html_join(
        " · ", '<span class="language-version language-version--{}">{}: {}</span>',
        ((state["state"], state["name"], STATE_NAMES[state["state"]]) for state in states),
    )


class VersionForm(forms.ModelForm):
    matches_english = forms.BooleanField(
        label=gettext_lazy("Matches the English as it stands"), required=False,
        help_text=gettext_lazy("Tick after checking an out-of-date version against the English text: it is "
                               "then up to date. Saving changed words does this by itself."),
    )

    class Meta:
        model = ReleaseTranslation
        fields = ["language", "slug", "title", "standfirst", "body", "notes_to_editors", "ready"]
        # Labels of their own: the version's fields sit on the release's page, below the English ones.
        labels = {
            "slug": gettext_lazy("Slug in this language"),
            "title": gettext_lazy("Translated title"),
            "standfirst": gettext_lazy("Translated standfirst"),
            "body": gettext_lazy("Translated body"),
            "notes_to_editors": gettext_lazy("Translated notes to editors"),
        }
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3, "cols": 90}),
            "body": forms.Textarea(attrs={"rows": 20, "cols": 90}),
            "notes_to_editors": forms.Textarea(attrs={"rows": 6, "cols": 90}),
        }


def _stamp_if_written(form):
    if WORDS & set(form.changed_data) or form.cleaned_data.get("matches_english"):
        translations.mark_written(form.instance)


class VersionFormSet(BaseInlineFormSet):
    """Saves a version with the fingerprint of the English its words were written against (once the release,
    and its quotes, which come first on the page, are saved)."""

    def save_new(self, form, commit=True):
        form.instance.release = self.instance
        _stamp_if_written(form)
        return super().save_new(form, commit=commit)

    def save_existing(self, form, obj, commit=True):
        _stamp_if_written(form)
        return super().save_existing(form, obj, commit=commit)


class ReleaseTranslationInline(admin.StackedInline):
    model = ReleaseTranslation
    form = VersionForm
    formset = VersionFormSet
    extra = 0
    max_num = len(translations.VERSION_LANGUAGES)
    fields = ["language", "slug", "title", "standfirst", "body", "notes_to_editors", "ready", "matches_english",
              "state"]
    readonly_fields = ["state"]
    show_change_link = True  # the translated quotes are edited on the version's own page
    verbose_name = gettext_lazy("language version")
    verbose_name_plural = gettext_lazy("Language versions (Russian, Kazakh): quotes are translated on each "
                                       "version's own page")

    @admin.display(description=gettext_lazy("state"))
    def state(self, version):
        if version.pk is None:
            return "—"
        release = version.release
        states = {state["code"]: state for state in translations.language_status(release)}
        return STATE_NAMES[states[version.language]["state"]]


class QuoteTranslationInline(admin.StackedInline):
    model = QuoteTranslation
    extra = 0
    fields = ["quote", "english", "text"]
    readonly_fields = ["english"]

    @admin.display(description=gettext_lazy("English"))
    def english(self, row):
        return format_html("<q>{}</q> — {}", row.quote.text, row.quote.speaker.short_name) if row.quote_id else "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quote":
            version_id = request.resolver_match.kwargs.get("object_id")
            release = ReleaseTranslation.objects.filter(pk=version_id).values("release_id")
            kwargs["queryset"] = Quote.objects.filter(release__in=release).select_related("speaker")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ReleaseTranslation)
class ReleaseTranslationAdmin(admin.ModelAdmin):
    """A version's own page: its words and its quotes' words, each beside the English."""

    form = VersionForm
    list_display = ["title", "release", "language", "ready", "state"]
    list_filter = ["language", "ready"]
    search_fields = ["title", "release__title"]
    list_select_related = ["release"]
    fields = ["release", "language", "slug", "title", "standfirst", "body", "notes_to_editors", "ready",
              "matches_english", "state"]
    readonly_fields = ["release", "state"]
    inlines = [QuoteTranslationInline]

    def has_add_permission(self, request):
        return False  # versions are added on their release's page

    @admin.display(description=gettext_lazy("state"))
    def state(self, version):
        states = {state["code"]: state for state in translations.language_status(version.release)}
        return STATE_NAMES[states[version.language]["state"]]

    def save_model(self, request, obj, form, change):
        _stamp_if_written(form)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):  # translated quotes are the version's words too
            translations.mark_written(form.instance)
            form.instance.save(update_fields=["english_fingerprint", "written_at"])
