"""Accreditation requests: approve, reject or revoke (emailing the journalist), export as CSV, erase."""

from typing import NamedTuple

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from commission.web.admin import ActedOnOnly, OfferedActionsOnly, apply_each, ask_before_action, house_times
from commission.web.exports import csv_response, shown_value
from press import accreditation
from press.forms import DecisionReasonForm
from press.models import Accreditation


class Decision(NamedTuple):
    """A decision's admin action, whether it asks for a reason, its confirmation page (with the note beside a
    chosen request that cannot take the decision) and its message after."""

    action: str
    with_reason: bool
    title: str
    question: str
    button: str
    left: str
    done: str


DECISIONS = {
    Accreditation.Status.APPROVED: Decision(
        "approve", False, gettext_lazy("Approve accreditation requests"),
        gettext_lazy("Approve these requests? Each applicant is emailed that they are accredited."),
        gettext_lazy("Yes, approve and email them"),
        gettext_lazy("cannot be approved as it stands: left as it is"),
        ngettext_lazy("%(count)d request approved; the applicant is being emailed.",
                      "%(count)d requests approved; the applicants are being emailed.", "count"),
    ),
    Accreditation.Status.REJECTED: Decision(
        "reject", True, gettext_lazy("Reject accreditation requests"),
        gettext_lazy("Reject these requests? Each applicant is emailed the reason below."),
        gettext_lazy("Yes, reject and email them"),
        gettext_lazy("not awaiting review: left as it is"),
        ngettext_lazy("%(count)d request rejected; the applicant is being emailed.",
                      "%(count)d requests rejected; the applicants are being emailed.", "count"),
    ),
    Accreditation.Status.REVOKED: Decision(
        "revoke", True, gettext_lazy("Revoke accreditations"),
        gettext_lazy("Revoke these accreditations? Each journalist is emailed the reason below."),
        gettext_lazy("Yes, revoke and email them"),
        gettext_lazy("not accredited: left as it is"),
        ngettext_lazy("%(count)d accreditation revoked; the journalist is being emailed.",
                      "%(count)d accreditations revoked; the journalists are being emailed.", "count"),
    ),
}


# The decisions are taken in the list, or on the request's own page once it is read.
ON_BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


class BeatsFilter(admin.RelatedFieldListFilter):
    """Django's filter by beat, its entry for requests that name none called so, not "-"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("No beat given")


@admin.register(Accreditation)
@house_times
class AccreditationAdmin(ActedOnOnly, OfferedActionsOnly, admin.ModelAdmin):
    """Journalists' requests: read, then approve or reject (one or many, after a confirmation page, from the list
    or the request's own page), revoke, export or erase. What the applicant typed is never edited here."""

    list_display = ["name", "outlet", "role", "country", "status", "created_at"]
    list_filter = ["status", "role", ("beats", BeatsFilter), "outlet", "languages", "country"]
    search_fields = ["name", "email", "outlet", "country", "languages"]
    list_per_page = 100
    fields = ["name", "email", "outlet", "role", "country", "languages", "beats", "press_card", "work_url",
              "phone", "language", "status", "rejection_reason", "consented_at", "created_at", "requested_again_at",
              "confirmed_at", "decided_at", "decided_by", "erased_at"]
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

    def _confirm(self, request, queryset, *, button: str, **options):
        """``ask_before_action`` for accreditation requests, each listed by name, address, outlet and status."""
        return ask_before_action(self, request, queryset, confirm_label=button,
                                 line=lambda a: f"{a.name} <{a.email}> — {a.outlet}: {a.get_status_display()}",
                                 **options)

    def _decide(self, request, queryset, decision: str):
        """Asks first (for a reason too, where the decision has one), saying which chosen requests cannot take
        the decision; then decides each request."""
        asked = DECISIONS[decision]
        confirmed = request.POST.get("post") == "yes"
        form = DecisionReasonForm(request.POST if confirmed else None) if asked.with_reason else None
        if confirmed and (form is None or form.is_valid()):
            reason = form.cleaned_data["reason"] if form else ""
            # Those the page did not say are left as they are (the service checks each again, under a lock).
            decidable = [a for a in queryset if accreditation.can_decide(a, decision)]
            apply_each(self, request, decidable, lambda a: accreditation.decide(
                accreditation_id=a.pk, decision=decision, user=request.user, reason=reason,
            ), asked.done, catch=accreditation.AccreditationError)
            return None
        chosen = list(queryset)
        return self._confirm(request, chosen, action=asked.action, title=asked.title, question=asked.question,
                             button=asked.button, form=form,
                             note=lambda a: "" if accreditation.can_decide(a, decision) else asked.left,
                             can_confirm=any(accreditation.can_decide(a, decision) for a in chosen))

    @admin.action(description=gettext_lazy("Approve the selected requests"), permissions=["change"],
                  location=ON_BOTH)
    def approve(self, request, queryset):
        return self._decide(request, queryset, Accreditation.Status.APPROVED)

    @admin.action(description=gettext_lazy("Reject the selected requests (with a reason)"), permissions=["change"],
                  location=ON_BOTH)
    def reject(self, request, queryset):
        return self._decide(request, queryset, Accreditation.Status.REJECTED)

    @admin.action(description=gettext_lazy("Revoke the selected accreditations (with a reason)"),
                  permissions=["change"], location=ON_BOTH)
    def revoke(self, request, queryset):
        return self._decide(request, queryset, Accreditation.Status.REVOKED)

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

