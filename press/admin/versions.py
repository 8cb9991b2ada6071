"""A live release's public versions (``Revision``): the kind of change an edit is, asked on the release form and
when restoring; the history page, with who made each version; one version, and restoring it."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commission.web.admin import row_fingerprint, shown_fingerprint
from press import revisions, services
from press.admin.common import refused_as_changed
from press.models import PressRelease, Revision

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


class VersionHistory:
    """The release admin's pages of versions (``PressReleaseAdmin``, releases.py, which names their URLs and
    finds the release with ``_release_or_404``)."""

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
        # The release as the page showed it: a restore over a later save (another officer's correction) is
        # refused once, with the kind and note kept and the release as it is now (``refused_as_changed``).
        loaded_as = shown_fingerprint(request.POST, release)
        if request.method == "POST":
            if not self.has_change_permission(request, release):
                raise PermissionDenied
            form = ChangeKindForm(request.POST)
            if form.is_valid():
                if refused_as_changed(self, request, release, restoring=True):
                    loaded_as = row_fingerprint(release)
                elif done := self._restore(request, release, version, form.cleaned_data):
                    return done
        comparable = previous is not None and previous.snapshot is not None and version.snapshot is not None
        return TemplateResponse(request, "admin/press/pressrelease/version.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "original": release,
            "title": _("Version %(number)s of “%(title)s”") % {"number": version.number, "title": release.title},
            "version": version, "previous": previous,
            "parts": revisions.difference(previous.snapshot, version.snapshot) if comparable else None,
            "may_restore": may_restore, "form": form, "loaded_as": loaded_as, "now": timezone.now(),
            "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
        })

    def _restore(self, request, release, version, typed):
        """Restore ``version`` with the kind and note ``typed``: to the history, saying what came of it; None
        where it is refused (said on the version's page again, with the kind and note kept)."""
        try:
            restored = services.restore_revision(release=release, revision=version, by=request.user,
                                                 kind=typed["change_kind"], note=typed["change_note"])
        except services.NotAllowed as error:
            self.message_user(request, error.message, messages.ERROR)
            return None
        if restored is None:
            self.message_user(request, _("The release already reads as version %(number)s: nothing changed.")
                              % {"number": version.number}, messages.INFO)
        else:
            self.message_user(request, _("Version %(number)s is restored, as version %(new)s.")
                              % {"number": version.number, "new": restored.number}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:press_pressrelease_history", args=[release.pk]))
