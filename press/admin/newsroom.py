"""The newsroom's buttons under the release form, and the pages they lead to once the form is saved: preview,
publish (asked first), schedule, embargo, send under embargo (two steps: the form, then who will receive it, to
confirm), share a preview link and revoke one (asked first), withdraw embargoed copies (asked first), return to
draft (asked first)."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.forms.widgets import SplitHiddenDateTimeWidget
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commission.web.admin import ZonedSplitDateTime, row_fingerprint, shown_fingerprint
from commission.web.times import list_time
from events import timezones
from events.fields import TimeZoneFormField
from press import embargo, embargo_times, services
from press.admin.common import in_zones, open_copies, refused_as_changed, unpublish_note
from press.admin.preview_links import last_opened, link_state, preview_address_box, revoke_note
from press.models import Accreditation, PressRelease, PreviewLink, Topic
from press.views import render_preview


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

    zone = TimeZoneFormField(label=gettext_lazy("Time zone"), widget=forms.Select(attrs={"data-names-times": ""}),
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
        return f"{obj.name} <{obj.email}> ({obj.outlet}, {obj.country})"  # two Ann Smiths told apart


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


class JournalistIdsField(forms.Field):
    """Journalists by id, in hidden fields."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": forms.IntegerField.default_error_messages["invalid"]}

    def to_python(self, value):
        if value in self.empty_values:
            return []
        try:
            return [int(item) for item in value]
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ListedJournalistsForm(forms.Form):
    """The journalists a page listed when it asked to confirm, carried to the confirmation: only they are acted on,
    so nobody who came in between (newly accredited, or sent the release meanwhile) is acted on unlisted."""

    listed = JournalistIdsField()

    @classmethod
    def listing(cls, journalists):
        return cls(initial={"listed": [journalist.pk for journalist in journalists]})


