"""The newsroom: press officers write, preview, schedule and publish releases here."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation, helpers
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, F, Max
from django.forms.models import BaseInlineFormSet
from django.forms.widgets import SplitHiddenDateTimeWidget
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from commission.admin import DocumentAttachmentInline, ImageAttachmentInline
from commission.models import Commission
from commission.web.admin import (
    ZonedSplitDateTime,
    apply_each,
    house_times,
    language_versions_text,
    list_time,
    moment_fields,
)
from commission.web.exports import csv_response, shown_value
from commission.web.links import absolute_url
from commission.web.times import date_and_time
from events import timezones
from events.fields import TimeZoneFormField
from press import accreditation, embargo, embargo_times, markup, revisions, services, translations
from press.forms import DecisionReasonForm
from press.models import (
    Accreditation,
    AlertSubscription,
    PressRelease,
    PreviewLink,
    PreviewLinkUse,
    Quote,
    ReleaseDocument,
    ReleaseImage,
    Revision,
    Topic,
)
from press.translation_admin import ReleaseTranslationInline
from press.views import render_preview


def in_zones(moment: datetime.datetime) -> str:
    """A time in the site's zone and in UTC, the way the newsroom reads it:
    ``Saturday 1 July 2028, 10:00am BST (Europe/London) · 9:00am UTC``."""
    text = date_and_time(moment)
    zone = timezone.get_current_timezone_name()
    if zone == "UTC":
        return text
    utc = timezones.in_zone(moment, "UTC", reference_date=timezone.localtime(moment).date())
    return f"{text} ({zone}) · {utc.text}"


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ru", "name_kk", "slug", "release_count"]
    search_fields = ["name", "name_ru", "name_kk"]
    # The Russian and Kazakh names, left empty, show the English; the slug is the topic's in every language.
    fields = ["name", "name_ru", "name_kk", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(release_count=Count("releases"))

    @admin.display(description=gettext_lazy("releases"), ordering="release_count")
    def release_count(self, topic):
        return topic.release_count


class QuoteFormSet(BaseInlineFormSet):
    """Each quote has its own number, and every ``[quote N]`` in the body names one of them.

    A new row starts with the next free number: one more than the highest saved quote's, counting the new rows
    before it. The row the browser copies for "Add another quote" gets the first free one; quote-admin.js
    numbers the rows added after it."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        first_new = self.initial_form_count()
        if index is None or index >= first_new:
            highest = max((quote.order for quote in self.get_queryset()), default=0)
            offset = (self.total_form_count() if index is None else index) - first_new
            kwargs["initial"] = {**kwargs.get("initial", {}), "order": highest + 1 + offset}
        return kwargs

    def clean(self):
        super().clean()
        numbers = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("order") is None:
                continue
            numbers.append(data["order"])
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        errors = [
            ValidationError(
                _("Two quotes have number %(number)s: give each quote its own number."),
                code="duplicate_number", params={"number": number},
            )
            for number in duplicates
        ]
        placed, misplaced = markup.quote_references(self.instance.body)
        errors += [
            ValidationError(
                _("The body places [quote %(number)s], but there is no quote %(number)s below."),
                code="unknown_quote", params={"number": number},
            )
            for number in sorted(set(placed) - set(numbers))
        ]
        errors += [
            ValidationError(
                _("Put [quote %(number)s] on a line of its own, between two paragraphs."),
                code="misplaced_quote", params={"number": number},
            )
            for number in sorted(set(misplaced))
        ]
        if errors:
            raise ValidationError(errors)


class QuoteInline(admin.StackedInline):
    model = Quote
    formset = QuoteFormSet
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["order", "speaker", "text"]
    ordering = ["order", "id"]

    class Media:
        js = ["js/quote-admin.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")  # each row's title names the speaker


@house_times
class PreviewLinkInline(admin.TabularInline):
    """Links already shared for this release; they are created with the "Share a preview link" button."""

    model = PreviewLink
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = ["address", "created_by", "created_at", "expires_at", "state", "use_count"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("preview links shared")

    def has_add_permission(self, request, obj=None):
        return False  # created with the "Share a preview link" button, which logs who made it

    def get_queryset(self, request):
        # Each row's title names the release.
        return (
            super().get_queryset(request).shared_previews().select_related("release", "created_by").with_state()
            .annotate(use_count=Count("uses"))
        )

    # The inline also draws an empty template row, with an unsaved link: show nothing there.

    def get_fields(self, request, obj=None):
        # The revoke button only for those who may revoke (services.may_revoke checks again on the server).
        return [*self.fields, "revoke"] if services.may_revoke(request.user) else list(self.fields)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=gettext_lazy("address"))
    def address(self, link):
        if link.pk is None:
            return "—"
        return preview_address_box(link)

    @admin.display(description=gettext_lazy("revoke"))
    def revoke(self, link):
        """One button: saves the form, as the newsroom's buttons do, then revokes this link."""
        if link.pk is None or link.state != PreviewLink.State.ACTIVE:
            return "—"
        return format_html('<button type="submit" class="button" name="_revoke_link" value="{}" '
                           'aria-label="{}">{}</button>', link.pk,
                           _("Revoke the link made %(when)s") % {"when": list_time(link.created_at)}, _("Revoke"))

    @admin.display(description=gettext_lazy("state"))
    def state(self, link):
        return link_state(link) if link.pk else "—"

    @admin.display(description=gettext_lazy("opened"))
    def use_count(self, link):
        return getattr(link, "use_count", "—")


def link_url(link: PreviewLink) -> str:
    return absolute_url(link.get_absolute_url())


def preview_address_box(link: PreviewLink) -> str:
    """A link's address in a read-only box, to select and copy whole (admin-a11y.js adds a copy button)."""
    return format_html('<input type="text" readonly class="preview-address" value="{}" size="50" aria-label="{}">',
                       link_url(link), _("Preview link address"))


def link_state(link: PreviewLink) -> str:
    """The label of a link read with ``with_state()``."""
    return PreviewLink.State(link.state).label


