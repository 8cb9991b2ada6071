"""The newsroom's side of language versions: a release's Russian and Kazakh versions are edited on its page
(``ReleaseTranslationInline``), their quotes on the version's own page (``ReleaseTranslationAdmin``), and
the release list and page say which versions exist, are missing, or are out of date (``language_versions``).

A version's text is recorded as written against the English of that moment whenever its words are saved, or
when the officer ticks that it matches the English as it stands: from then on, a change to the English title,
standfirst, body, notes or a quote makes it "out of date" until someone updates it.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from commission.web.admin import (
    LanguageVersionAdmin,
    LanguageVersionForm,
    LanguageVersionInline,
    VersionPartsInline,
)
from press import translations
from press.models import PressRelease, QuoteTranslation, ReleaseTranslation


class VersionForm(LanguageVersionForm):
    # What makes a version's words (re)written: saving any of them records the English they were written against.
    words = frozenset({"title", "dateline_place", "standfirst", "body", "notes_to_editors"})
    item_field = "release"
    mark_written = staticmethod(translations.mark_written)
    language_status = staticmethod(translations.language_status)

    class Meta:
        model = ReleaseTranslation
        fields = ["language", "slug", "title", "dateline_place", "standfirst", "body", "notes_to_editors", "ready"]
        # Labels of their own: the version's fields sit on the release's page, below the English ones.
        labels = {
            "slug": gettext_lazy("Slug in this language"),
            "title": gettext_lazy("Translated title"),
            "dateline_place": gettext_lazy("Translated dateline place"),
            "standfirst": gettext_lazy("Translated standfirst"),
            "body": gettext_lazy("Translated body"),
            "notes_to_editors": gettext_lazy("Translated notes to editors"),
        }
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3, "cols": 90}),
            "body": forms.Textarea(attrs={"rows": 20, "cols": 90}),
            "notes_to_editors": forms.Textarea(attrs={"rows": 6, "cols": 90}),
        }


class ReleaseTranslationInline(LanguageVersionInline):
    model = ReleaseTranslation
    form = VersionForm
    max_num = len(translations.VERSION_LANGUAGES)
    fields = ["language", "slug", "title", "dateline_place", "standfirst", "body", "notes_to_editors", "ready",
              "matches_english", "state"]
    verbose_name_plural = gettext_lazy("Language versions (Russian, Kazakh): quotes are translated on each "
                                       "version's own page")


class QuoteTranslationInline(VersionPartsInline, admin.StackedInline):
    model = QuoteTranslation
    version_model, item_field, part_field, part_select_related = ReleaseTranslation, "release", "quote", ("speaker",)
    extra = 0
    fields = ["quote", "english", "text"]
    readonly_fields = ["english"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("quote__speaker")  # the English column's

    @admin.display(description=gettext_lazy("English"))
    def english(self, row):
        return format_html("<q>{}</q> — {}", row.quote.text, row.quote.speaker.short_name) if row.quote_id else "—"


@admin.register(ReleaseTranslation)
class ReleaseTranslationAdmin(LanguageVersionAdmin):
    """A version's own page: its words and its quotes' words, each beside the English."""

    form = VersionForm
    list_display = ["title", "release", "language", "ready", "state"]
    search_fields = ["title", "release__title"]
    list_select_related = ["release"]
    state_prefetch = ["release__translations", "release__quotes"]
    item_saved_field = "saved_at"
    fields = ["release", "language", "slug", "title", "dateline_place", "standfirst", "body", "notes_to_editors",
              "ready", "matches_english", "state"]
    readonly_fields = ["release", "state"]
    inlines = [QuoteTranslationInline]  # translated quotes are the version's words too

    def get_queryset(self, request):
        # A draft's or an embargoed release's words are news: its versions, like its title anywhere in the
        # admin, only for those who may read releases (``visible_to``); a page of another is not found.
        return super().get_queryset(request).filter(release__in=PressRelease.objects.visible_to(request.user))
