"""The newsroom: press officers write, preview, schedule and publish releases here.

The release form and its inlines, who may do what, the list, its actions and deletion; the buttons under the
form and their pages are in newsroom.py, the public versions' pages in versions.py."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from commission.admin import DocumentAttachmentInline, ImageAttachmentInline
from commission.models import Commission
from commission.web.admin import (
    TEXT_AS_READ,
    OfferedActionsOnly,
    RefusesStaleEdits,
    ZonedSplitDateTime,
    apply_each,
    ask_before_action,
    house_times,
    language_versions_text,
)
from press import embargo_times, markup, services, translations
from press.admin.common import in_zones, open_copies, unpublish_note
from press.admin.newsroom import NewsroomActions
from press.admin.preview_links import PreviewLinkInline
from press.admin.versions import ChangeKindForm, VersionHistory, check_change_kind
from press.models import AlertDelivery, PressRelease, PreviewLink, PreviewLinkUse, Quote, ReleaseDocument, ReleaseImage
from press.translation_admin import ReleaseTranslationInline


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
    formfield_overrides = TEXT_AS_READ
    ordering = ["order", "id"]

    class Media:
        js = ["js/quote-admin.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")  # each row's title names the speaker


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


class PressReleaseForm(RefusesStaleEdits):
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
        return "_unpublish" not in self.data and self._public_as_typed()

    def _public_as_typed(self) -> bool:
        status = self.cleaned_data.get("status", self.instance.status)
        publish_at = self.cleaned_data.get("publish_at", self.instance.publish_at)
        return status == PressRelease.Status.PUBLISHED and publish_at is not None and publish_at <= timezone.now()

    def would_publish(self) -> bool:
        """Whether saving the release as typed would put it on the public site, where it is not now (a draft, or
        scheduled for later): a status or time typed in the form, not "Publish now"."""
        return not self.release_is_live and self._public_as_typed()

    def _public_text_changed(self) -> bool:
        if services.PUBLIC_TEXT_FIELDS.intersection(self.changed_data):
            return True
        quotes = self.quote_formset(data=self.data, files=self.files, instance=self.instance,
                                    prefix=self.quote_formset.get_default_prefix())
        return quotes.is_bound and quotes.management_form.is_valid() and quotes.has_changed()


@admin.register(PressRelease)
@house_times
class PressReleaseAdmin(OfferedActionsOnly, NewsroomActions, VersionHistory, admin.ModelAdmin):
    list_display = ["title", "visibility", "publish_at", "topic_names",
                    "language_versions"]
    list_filter = [VisibilityFilter, "topics", ("publish_at", admin.DateFieldListFilter)]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "publish_at"
    # Drafts without a time first, on every database (PostgreSQL and SQLite sort NULLs differently).
    ordering = [F("publish_at").desc(nulls_first=True), "-id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "related_people", "media_contacts", "commission"]
    readonly_fields = ["publication", "first_published_at", "last_updated_at", "email_alerts", "correction_notices",
                       "language_versions"]
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
    formfield_overrides = {**TEXT_AS_READ,  # the text's versions are compared
                           models.DateTimeField: {"widget": ZonedSplitDateTime}}  # each names the site's zone
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
            "correction_notices", "language_versions",
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

    def has_send_embargoed_permission(self, request, obj=None):
        """Send a release under embargo to journalists, and withdraw their copies."""
        return services.may_send_embargoed(request.user) and self.has_change_permission(request, obj)

    def has_share_permission(self, request, obj=None):
        """Share a preview link: only with the button on the form, which saves first and logs who shared."""
        return services.may_share(request.user) and self.has_change_permission(request, obj)

    def has_revoke_permission(self, request, obj=None):
        """Revoke a preview link shared from a release."""
        return services.may_revoke(request.user) and self.has_change_permission(request, obj)

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
        copies = self.embargo_copies(request, obj)
        may_withdraw = self.has_send_embargoed_permission(request, obj)
        context.update(
            embargo_copies=copies,
            may_withdraw=may_withdraw,
            # "Withdraw from everyone" while a copy is left to withdraw (each row's button: that copy).
            may_withdraw_all=may_withdraw and any(copy.revoked_at is None for copy in copies or ()),
            newsroom_buttons=self.newsroom_buttons(request, obj),
            # Staff who cannot edit have nothing unsaved: they may look at the saved version.
            show_preview_link=change and not self.has_change_permission(request, obj),
        )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

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

    @admin.display(description=gettext_lazy("Correction notices"))
    def correction_notices(self, release):
        """How the notices of its corrections to those sent its alert stand, all corrections together: one
        query."""
        if release.pk is None:
            return "—"
        counts = AlertDelivery.objects.filter(correction__release=release).counts()
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
        # Saving never publishes by itself: the release keeps its publication as stored, the rest of what was
        # typed is saved, and the page that asks before publishing follows (NewsroomActions._newsroom_response),
        # as after "Publish now". Publishing sends email alerts, and the public reads it at once.
        stored = PressRelease.objects.filter(pk=obj.pk).values_list("status", "publish_at").first() if change else None
        obj.publishing_held = not form.press_was_public and form.would_publish()
        # Nor does it return a release to draft: that ends its embargo and stops its journalists' copies for good,
        # which "Return to draft" asks before doing.
        obj.unpublishing_held = (stored is not None and stored[0] == PressRelease.Status.PUBLISHED
                                 and obj.status == PressRelease.Status.DRAFT and "_unpublish" not in request.POST)
        if obj.publishing_held or obj.unpublishing_held:
            obj.status, obj.publish_at = stored or (PressRelease.Status.DRAFT, None)
        try:
            services.save_release(release=obj, by=request.user, was_public=form.press_was_public)
        except services.NotAllowed:
            # The form does not offer what the service refused (get_readonly_fields): the post was forged.
            raise PermissionDenied from None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Once the quotes and contacts are saved too: the public version, if the public text changed.
        version = services.record_edit(release=form.instance, by=request.user, was_public=form.press_was_public,
                                       kind=form.cleaned_data.get("change_kind") or None,
                                       note=form.cleaned_data.get("change_note", ""))
        # A change to a live release saved by Django's buttons says where it shows (the newsroom's buttons lead
        # to pages of their own, which say what they do).
        saved_only = bool({"_save", "_continue", "_addanother"} & set(request.POST))
        if saved_only and form.press_was_public and version is not None:
            noted = version.kind in (version.Kind.CORRECTION, version.Kind.UPDATE)
            self.message_user(request, (
                _("Version %(number)d is public: its note is under “Corrections and updates” on the release, "
                  "and in its version history.") if noted else
                _("Version %(number)d is public, in the release's version history (a minor edit: no note for "
                  "readers).")
            ) % {"number": version.number}, messages.INFO)

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
        queryset = queryset.prefetch_related(None)  # the list's columns' (get_queryset): the page reads none
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
            notes = {PressRelease.Visibility.PUBLIC: _("already public: it stays as it is"),
                     PressRelease.Visibility.SCHEDULED: _("scheduled: publishing now brings it forward")}
            return ask_before_action(
                self, request, queryset, action="publish_now", note=lambda release: notes.get(release.visibility, ""),
                title=ngettext_lazy("Publish %(count)d release now?", "Publish %(count)d releases now?", "count"),
                here=_("Publish now"), warning="admin/press/pressrelease/publish_warning.html",
                confirm_label=_("Confirm: publish now"))
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
        """Asks first, as the button on the form does, saying what each release loses; then returns them."""
        if "post" not in request.POST:
            copies = open_copies(queryset)
            return ask_before_action(
                self, request, queryset, action="return_to_draft",
                note=lambda release: unpublish_note(release, copies.get(release.pk, 0)),
                title=ngettext_lazy("Return %(count)d release to draft?", "Return %(count)d releases to draft?",
                                    "count"),
                here=_("Return to draft"), warning="admin/press/pressrelease/unpublish_warning.html",
                confirm_label=_("Confirm: return to draft"))
        apply_each(self, request, queryset,
                   lambda release: services.unpublish_release(release=release, by=request.user),
                   ngettext_lazy("%(count)d release is a draft again.", "%(count)d releases are drafts again.",
                                 "count"),
                   catch=services.NotAllowed)

    # The pages of the buttons (newsroom.py) and of the versions (versions.py), and finding their release -----

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path("<path:object_id>/preview/", wrap(self.preview_view), name="press_pressrelease_preview"),
            path("<path:object_id>/publish/", wrap(self.publish_view), name="press_pressrelease_publish"),
            path("<path:object_id>/unpublish/", wrap(self.unpublish_view), name="press_pressrelease_unpublish"),
            path("<path:object_id>/schedule/", wrap(self.schedule_view), name="press_pressrelease_schedule"),
            path("<path:object_id>/embargo/", wrap(self.embargo_view), name="press_pressrelease_embargo"),
            path("<path:object_id>/embargo/send/", wrap(self.send_embargoed_view),
                 name="press_pressrelease_send_embargoed"),
            path("<path:object_id>/embargo/withdraw/", wrap(self.withdraw_view), name="press_pressrelease_withdraw"),
            path("<path:object_id>/preview-links/revoke/", wrap(self.revoke_link_view),
                 name="press_pressrelease_revoke_link"),
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