class VisibilityFilter(admin.SimpleListFilter):
    title = gettext_lazy("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        Visibility = PressRelease.Visibility
        return [("live", Visibility.PUBLIC.label), ("scheduled", Visibility.SCHEDULED.label),
                ("draft", Visibility.DRAFT.label)]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "live":
            return queryset.published(now=now)
        if self.value() == "scheduled":
            return queryset.scheduled(now=now)
        if self.value() == "draft":
            return queryset.drafts()
        return queryset


class ScheduleForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        label=gettext_lazy("Publish at"), widget=ZonedSplitDateTime,
        error_messages={
            "invalid_date": gettext_lazy("Enter a date as YYYY-MM-DD."),
            "invalid_time": gettext_lazy("Enter a time as HH:MM."),
        },
    )

    def __init__(self, *args, confirming=False, **kwargs):
        super().__init__(*args, **kwargs)
        if confirming:
            self.fields["publish_at"].widget = SplitHiddenDateTimeWidget()
        self.fields["publish_at"].help_text = _("In the site's time zone, %(zone)s.") % {
            "zone": timezone.get_current_timezone_name()
        }

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise ValidationError(
                _("Choose a time in the future; to publish now, use “Publish now”."), code="past"
            )
        return value


class EmbargoForm(forms.Form):
    """The end of an embargo, typed in a chosen zone: the date and time boxes are read in that zone."""

    zone = TimeZoneFormField(label=gettext_lazy("Time zone"),
                             help_text=gettext_lazy("The zone you type the time in; the embargo is shown in it "
                                                    "first, then in the commission's display zones."))
    until = forms.SplitDateTimeField(
        label=gettext_lazy("Embargoed until"),
        error_messages={
            "invalid_date": gettext_lazy("Enter a date as YYYY-MM-DD."),
            "invalid_time": gettext_lazy("Enter a time as HH:MM."),
        },
    )

    def __init__(self, *args, confirming=False, zone="", **kwargs):
        super().__init__(*args, **kwargs)
        posted = self.data.get(self.add_prefix("zone"), "") if self.is_bound else ""
        self.zone_name = next((name for name in (posted, zone) if timezones.is_zone_name(name)),
                              timezone.get_current_timezone_name())
        if confirming:
            self.fields["zone"].widget = forms.HiddenInput()
            self.fields["until"].widget = SplitHiddenDateTimeWidget()
        else:
            self.fields["until"].widget = ZonedSplitDateTime(zone=self.zone_name)

    def full_clean(self):
        # The boxes hold a wall time in the chosen zone: read them there (a time the clocks skip or repeat
        # there is refused by Django's reading of it).
        with timezone.override(self.zone_name):
            super().full_clean()

    def clean_until(self):
        value = self.cleaned_data["until"]
        if value <= timezone.now():
            raise ValidationError(_("Choose a time in the future; to publish now, use “Publish now”."),
                                  code="past")
        return value


class JournalistChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.outlet}, {obj.country})"


class SendEmbargoedForm(forms.Form):
    """Who receives an embargoed release: every accredited journalist not sent it yet, narrowed by the
    filters, or those picked one by one."""

    beats = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Beats"), queryset=Topic.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=gettext_lazy("Journalists following any of these."),
    )
    language = forms.CharField(label=gettext_lazy("Working language"), max_length=100, required=False,
                               help_text=gettext_lazy("A word of their working languages, e.g. Kazakh."))
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    outlet = forms.ChoiceField(label=gettext_lazy("Outlet"), required=False)
    journalists = JournalistChoiceField(
        label=gettext_lazy("Or pick journalists"), queryset=Accreditation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("When you pick any, only they are sent it and the filters above are not used."),
    )

    def __init__(self, *args, release, confirming=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.release = release
        pending = embargo.recipients(release)
        self.fields["journalists"].queryset = pending
        accredited = Accreditation.objects.accredited()
        for name in ("country", "outlet"):
            values = accredited.order_by(name).values_list(name, flat=True).distinct()
            self.fields[name].choices = [("", _("Any")), *((value, value) for value in values)]
        if confirming:
            for field in self.fields.values():
                field.widget = (forms.MultipleHiddenInput() if isinstance(field, forms.ModelMultipleChoiceField)
                                else forms.HiddenInput())

    def recipients(self):
        data = self.cleaned_data
        return embargo.recipients(self.release, beats=data["beats"], language=data["language"],
                                  country=data["country"], outlet=data["outlet"], chosen=data["journalists"])


KIND_CHOICES = [(kind.value, kind.label) for kind in Revision.Kind if kind != Revision.Kind.PUBLISHED]
KIND_HELP = gettext_lazy(
    "Correction: the release said something wrong. Update: it adds or changes information. Both are listed on "
    "the release with your note and the time. Minor edit: a typo or wording, no change of meaning; listed in "
    "the version history as “minor edit”, no note needed."
)


class ChangeKindForm(forms.Form):
    """What kind of change an edit of a live release is, and the note readers see (``Revision``)."""

    change_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of change"), choices=KIND_CHOICES, required=False, widget=forms.RadioSelect,
        help_text=KIND_HELP,
    )
    change_note = forms.CharField(
        label=gettext_lazy("Note for readers"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 90}),
        help_text=gettext_lazy("Required for a correction or an update: what changed and why, e.g. “An earlier "
                               "version gave the wrong date for the hearing.”"),
    )

    def clean(self):
        check_change_kind(self, text_changed=True)
        return self.cleaned_data


def check_change_kind(form, *, text_changed: bool) -> None:
    """Errors next to the fields when the public text changed without a kind, or a kind lacks its note."""
    kind, note = form.cleaned_data.get("change_kind"), form.cleaned_data.get("change_note", "").strip()
    if text_changed and not kind:
        form.add_error("change_kind", ValidationError(
            _("This release is public and its text changed: say whether this is a correction, an update or "
              "a minor edit."), code="kind_required"))
    elif kind in revisions.LOGGED_KINDS and not note:
        form.add_error("change_note", ValidationError(
            _("Write a note for readers: a correction or an update is shown with its note."), code="note_required"))