class NewsroomActions:
    """The release admin's newsroom buttons and their pages (``PressReleaseAdmin``, releases.py, which names
    the pages' URLs, and whose permissions and ``_release_or_404`` they ask)."""

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
                and self.has_send_embargoed_permission(request, obj)):
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

    # The newsroom buttons, on the add and the change form alike: each is a submit button of the form, so
    # it acts on what is on the screen, once Django has validated and saved it like any other save.

    def response_add(self, request, obj, post_url_continue=None):
        return self._newsroom_response(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._newsroom_response(request, obj) or super().response_change(request, obj)

    def _newsroom_response(self, request, obj):
        """What the pressed newsroom button does once the form is saved; None for Django's own buttons. A save
        that would have made the release public (its status or time typed: ``PressReleaseAdmin.save_model`` held
        it back) leads to the page that asks before publishing, whichever button saved it ("Publish now" leads
        there anyway; "Return to draft" to its own); one that would have returned it to draft, to the page that
        asks before that."""
        if getattr(obj, "publishing_held", False) and not {"_publish", "_unpublish"} & set(request.POST):
            return self._to_page_that_asks(request, obj, "publish", services.check_may_publish, said=_(
                "Your changes to “%(title)s” are saved, but it is not public yet: making it public asks first, "
                "as “Publish now” does."))
        if getattr(obj, "unpublishing_held", False):
            return self._to_page_that_asks(request, obj, "unpublish", services.check_may_publish, said=_(
                "Your changes to “%(title)s” are saved, but it is not a draft yet: returning it to draft asks "
                "first, as “Return to draft” does."))
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("admin:press_pressrelease_preview", args=[obj.pk]))
        for button, view in [("_publish", "publish"), ("_schedule", "schedule"), ("_unpublish", "unpublish"),
                             ("_embargo", "embargo")]:
            if button in request.POST:
                return self._to_page_that_asks(request, obj, view, services.check_may_publish)
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
            # The "Revoke" button of a shared link's row: to the page that asks first, naming the link.
            link = self._shared_link(obj, request.POST["_revoke_link"])
            if link is None:
                return self._saved_but_refused(request, obj, _("That is not a preview link shared from this release."))
            return self._to_page_that_asks(request, obj, "revoke_link", services.check_may_revoke,
                                           query={"link": link.pk})
        if "_send_embargoed" in request.POST:
            return self._to_page_that_asks(request, obj, "send_embargoed", embargo.check_may_send)
        if "_withdraw_copy" in request.POST or "_withdraw_all" in request.POST:
            # "Withdraw" on one journalist's embargoed copy, or "Withdraw from everyone".
            journalist = request.POST.get("_withdraw_copy")
            return self._to_page_that_asks(request, obj, "withdraw", embargo.check_may_send,
                                           query=None if journalist is None else {"journalist": journalist})
        return None

    @staticmethod
    def _shared_link(release, link_id) -> PreviewLink | None:
        """The preview link ``link_id`` shared from ``release``, read as its revoke page names it; ``None`` for
        anything else, a journalist's embargoed copy included (it is withdrawn from ``withdraw_view``)."""
        if not str(link_id).isdigit():
            return None
        return (release.preview_links.shared_previews().with_state().select_related("accreditation", "created_by")
                .annotate(last_used_at=Max("uses__used_at")).filter(pk=link_id).first())

    def _to_page_that_asks(self, request, obj, view, check, query=None, said=None):
        """Once the form is saved, to the page that asks before ``view`` acts (``query`` says on what), saying the
        changes are saved (or ``said``, which may name the ``%(title)s``); refused there and then without the
        permission ``check`` reads, not only when the question is answered."""
        try:
            check(request.user)
        except services.NotAllowed as error:
            return self._saved_but_refused(request, obj, error.message)
        self.message_user(request, (said or _("Your changes to “%(title)s” are saved.")) % {"title": obj.title},
                          messages.SUCCESS)
        url = reverse(f"admin:press_pressrelease_{view}", args=[obj.pk])
        return HttpResponseRedirect(f"{url}?{urlencode(query)}" if query else url)

    def _saved_but_refused(self, request, obj, reason):
        self.message_user(request, _("Your changes to “%(title)s” are saved, but nothing else was done. %(reason)s")
                          % {"title": obj.title, "reason": reason}, messages.ERROR)
        return HttpResponseRedirect(self._change_url(obj))

    # The pages the buttons lead to, once the form is saved: preview, confirm publishing, choose a time ------

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
        if self._confirming(request, release):
            return self._confirmed(request, release, services.publish_release, lambda _release: (
                _("“%(title)s” is public since %(when)s.")
                % {"title": release.title, "when": in_zones(release.publish_at)}))
        scheduled = release.visibility == PressRelease.Visibility.SCHEDULED
        return self._ask(request, release, title=_("Publish “%(title)s” now?"), here=_("Publish now"),
                         warning="admin/press/pressrelease/publish_warning.html",
                         note=_("it is scheduled to go public on %(when)s; publishing now brings it forward")
                         % {"when": in_zones(release.publish_at)} if scheduled else "",
                         confirm_label=_("Confirm: publish now"))

    def unpublish_view(self, request, object_id):
        """Asks before returning a release to draft, saying what will happen (it leaves the public site, its
        journalists' embargoed copies stop for good); "Return to draft" on the form leads here once saved."""
        release = self._release_or_404(request, object_id, check=self.has_publish_permission)
        if release.visibility == PressRelease.Visibility.DRAFT:
            self.message_user(request, _("“%(title)s” is already a draft.") % {"title": release.title},
                              messages.INFO)
            return HttpResponseRedirect(self._change_url(release))
        if self._confirming(request, release):
            return self._confirmed(request, release, services.unpublish_release, lambda _release: (
                _("“%(title)s” is a draft again: it is off the public site.") % {"title": release.title}))
        return self._ask(request, release, title=_("Return “%(title)s” to draft?"), here=_("Return to draft"),
                         warning="admin/press/pressrelease/unpublish_warning.html",
                         note=unpublish_note(release, open_copies([release]).get(release.pk, 0)),
                         confirm_label=_("Confirm: return to draft"))

    def _confirming(self, request, release) -> bool:
        """Whether the page that asked was confirmed, from the release as it still is: one shown before someone
        else changed it is refused once, and asks again (``refused_as_changed``)."""
        return (request.method == "POST" and "_confirm" in request.POST
                and not refused_as_changed(self, request, release))

    def withdraw_view(self, request, object_id):
        """Asks before withdrawing journalists' embargoed copies, naming whose copies stop (for good: a copy is not
        reopened); the "Withdraw" buttons on the form lead here once it is saved, with ``?journalist=`` for one.
        Only the copies the page listed are withdrawn."""
        release = self._release_or_404(request, object_id, check=self.has_send_embargoed_permission)
        back = self._change_url(release) + "#embargo-copies"
        if request.method == "POST" and "_confirm" in request.POST:
            confirmed = ListedJournalistsForm(request.POST)
            if confirmed.is_valid():
                return self._confirmed(
                    request, release,
                    lambda *, release, by: embargo.withdraw_embargoed(
                        release=release, by=by, journalist_ids=confirmed.cleaned_data["listed"]),
                    self._withdrawn, anchor="#embargo-copies")
        journalist = request.GET.get("journalist")
        if journalist is not None and not journalist.isdigit():
            self.message_user(request, _("That journalist was not sent this release."), messages.ERROR)
            return HttpResponseRedirect(back)
        copies = list(embargo.withdrawable(release, journalist_ids=None if journalist is None else [int(journalist)])
                      .select_related("accreditation").order_by("accreditation__name", "pk"))
        if not copies:
            self.message_user(request, _("Nothing was changed: no journalist’s copy of “%(title)s” is left to "
                                         "withdraw.") % {"title": release.title}, messages.WARNING)
            return HttpResponseRedirect(back)
        return self._ask(
            request, release, title=ngettext("Withdraw a journalist’s copy of “%(title)s”?",
                                             "Withdraw %(count)d journalists’ copies of “%(title)s”?", len(copies)),
            here=_("Withdraw"), warning="admin/press/pressrelease/withdraw_warning.html", note="",
            confirm_label=_("Yes, withdraw"), count=len(copies), back_url=back,
            listed=[f"{copy.accreditation.name} ({copy.accreditation.outlet})" for copy in copies],
            confirm_form=ListedJournalistsForm.listing(copy.accreditation for copy in copies),
            refused_if_changed=False)

    def revoke_link_view(self, request, object_id):
        """Asks before revoking a preview link shared from this release (``?link=``), naming it: whom it was
        shared by, when, and when it was last opened; the "Revoke" button of the link's row on the form leads here
        once the form is saved. Only the confirmation posted from this page revokes it."""
        release = self._release_or_404(request, object_id, check=self.has_revoke_permission)
        link = self._shared_link(release, request.GET.get("link", ""))
        if link is None:
            raise Http404(_("No preview link with that ID was shared from this release."))
        if request.method == "POST" and "_confirm" in request.POST:
            return self._confirmed(
                request, release, lambda *, release, by: services.revoke_preview_link(link=link, revoked_by=by),
                lambda _link: _("The preview link made %(when)s is revoked: it no longer opens the draft.")
                % {"when": in_zones(link.created_at)}, anchor="#preview_links-group")
        return self._ask(
            request, release, title=_("Revoke a preview link of “%(title)s”?"), here=_("Revoke"),
            warning="admin/press/previewlink/revoke_shared_warning.html", note="",
            listed=[f"{revoke_note(link)}; {last_opened(link)}"],
            confirm_label=_("Yes, revoke"), back_url=self._change_url(release) + "#preview_links-group",
            refused_if_changed=False)

    @staticmethod
    def _withdrawn(count):
        if not count:
            return (_("Nothing was changed: the copies listed were already withdrawn."), messages.WARNING)
        return ngettext("%(count)d journalist’s copy is withdrawn: the link no longer opens the release.",
                        "%(count)d journalists’ copies are withdrawn: the links no longer open the release.",
                        count) % {"count": count}

    def _say(self, request, said):
        """Reports ``said``: a message, or (message, level) when it is not a success."""
        text, level = said if isinstance(said, tuple) else (said, messages.SUCCESS)
        self.message_user(request, text, level)

    def _confirmed(self, request, release, act, done, *, anchor=""):
        """Runs the service ``act`` on the release once the page that asked is confirmed; says ``done(result)``
        (a message, or (message, level)), or why it was refused, back on the release's page, and writes what
        was done in the release's admin history."""
        try:
            result = act(release=release, by=request.user)
        except services.NotAllowed as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(self._change_url(release))
        said = done(result)
        self.log_change(request, release, said[0] if isinstance(said, tuple) else said)
        self._say(request, said)
        return HttpResponseRedirect(self._change_url(release) + anchor)

    def _ask(self, request, release, *, title, here, warning, note, confirm_label, count=1, listed=(),
             confirm_form=None, back_url=None, refused_if_changed=True):
        """The page that asks before a newsroom button acts (templates/admin/press/pressrelease/confirm_release.html):
        on ``listed`` (lines of text, if given), with ``confirm_form``'s hidden fields carried to the confirmation.
        The page carries the release as it showed it unless ``refused_if_changed`` is false: a confirmation that
        acts only on what ``confirm_form`` listed, whatever the release's words are now, need not be refused
        when they change (``_confirming``)."""
        return TemplateResponse(request, "admin/press/pressrelease/confirm_release.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": release,
            "title": title % {"title": release.title, "count": count},
            "here": here,
            "warning": warning,
            "note": note,
            "count": count,
            "listed": listed,
            "confirm_form": confirm_form,
            "confirm_label": confirm_label,
            "loaded_as": row_fingerprint(release) if refused_if_changed else "",
            "back_url": back_url or self._change_url(release),
        })

    def _confirm_step(self, request, release, *, form_class, form_kwargs=None, unbound, act, template, title,
                      extra=lambda form, confirming: {}, anchor="", read_confirmed=None):
        """A page of two steps (templates/admin/press/pressrelease/confirm_step.html): the form; once it is
        valid, what will happen, to confirm or change; once confirmed, ``act(form)``, which returns the message
        to report (or (message, level); a ``NotAllowed`` is reported as an error), and back to the release's page.
        ``unbound()`` is the form first shown; ``extra(form, confirming)`` the template's own context;
        ``read_confirmed(data)``, if given, the form the confirmation is read with, in place of the page's form
        (what the page listed, rather than the choice, which may have changed meaning since)."""
        form_kwargs = form_kwargs or {}
        confirming = False
        # The release as the first step showed it, carried to the last: a change made by someone else between
        # the steps is noticed when confirming (``refused_as_changed``), which asks again, with the release as
        # it is now and what was typed kept.
        loaded_as = shown_fingerprint(request.POST, release)
        if request.method == "POST":
            form = form_class(request.POST, **form_kwargs)
            if "_confirm" in request.POST and "_change" not in request.POST:
                confirmed = read_confirmed(request.POST) if read_confirmed else form
                if refused_as_changed(self, request, release):
                    loaded_as = row_fingerprint(release)
                elif confirmed.is_valid():
                    return self._confirmed(request, release, lambda **_: act(confirmed), lambda said: said,
                                           anchor=anchor)
            if form.is_valid() and "_change" not in request.POST:
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
            "loaded_as": loaded_as,
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
            until = embargo_times.until_text(form.cleaned_data["until"], form.cleaned_data["zone"])
            utc = timezones.in_zone(form.cleaned_data["until"], "UTC").text
            return {"until": until, "utc": "" if utc in until else utc}  # UTC once, if a zone shown is UTC

        return self._confirm_step(
            request, release, form_class=EmbargoForm, unbound=unbound, act=put_under_embargo, template="embargo",
            title=_("Embargo “%(title)s”") % {"title": release.title}, extra=extra,
        )

    def send_embargoed_view(self, request, object_id):
        """Choose the journalists, see how many will receive it, then send: each gets a personal link."""
        release = self._release_or_404(request, object_id, check=self.has_send_embargoed_permission)
        if not embargo.is_under_embargo(release):
            self.message_user(request, _("Only a release under embargo, not yet public, can be sent to "
                                         "journalists."), messages.ERROR)
            return HttpResponseRedirect(self._change_url(release))

        def send(confirmed):
            # Those the page listed, of them those still accredited and not sent it yet (embargo's own rule).
            listed = set(confirmed.cleaned_data["listed"])
            sent = embargo.send_embargoed(release=release, journalists=listed, by=request.user)
            left_out = len(listed) - len(sent)
            if not sent:
                return (ngettext(
                    "Nothing was sent: the journalist listed is no longer accredited, or was sent “%(title)s” "
                    "meanwhile.",
                    "Nothing was sent: the %(count)d journalists listed are no longer accredited, or were sent "
                    "“%(title)s” meanwhile.", left_out,
                ) % {"title": release.title, "count": left_out}, messages.WARNING)
            said = ngettext(
                "“%(title)s” is being sent under embargo to %(count)d journalist.",
                "“%(title)s” is being sent under embargo to %(count)d journalists.", len(sent),
            ) % {"title": release.title, "count": len(sent)}
            if left_out:
                said += " " + ngettext(
                    "%(count)d journalist listed was left out: no longer accredited, or sent it meanwhile.",
                    "%(count)d journalists listed were left out: no longer accredited, or sent it meanwhile.",
                    left_out,
                ) % {"count": left_out}
            return said

        def extra(form, confirming):
            recipients = list(form.recipients()) if confirming else []
            return {"recipients": recipients, "listed_form": ListedJournalistsForm.listing(recipients),
                    "until": embargo_times.release_until_text(release)}

        return self._confirm_step(
            request, release, form_class=SendEmbargoedForm, form_kwargs={"release": release},
            unbound=lambda: SendEmbargoedForm(release=release), act=send, template="send_embargoed",
            title=_("Send “%(title)s” under embargo") % {"title": release.title}, extra=extra,
            anchor="#embargo-copies", read_confirmed=ListedJournalistsForm,
        )