class PressReleaseForm(forms.ModelForm):
    """The release form, with the kind of change asked when a live release's public text changes."""

    change_kind = ChangeKindForm.base_fields["change_kind"]
    change_note = ChangeKindForm.base_fields["change_note"]
    # Set by PressReleaseAdmin.get_form: whether the release is live, and its quote rows' formset class.
    release_is_live = False
    quote_formset = None

    def clean(self):
        cleaned = super().clean()
        if self.release_is_live and self._stays_live():
            check_change_kind(self, text_changed=self._public_text_changed())
        return cleaned

    def _stays_live(self) -> bool:
        # Returned to draft or moved to a later time, the edit makes no public version now.
        if "_unpublish" in self.data:
            return False
        status = self.cleaned_data.get("status", self.instance.status)
        publish_at = self.cleaned_data.get("publish_at", self.instance.publish_at)
        return status == PressRelease.Status.PUBLISHED and publish_at is not None and publish_at <= timezone.now()

    def _public_text_changed(self) -> bool:
        if services.PUBLIC_TEXT_FIELDS.intersection(self.changed_data):
            return True
        quotes = self.quote_formset(data=self.data, files=self.files, instance=self.instance,
                                    prefix=self.quote_formset.get_default_prefix())
        return quotes.is_bound and quotes.management_form.is_valid() and quotes.has_changed()


class OfferedActionsOnly:
    """A list action the user is not offered, posted anyway, is refused with 403. Django would ignore it, or
    answer "No action selected." when the user has other actions; either way, nothing would say why."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            posted = set(request.POST.getlist("action")) - {""}
            if posted - set(self.get_actions(request)):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)


@admin.register(PressRelease)
@house_times
class PressReleaseAdmin(OfferedActionsOnly, admin.ModelAdmin):
    list_display = ["title", "visibility", *moment_fields(PressRelease, "publish_at"), "topic_names",
                    "language_versions"]
    list_filter = [VisibilityFilter, "topics", ("publish_at", admin.DateFieldListFilter)]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "publish_at"
    # Drafts without a time first, on every database (PostgreSQL and SQLite sort NULLs differently).
    ordering = [F("publish_at").desc(nulls_first=True), "-id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "related_people", "media_contacts", "commission"]
    readonly_fields = ["publication", "first_published_at", "last_updated_at", "email_alerts", "language_versions"]
    # Only staff who may publish set these; the others see them, read-only (get_readonly_fields).
    publication_fields = ["status", "publish_at"]
    inlines = [
        QuoteInline,
        type("ReleaseImageInline", (ImageAttachmentInline,), {"model": ReleaseImage,
                                                             "fields": ["image", "order", "is_share_image"]}),
        type("ReleaseDocumentInline", (DocumentAttachmentInline,), {"model": ReleaseDocument}),
        PreviewLinkInline,
        ReleaseTranslationInline,  # after the quotes: a version saved is stamped with the English as saved
    ]
    formfield_overrides = {models.DateTimeField: {"widget": ZonedSplitDateTime}}  # each names the site's zone
    actions = ["publish_now", "return_to_draft", "delete_selected"]
    change_form_template = "admin/press/pressrelease/change_form.html"
    object_history_template = "admin/press/pressrelease/object_history.html"
    form = PressReleaseForm
    # Shown on a live release only: its edits make public versions (Revision).
    change_kind_fieldset = (gettext_lazy("This change"), {
        "fields": ["change_kind", "change_note"],
        "description": gettext_lazy("This release is public: every change to its text is kept in its public "
                                    "version history. Say what kind of change this is."),
    })
    # Room to write: a release body is a page long.
    formfield_overrides_by_name = {
        "body": forms.Textarea(attrs={"rows": 28, "cols": 90}),
        "standfirst": forms.Textarea(attrs={"rows": 3, "cols": 90}),
        "notes_to_editors": forms.Textarea(attrs={"rows": 12, "cols": 90}),
    }
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "dateline_place", "standfirst", "body"],
                "description": gettext_lazy(
                    "Write in Markdown: a blank line between paragraphs, “# ” before a sub-heading, “- ” before "
                    "a list item (indent two spaces to nest), [text](https://address) for a link. Put a quote "
                    "between paragraphs with a line of its own such as [quote 1]. Quotes not placed follow the "
                    "text. “Save and preview” shows the page exactly as the public will see it."
                )}),
        (gettext_lazy("Publication"), {"fields": [
            "publication", "status", "publish_at", "first_published_at", "last_updated_at", "email_alerts",
            "language_versions",
        ]}),
        (gettext_lazy("Hero image"), {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"],
                                      "classes": ["collapse"]}),
        (gettext_lazy("Filing"), {"fields": ["topics", "related_people", "commission"]}),
        (gettext_lazy("Notes to editors and contacts"), {"fields": ["notes_to_editors", "media_contacts"]}),
    ]

    def get_queryset(self, request):
        # Versions and quotes: the language versions' column says which are out of date (two queries a page).
        return super().get_queryset(request).with_visibility().prefetch_related("topics", "translations", "quotes")

    @admin.display(description=gettext_lazy("language versions"))
    def language_versions(self, release):
        """Which versions exist, are missing or out of date: a column of the list, a line on the page. Versions
        go public with the release: publishing, scheduling and returning to draft act on all of them."""
        if release is None or release.pk is None:
            return "—"
        return language_versions_text(translations.language_status(release))

    def _is_live(self, obj) -> bool:
        return obj is not None and PressRelease.objects.published().filter(pk=obj.pk).exists()

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if self.has_change_permission(request, obj) and self._is_live(obj):
            fieldsets.insert(1, self.change_kind_fieldset)
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A class made for this request (modelform_factory): these attributes are this request's.
        form.release_is_live = self._is_live(obj)
        form.quote_formset = QuoteInline(self.model, self.admin_site).get_formset(request, obj)
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.formfield_overrides_by_name:
            kwargs["widget"] = self.formfield_overrides_by_name[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # Who may do what: the rules are the services' (may_*); the buttons, their pages, the list actions and
    # the form's read-only fields all ask here. The services check again whatever reaches them.

    def has_publish_permission(self, request, obj=None):
        """Publish, schedule, return to draft, set the status or the publication time."""
        return services.may_publish(request.user) and self.has_change_permission(request, obj)

    def has_share_permission(self, request, obj=None):
        """Share a preview link: only with the button on the form, which saves first and logs who shared."""
        return services.may_share(request.user) and self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """A draft, with the delete permission; a published or scheduled release only by a superuser."""
        if obj is None:
            return super().has_delete_permission(request)
        return services.may_delete(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            fields += self.publication_fields
        return fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            embargo_copies=self.embargo_copies(request, obj),
            may_withdraw=embargo.may_send(request.user) and self.has_change_permission(request, obj),
            newsroom_buttons=self.newsroom_buttons(request, obj),
            # Staff who cannot edit have nothing unsaved: they may look at the saved version.
            show_preview_link=change and not self.has_change_permission(request, obj),
        )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def newsroom_buttons(self, request, obj) -> list[tuple[str, str]]:
        """The buttons under the form this user may press, as (name, label). Each saves the form first."""
        if obj is not None and not self.has_change_permission(request, obj):
            return []
        visibility = obj.visibility if obj is not None else PressRelease.Visibility.DRAFT
        may_publish = self.has_publish_permission(request, obj)
        buttons = [("_preview", _("Save and preview"))]
        if may_publish and visibility != PressRelease.Visibility.PUBLIC:
            buttons.append(("_publish", _("Publish now")))
        if may_publish:
            buttons.append(("_schedule", _("Schedule for…")))
        if may_publish and visibility != PressRelease.Visibility.PUBLIC:
            buttons.append(("_embargo", _("Embargo until…")))
        if (obj is not None and obj.embargo and visibility == PressRelease.Visibility.SCHEDULED
                and embargo.may_send(request.user)):
            buttons.append(("_send_embargoed", _("Send to journalists under embargo…")))
        if self.has_share_permission(request, obj):
            buttons.append(("_share", _("Share a preview link")))
        if may_publish and visibility != PressRelease.Visibility.DRAFT:
            buttons.append(("_unpublish", _("Return to draft")))
        return buttons

    def embargo_copies(self, request, obj) -> list[PreviewLink] | None:
        """The journalists sent this release under embargo, with their copies' state and openings; shown on the
        release's page (templates/admin/press/pressrelease/embargo_copies.html)."""
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return None
        copies = list(obj.preview_links.embargo_copies().with_state().select_related("accreditation", "created_by")
                      .prefetch_related("uses").order_by("accreditation__name", "pk"))
        if not copies and not obj.embargo:
            return None
        for copy in copies:
            copy.sent = list_time(copy.created_at)
            copy.openings = [list_time(use.used_at) for use in copy.uses.all()]
            copy.state_label = link_state(copy)
        return copies

    @admin.display(description=gettext_lazy("visibility"), ordering="status")
    def visibility(self, release):
        return PressRelease.Visibility(release.visibility).label

    @admin.display(description=gettext_lazy("topics"))
    def topic_names(self, release):
        return ", ".join(topic.name for topic in release.topics.all()) or "—"

    @admin.display(description=gettext_lazy("now"))
    def publication(self, release):
        if release.pk is None or release.visibility == PressRelease.Visibility.DRAFT:
            return _("Draft: nobody outside the newsroom can see it.")
        if release.visibility == PressRelease.Visibility.SCHEDULED and release.embargo:
            return _("Under embargo until %(until)s: goes public then.") % {
                "until": embargo_times.release_until_text(release)}
        if release.visibility == PressRelease.Visibility.SCHEDULED:
            return _("Scheduled: goes public %(when)s.") % {"when": in_zones(release.publish_at)}
        return _("Public since %(when)s.") % {"when": in_zones(release.publish_at)}

    @admin.display(description=gettext_lazy("Email alerts"))
    def email_alerts(self, release):
        """How the release's alerts to subscribers stand (press/alerts.py): one query."""
        if release.pk is None:
            return "—"
        counts = release.alert_deliveries.counts()
        return _("%(queued)d queued, %(sent)d sent, %(failed)d failed") % counts

    # Adding and editing -------------------------------------------------------------------------------------

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        commission = Commission.objects.current()
        if commission is not None:
            initial.setdefault("commission", commission.pk)
            initial.setdefault("notes_to_editors", commission.about)
            initial.setdefault("media_contacts", [contact.pk for contact in commission.media_contacts.all()])
        return initial

    def save_model(self, request, obj, form, change):
        # Whether the release was live before this edit, read from the database by the one visibility rule;
        # kept on the form for save_related, where the quotes are saved.
        form.press_was_public = change and PressRelease.objects.published().filter(pk=obj.pk).exists()
        try:
            services.save_release(release=obj, by=request.user, was_public=form.press_was_public)
        except services.NotAllowed:
            # The form does not offer what the service refused (get_readonly_fields): the post was forged.
            raise PermissionDenied from None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Once the quotes and contacts are saved too: the public version, if the public text changed.
        services.record_edit(release=form.instance, by=request.user, was_public=form.press_was_public,
                             kind=form.cleaned_data.get("change_kind") or None,
                             note=form.cleaned_data.get("change_note", ""))

    # The newsroom buttons, on the add and the change form alike: each is a submit button of the form, so
    # it acts on what is on the screen, once Django has validated and saved it like any other save.

    def response_add(self, request, obj, post_url_continue=None):
        return self._newsroom_response(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._newsroom_response(request, obj) or super().response_change(request, obj)

    def _newsroom_response(self, request, obj):
        """What the pressed newsroom button does once the form is saved; None for Django's own buttons."""
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("admin:press_pressrelease_preview", args=[obj.pk]))
        if "_publish" in request.POST or "_schedule" in request.POST:
            try:
                services.check_may_publish(request.user)  # before the page that asks, not only when it is answered
            except services.NotAllowed as error:
                return self._saved_but_refused(request, obj, error.message)
            self.message_user(request, _("Your changes to “%(title)s” are saved.") % {"title": obj.title},
                              messages.SUCCESS)
            view = "publish" if "_publish" in request.POST else "schedule"
            return HttpResponseRedirect(reverse(f"admin:press_pressrelease_{view}", args=[obj.pk]))
        if "_share" in request.POST:
            try:
                link = services.create_preview_link(release=obj, created_by=request.user)
            except services.NotAllowed as error:
                return self._saved_but_refused(request, obj, error.message)
            # At the top of the page, where the officer is looking (admin-a11y.js moves focus there and adds
            # a copy button): the address in a box, to select and copy whole.
            self.message_user(
                request,
                format_html(_("Your changes are saved. Preview link created, valid until {}. Send this address: {}"),
                            in_zones(link.expires_at), preview_address_box(link)),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(obj))
        if "_revoke_link" in request.POST:
            return self._revoke_link(request, obj, request.POST["_revoke_link"])
        if "_embargo" in request.POST:
            try:
                services.check_may_publish(request.user)
            except services.NotAllowed as error:
                return self._saved_but_refused(request, obj, error.message)
            return HttpResponseRedirect(reverse("admin:press_pressrelease_embargo", args=[obj.pk]))
        if "_send_embargoed" in request.POST:
            return HttpResponseRedirect(reverse("admin:press_pressrelease_send_embargoed", args=[obj.pk]))
        if "_withdraw_copy" in request.POST or "_withdraw_all" in request.POST:
            return self._withdraw_copies(request, obj, request.POST.get("_withdraw_copy"))
        if "_unpublish" in request.POST:
            try:
                services.unpublish_release(release=obj, by=request.user)
            except services.NotAllowed as error:
                return self._saved_but_refused(request, obj, error.message)
            self.message_user(
                request,
                _("Your changes are saved. “%(title)s” is a draft again: it is off the public site.")
                % {"title": obj.title},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(obj))
        return None

    def _revoke_link(self, request, obj, link_id):
        """The "Revoke" button of a preview link of this release, once the form is saved."""
        link = PreviewLink.objects.filter(release=obj, pk=link_id).first() if link_id.isdigit() else None
        if link is None:
            return self._saved_but_refused(request, obj, _("That preview link is not one of this release’s."))
        try:
            services.revoke_preview_link(link=link, revoked_by=request.user)
        except services.NotAllowed as error:
            return self._saved_but_refused(request, obj, error.message)
        self.message_user(request, _("Your changes are saved. The preview link made %(when)s is revoked: it no "
                                     "longer opens the draft.") % {"when": in_zones(link.created_at)},
                          messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj) + "#preview_links-group")

    def _withdraw_copies(self, request, obj, journalist_id):
        """The "Withdraw" button of one journalist's embargoed copy, or "Withdraw from all", once saved."""
        if journalist_id is not None and not journalist_id.isdigit():
            return self._saved_but_refused(request, obj, _("That journalist was not sent this release."))
        try:
            count = embargo.withdraw_embargoed(release=obj, by=request.user,
                                               journalist_ids=None if journalist_id is None else [int(journalist_id)])
        except services.NotAllowed as error:
            return self._saved_but_refused(request, obj, error.message)
        self.message_user(request, ngettext(
            "Your changes are saved. %(count)d journalist’s copy is withdrawn: the link no longer opens the release.",
            "Your changes are saved. %(count)d journalists’ copies are withdrawn: the links no longer open the "
            "release.", count) % {"count": count}, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj) + "#embargo-copies")

    def _saved_but_refused(self, request, obj, reason):
        self.message_user(request, _("Your changes to “%(title)s” are saved, but nothing else was done. %(reason)s")
                          % {"title": obj.title, "reason": reason}, messages.ERROR)
        return HttpResponseRedirect(self._change_url(obj))

    # Deleting: drafts only, except for superusers ----------------------------------------------------------

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A release's preview links and their log of openings go with it. On their own they are revoked,
        # never deleted (PreviewLinkAdmin), which must not keep anyone from deleting the release.
        perms_needed -= {PreviewLink._meta.verbose_name, PreviewLinkUse._meta.verbose_name}
        return deleted, model_count, perms_needed, protected

    def delete_model(self, request, obj):
        self.delete_queryset(request, PressRelease.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        try:
            services.delete_releases(releases=queryset, by=request.user)
        except services.NotAllowed:
            # has_delete_permission refused these already; one was published in between.
            raise PermissionDenied from None

    @admin.action(description=gettext_lazy("Delete selected %(verbose_name_plural)s"), permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Django's deletion, with its confirmation page, when no selected release is public or scheduled."""
        refused = [release for release in queryset if not services.may_delete(request.user, release)]
        if refused:
            self.message_user(request, _("Nothing was deleted. %(reason)s")
                              % {"reason": services.refused_deletion_message(refused)}, messages.ERROR)
            return None
        return admin_actions.delete_selected(self, request, queryset)

    # Actions ------------------------------------------------------------------------------------------------

    @admin.action(
        description=gettext_lazy("Publish now"), permissions=["publish"],
        location=[ActionLocation.CHANGE_LIST],
    )
    def publish_now(self, request, queryset):
        """Asks first, as the button on the form does, naming the releases; publishes them once confirmed."""
        if "post" not in request.POST:
            count = len(queryset)
            return TemplateResponse(request, "admin/press/pressrelease/publish_selected.html", {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": ngettext("Publish %(count)d release now?", "Publish %(count)d releases now?", count)
                % {"count": count},
                "releases": queryset,
                "count": count,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            })
        apply_each(self, request, queryset,
                   lambda release: services.publish_release(release=release, by=request.user),
                   ngettext_lazy("%(count)d release published.", "%(count)d releases published.", "count"),
                   catch=services.NotAllowed)

    # On the change form, "Return to draft" is a button of the form, which saves what is typed first.
    @admin.action(
        description=gettext_lazy("Return to draft (take off the public site)"), permissions=["publish"],
        location=[ActionLocation.CHANGE_LIST],
    )
    def return_to_draft(self, request, queryset):
        apply_each(self, request, queryset,
                   lambda release: services.unpublish_release(release=release, by=request.user),
                   ngettext_lazy("%(count)d release is a draft again.", "%(count)d releases are drafts again.",
                                 "count"),
                   catch=services.NotAllowed)

    # The pages the buttons lead to, once the form is saved: preview, confirm publishing, choose a time ------

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path("<path:object_id>/preview/", wrap(self.preview_view), name="press_pressrelease_preview"),
            path("<path:object_id>/publish/", wrap(self.publish_view), name="press_pressrelease_publish"),
            path("<path:object_id>/schedule/", wrap(self.schedule_view), name="press_pressrelease_schedule"),
            path("<path:object_id>/embargo/", wrap(self.embargo_view), name="press_pressrelease_embargo"),
            path("<path:object_id>/embargo/send/", wrap(self.send_embargoed_view),
                 name="press_pressrelease_send_embargoed"),
            path("<path:object_id>/history/<int:number>/", wrap(self.version_view),
                 name="press_pressrelease_version"),
            *super().get_urls(),
        ]

    def _release_or_404(self, request, object_id, *, check):
        release = self.get_object(request, unquote(object_id))
        if release is None:
            raise Http404(_("No press release with that ID."))
        if not check(request, release):
            raise PermissionDenied
        return release

    def _change_url(self, release):
        return reverse("admin:press_pressrelease_change", args=[release.pk])

    def preview_view(self, request, object_id):
        release = self._release_or_404(request, object_id, check=self.has_view_or_change_permission)
        return render_preview(request, release, via="admin")

    def publish_view(self, request, object_id):
        """Asks before publishing, saying what will happen; "Publish now" on the form leads here once saved."""
        release = self._release_or_404(request, object_id, check=self.has_publish_permission)
        if release.visibility == PressRelease.Visibility.PUBLIC:
            self.message_user(request, _("“%(title)s” is already public, since %(when)s.")
                              % {"title": release.title, "when": in_zones(release.publish_at)}, messages.INFO)
            return HttpResponseRedirect(self._change_url(release))
        if request.method == "POST" and "_confirm" in request.POST:
            try:
                services.publish_release(release=release, by=request.user)
            except services.NotAllowed as error:
                self.message_user(request, error.message, messages.ERROR)
                return HttpResponseRedirect(self._change_url(release))
            self.message_user(
                request,
                _("“%(title)s” is public since %(when)s.") % {"title": release.title, "when": in_zones(release.publish_at)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(release))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": release,
            "title": _("Publish “%(title)s” now?") % {"title": release.title},
            "scheduled_for": (in_zones(release.publish_at)
                              if release.visibility == PressRelease.Visibility.SCHEDULED else ""),
        }
        return TemplateResponse(request, "admin/press/pressrelease/publish.html", context)

    def _confirm_step(self, request, release, *, form_class, form_kwargs=None, unbound, act, template, title,
                      extra=lambda form, confirming: {}, anchor=""):
        """A page of two steps (templates/admin/press/pressrelease/confirm_step.html): the form; once it is
        valid, what will happen, to confirm or change; once confirmed, ``act(form)``, which returns the message
        to report (a ``NotAllowed`` is reported as an error), and back to the release's page.
        ``unbound()`` is the form first shown; ``extra(form, confirming)`` the template's own context."""
        form_kwargs = form_kwargs or {}
        confirming = False
        if request.method == "POST":
            form = form_class(request.POST, **form_kwargs)
            if form.is_valid() and "_change" not in request.POST:
                if "_confirm" in request.POST:
                    try:
                        done = act(form)
                    except services.NotAllowed as error:
                        self.message_user(request, error.message, messages.ERROR)
                        return HttpResponseRedirect(self._change_url(release))
                    self.message_user(request, done, messages.SUCCESS)
                    return HttpResponseRedirect(self._change_url(release) + anchor)
                confirming = True
                form = form_class(request.POST, confirming=True, **form_kwargs)
                form.is_valid()
        else:
            form = unbound()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": release,
            "title": title,
            "form": form,
            "confirming": confirming,
            **extra(form, confirming),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, f"admin/press/pressrelease/{template}.html", context)

    def schedule_view(self, request, object_id):
        release = self._release_or_404(request, object_id, check=self.has_publish_permission)

        def schedule(form):
            publish_at = form.cleaned_data["publish_at"]
            services.schedule_release(release=release, publish_at=publish_at, by=request.user)
            return (_("“%(title)s” is scheduled: it goes public %(when)s.")
                    % {"title": release.title, "when": in_zones(publish_at)})

        def unbound():
            initial = {}
            if release.publish_at and release.publish_at > timezone.now():
                initial["publish_at"] = timezone.localtime(release.publish_at)
            return ScheduleForm(initial=initial)

        return self._confirm_step(
            request, release, form_class=ScheduleForm, unbound=unbound, act=schedule, template="schedule",
            title=_("Schedule “%(title)s”") % {"title": release.title},
            extra=lambda form, confirming: {
                "when": in_zones(form.cleaned_data["publish_at"]) if confirming else "",
                "zone": timezone.get_current_timezone_name(),
            },
        )

    def embargo_view(self, request, object_id):
        """Put the release under embargo: its end typed in a chosen zone, confirmed in every display zone."""
        release = self._release_or_404(request, object_id, check=self.has_publish_permission)

        def put_under_embargo(form):
            until, zone = form.cleaned_data["until"], form.cleaned_data["zone"]
            embargo.embargo_release(release=release, until=until, zone=zone, by=request.user)
            return (_("“%(title)s” is under embargo until %(until)s: it goes public then. Send it to journalists "
                      "with “Send to journalists under embargo…”.")
                    % {"title": release.title, "until": embargo_times.until_text(until, zone)})

        def unbound():
            zone = release.embargo_zone or timezone.get_current_timezone_name()
            initial = {"zone": zone}
            if release.publish_at and release.publish_at > timezone.now():
                initial["until"] = timezone.localtime(release.publish_at, timezones.get_zone(zone)).replace(
                    tzinfo=None)
            return EmbargoForm(initial=initial, zone=zone)

        def extra(form, confirming):
            if not confirming:
                return {"until": "", "utc": ""}
            return {"until": embargo_times.until_text(form.cleaned_data["until"], form.cleaned_data["zone"]),
                    "utc": timezones.in_zone(form.cleaned_data["until"], "UTC").text}

        return self._confirm_step(
            request, release, form_class=EmbargoForm, unbound=unbound, act=put_under_embargo, template="embargo",
            title=_("Embargo “%(title)s”") % {"title": release.title}, extra=extra,
        )

    def send_embargoed_view(self, request, object_id):
        """Choose the journalists, see how many will receive it, then send: each gets a personal link."""
        release = self._release_or_404(
            request, object_id, check=lambda request, obj: embargo.may_send(request.user)
            and self.has_view_or_change_permission(request, obj))
        if not embargo.is_under_embargo(release):
            self.message_user(request, _("Only a release under embargo, not yet public, can be sent to "
                                         "journalists."), messages.ERROR)
            return HttpResponseRedirect(self._change_url(release))

        def send(form):
            sent = embargo.send_embargoed(release=release, journalists=list(form.recipients()), by=request.user)
            return ngettext(
                "“%(title)s” is being sent under embargo to %(count)d journalist.",
                "“%(title)s” is being sent under embargo to %(count)d journalists.", len(sent),
            ) % {"title": release.title, "count": len(sent)}

        return self._confirm_step(
            request, release, form_class=SendEmbargoedForm, form_kwargs={"release": release},
            unbound=lambda: SendEmbargoedForm(release=release), act=send, template="send_embargoed",
            title=_("Send “%(title)s” under embargo") % {"title": release.title},
            extra=lambda form, confirming: {
                "recipients": list(form.recipients()) if confirming else [],
                "until": embargo_times.release_until_text(release),
            },
            anchor="#embargo-copies",
        )

    # Versions: the public history, with who made each, and restoring an earlier one --------------------------

    def history_view(self, request, object_id, extra_context=None):
        """Django's history of admin edits, with the release's public versions above it."""
        release = self._release_or_404(request, object_id, check=self.has_view_or_change_permission)
        versions = release.revisions.without_text().select_related("created_by")
        extra_context = {**(extra_context or {}), "versions": versions, "now": timezone.now()}
        return super().history_view(request, object_id, extra_context=extra_context)

    def version_view(self, request, object_id, number):
        """One version and what changed in it; restoring it (POST) makes its text the release's again."""
        release = self._release_or_404(request, object_id, check=self.has_view_or_change_permission)
        rows = list(release.revisions.select_related("created_by").filter(number__lte=number)[:2])
        if not rows or rows[0].number != number:
            raise Http404(_("No such version."))
        version, previous = rows[0], (rows[1] if len(rows) > 1 else None)
        latest = release.revisions.only("number").first()
        may_restore = (self.has_change_permission(request, release) and version.snapshot is not None
                       and version.number != latest.number and release.visibility == PressRelease.Visibility.PUBLIC)
        form = ChangeKindForm()
        if request.method == "POST":
            if not self.has_change_permission(request, release):
                raise PermissionDenied
            form = ChangeKindForm(request.POST)
            if form.is_valid():
                try:
                    restored = services.restore_revision(
                        release=release, revision=version, by=request.user,
                        kind=form.cleaned_data["change_kind"], note=form.cleaned_data["change_note"])
                except services.NotAllowed as error:
                    self.message_user(request, error.message, messages.ERROR)
                    return HttpResponseRedirect(request.path)
                if restored is None:
                    self.message_user(request, _("The release already reads as version %(number)s: nothing changed.")
                                      % {"number": version.number}, messages.INFO)
                else:
                    self.message_user(request, _("Version %(number)s is restored, as version %(new)s.")
                                      % {"number": version.number, "new": restored.number}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:press_pressrelease_history", args=[release.pk]))
        comparable = previous is not None and previous.snapshot is not None and version.snapshot is not None
        return TemplateResponse(request, "admin/press/pressrelease/version.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "original": release,
            "title": _("Version %(number)s of “%(title)s”") % {"number": version.number, "title": release.title},
            "version": version, "previous": previous,
            "parts": revisions.difference(previous.snapshot, version.snapshot) if comparable else None,
            "may_restore": may_restore, "form": form, "now": timezone.now(),
            "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
        })



class PreviewLinkStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return PreviewLink.State.choices

    def queryset(self, request, queryset):
        if self.value() in PreviewLink.State.values:
            return queryset.filter(state=self.value())  # read with with_state() in get_queryset
        return queryset


@admin.register(PreviewLink)
class PreviewLinkAdmin(OfferedActionsOnly, admin.ModelAdmin):
    """Every preview link and each time it was opened; revoke one here. Nothing else is edited."""

    list_display = ["release", "accreditation", "state", "expires", "use_count", "last_used"]
    list_filter = [PreviewLinkStateFilter, "created_at"]
    search_fields = ["release__title"]
    fields = ["release", "accreditation", "address", "created_by", "created", "expires", "state", "revoked",
              "revoked_by", "openings"]
    readonly_fields = fields
    actions = ["revoke"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .filter(release__in=PressRelease.objects.visible_to(request.user))  # each row names its release
            .select_related("release", "accreditation", "created_by", "revoked_by")
            .with_state()
            .annotate(
                use_count=Count("uses"),
                last_used_at=Max("uses__used_at"),
            )
        )

    def has_add_permission(self, request):
        return False  # created from a release's page, with its "Share a preview link" button

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the log of uses stays

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and f"{ActionLocation.CHANGE_FORM.value}-action" not in request.POST:
            raise PermissionDenied  # nothing here is edited; revoking is an action
        # Read-only: no Save buttons, only the revoke action (for those who may revoke) and "Close".
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False,
                         "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=gettext_lazy("address"))
    def address(self, link):
        return link_url(link)

    @admin.display(description=gettext_lazy("state"))
    def state(self, link):
        return link_state(link)

    @admin.display(description=gettext_lazy("created"), ordering="created_at")
    def created(self, link):
        return list_time(link.created_at)

    @admin.display(description=gettext_lazy("expires"), ordering="expires_at")
    def expires(self, link):
        return list_time(link.expires_at)

    @admin.display(description=gettext_lazy("revoked"), ordering="revoked_at")
    def revoked(self, link):
        return list_time(link.revoked_at)

    @admin.display(description=gettext_lazy("opened"), ordering="use_count")
    def use_count(self, link):
        return link.use_count

    @admin.display(description=gettext_lazy("last opened"), ordering="last_used_at")
    def last_used(self, link):
        return list_time(link.last_used_at)

    @admin.display(description=gettext_lazy("opened at"))
    def openings(self, link):
        moments = [list_time(use.used_at) for use in link.uses.order_by("-used_at")]
        if not moments:
            return _("Not opened yet.")
        return format_html('<ol class="openings">{}</ol>',
                           format_html_join("", "<li>{}</li>", ((moment,) for moment in moments)))

    @admin.action(
        description=gettext_lazy("Revoke: the link stops working"), permissions=["change"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def revoke(self, request, queryset):
        apply_each(self, request, queryset,
                   lambda link: services.revoke_preview_link(link=link, revoked_by=request.user),
                   ngettext_lazy("%(count)d link revoked.", "%(count)d links revoked.", "count"),
                   catch=services.NotAllowed)


@admin.register(PreviewLinkUse)
@house_times
class PreviewLinkUseAdmin(admin.ModelAdmin):
    """The log of preview link openings: read-only."""

    list_display = ["used_at", "link"]
    list_filter = ["used_at"]
    list_select_related = ["link__release"]
    search_fields = ["link__release__title"]

    def get_queryset(self, request):
        # Each row names its link's release.
        return super().get_queryset(request).filter(link__release__in=PressRelease.objects.visible_to(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Accreditation)
@house_times
class AccreditationAdmin(admin.ModelAdmin):
    """Journalists' requests: read, then approve or reject (one or many, after a confirmation page), revoke,
    export or erase. What the applicant typed is never edited here."""

    list_display = ["name", "outlet", "role", "country", "status", "created_at"]
    list_filter = ["status", "role", "beats", "outlet", "languages", "country"]
    search_fields = ["name", "email", "outlet", "country", "languages"]
    list_per_page = 100
    fields = ["name", "email", "outlet", "role", "country", "languages", "beats", "press_card", "work_url",
              "phone", "status", "rejection_reason", "consented_at", "created_at", "confirmed_at", "decided_at",
              "decided_by", "erased_at"]
    readonly_fields = fields
    actions = ["approve", "reject", "revoke", "export_csv", "erase"]

    def get_queryset(self, request):
        return super().get_queryset(request).not_erased()

    def has_add_permission(self, request):
        return False  # journalists ask themselves, and confirm their own address

    def has_delete_permission(self, request, obj=None):
        return False  # "erase" blanks the personal data and keeps the figures

    def has_export_permission(self, request):
        return request.user.has_perm("press.export_accreditation")

    def has_erase_permission(self, request):
        return request.user.has_perm("press.delete_accreditation")

    def _confirm(self, request, queryset, *, action: str, title: str, question: str, button: str,
                 form=None):
        return TemplateResponse(request, "admin/press/accreditation/action_confirmation.html", {
            **self.admin_site.each_context(request),
            "title": title, "question": question, "button": button, "action": action, "form": form,
            "accreditations": queryset, "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME, "opts": self.model._meta,
        })

    def _decide(self, request, queryset, *, decision: str, title: str, question: str, button: str,
                done: str, with_reason: bool):
        confirmed = request.POST.get("post") == "yes"
        form = DecisionReasonForm(request.POST if confirmed else None) if with_reason else None
        if confirmed and (form is None or form.is_valid()):
            reason = form.cleaned_data["reason"] if form else ""
            apply_each(self, request, queryset, lambda a: accreditation.decide(
                accreditation_id=a.pk, decision=decision, user=request.user, reason=reason,
            ), done, catch=accreditation.AccreditationError)
            return None
        return self._confirm(request, queryset, action=decision_actions[decision], title=title,
                             question=question, button=button, form=form)

    @admin.action(description=gettext_lazy("Approve the selected requests"), permissions=["change"])
    def approve(self, request, queryset):
        return self._decide(
            request, queryset, decision=Accreditation.Status.APPROVED, with_reason=False,
            title=_("Approve accreditation requests"),
            question=_("Approve these requests? Each applicant is emailed that they are accredited."),
            button=_("Yes, approve and email them"),
            done=ngettext_lazy("%(count)d request approved; the applicant is being emailed.",
                               "%(count)d requests approved; the applicants are being emailed.", "count"),
        )

    @admin.action(description=gettext_lazy("Reject the selected requests (with a reason)"), permissions=["change"])
    def reject(self, request, queryset):
        return self._decide(
            request, queryset, decision=Accreditation.Status.REJECTED, with_reason=True,
            title=_("Reject accreditation requests"),
            question=_("Reject these requests? Each applicant is emailed the reason below."),
            button=_("Yes, reject and email them"),
            done=ngettext_lazy("%(count)d request rejected; the applicant is being emailed.",
                               "%(count)d requests rejected; the applicants are being emailed.", "count"),
        )

    @admin.action(description=gettext_lazy("Revoke the selected accreditations (with a reason)"),
                  permissions=["change"])
    def revoke(self, request, queryset):
        return self._decide(
            request, queryset, decision=Accreditation.Status.REVOKED, with_reason=True,
            title=_("Revoke accreditations"),
            question=_("Revoke these accreditations? Each journalist is emailed the reason below."),
            button=_("Yes, revoke and email them"),
            done=ngettext_lazy("%(count)d accreditation revoked; the journalist is being emailed.",
                               "%(count)d accreditations revoked; the journalists are being emailed.", "count"),
        )

    @admin.action(description=gettext_lazy("Export the selected requests (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        fields = ["name", "email", "outlet", "role", "country", "languages", "press_card", "work_url", "phone",
                  "status", "created_at", "confirmed_at", "decided_at"]
        rows = ([*(shown_value(a, field) for field in fields), ", ".join(t.name for t in a.beats.all())]
                for a in queryset.prefetch_related("beats"))
        header = [capfirst(Accreditation._meta.get_field(field).verbose_name) for field in [*fields, "beats"]]
        return csv_response("accreditations.csv", header, rows)

    @admin.action(description=gettext_lazy("Erase the personal data of the selected requests"),
                  permissions=["erase"])
    def erase(self, request, queryset):
        if request.POST.get("post") == "yes":
            count = accreditation.erase(accreditation_ids=queryset.values_list("pk", flat=True))
            self.message_user(request, ngettext(
                "%(count)d request erased: the personal details are gone, its status and dates remain.",
                "%(count)d requests erased: the personal details are gone, their status and dates remain.", count,
            ) % {"count": count}, messages.SUCCESS)
            return None
        return self._confirm(request, queryset, action="erase", title=_("Erase accreditation requests"),
                             question=_("Erase these requests? Name, address, outlet and every other personal "
                                        "detail are blanked for good; nobody is emailed."),
                             button=_("Yes, erase them"))


decision_actions = {Accreditation.Status.APPROVED: "approve", Accreditation.Status.REJECTED: "reject",
                    Accreditation.Status.REVOKED: "revoke"}


@admin.register(AlertSubscription)
@house_times
class AlertSubscriptionAdmin(admin.ModelAdmin):
    """Who asked for email alerts, and what. Subscribers change their choice themselves, from the link in
    every alert; here the press office reads the list, and deletes a subscription on request."""

    list_display = ["email", "status", "all_releases", "topic_names", "conferences", "language", "confirmed_at"]
    list_filter = ["status", "all_releases", "topics", "conferences", "language"]
    search_fields = ["email"]
    list_per_page = 100
    fields = ["email", "status", "all_releases", "topics", "conferences", "language", "created_at", "confirmed_at",
              "unsubscribed_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    def has_add_permission(self, request):
        return False  # people subscribe and confirm their own address

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("topics"))
    def topic_names(self, subscription):
        return ", ".join(topic.name for topic in subscription.topics.all()) or "—"
