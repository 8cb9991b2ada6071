from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events import timezones
from events.models import Slot


def zone_choices_with_blank():
    return [("", "---------"), *timezones.zone_choices()]


class TimeZoneFormField(forms.ChoiceField):
    """A select of the IANA zone names known to this server; anything else is refused with a field error."""

    default_error_messages = {
        "invalid_choice": _(
            "“%(value)s” is not a time zone name this server knows. Use an IANA name such as Europe/London."
        ),
    }

    def __init__(self, *, max_length=None, empty_value=None, **kwargs):
        # A callable, so the list follows the installed tzdata. The blank first option keeps an untouched
        # extra inline row empty (and unchanged) instead of preselecting Africa/Abidjan.
        super().__init__(choices=zone_choices_with_blank, **kwargs)


class SlotForm(forms.ModelForm):
    """A slot in admin: wall-clock times in a zone; an empty zone means the event's own zone."""

    class Meta:
        model = Slot
        fields = ["start_date", "start_time", "start_occurrence", "end_date", "end_time", "end_occurrence",
                  "timezone"]

    def __init__(self, *args, event_timezone="", **kwargs):
        super().__init__(*args, **kwargs)
        self.event_timezone = event_timezone
        self.fields["timezone"].required = False
        self.fields["timezone"].choices = [("", _("The event's time zone")), *timezones.zone_choices()]
        self.fields["end_date"].required = False
        for name in ("start_occurrence", "end_occurrence"):
            self.fields[name].choices = [("", _("Not needed: the time happens once")), *Slot.Occurrence.choices]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("timezone") and "timezone" not in self.errors:
            if not timezones.is_zone_name(self.event_timezone or ""):
                self.add_error("timezone", ValidationError(
                    _("Choose a time zone: the event's own time zone is not valid."), code="zone_required"
                ))
            else:
                cleaned["timezone"] = self.event_timezone
        return cleaned


class BaseSlotFormSet(forms.BaseInlineFormSet):
    """An event's slots: at least one; empty zones fall back to the event's zone."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["event_timezone"] = getattr(self.instance, "timezone", "")
        return kwargs

    @property
    def empty_form(self):
        form = super().empty_form
        form.event_timezone = getattr(self.instance, "timezone", "")
        return form

    def clean(self):
        super().clean()
        remaining = [
            form for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        if not remaining:
            raise ValidationError(_("Add at least one time slot: when does the event happen?"), code="no_slot")


class TimePreviewForm(forms.Form):
    """What the admin's live preview sends: one wall time in a zone, and the display zones to show it in."""

    date = forms.DateField()
    time = forms.TimeField()
    timezone = forms.CharField(required=False)
    event_timezone = forms.CharField(required=False)
    occurrence = forms.TypedChoiceField(
        choices=[("", ""), *Slot.Occurrence.choices], coerce=int, empty_value=None, required=False
    )

    def clean(self):
        cleaned = super().clean()
        zone = cleaned.get("timezone") or cleaned.get("event_timezone") or ""
        if not timezones.is_zone_name(zone):
            raise ValidationError(_("Choose a known time zone to see the equivalent times."), code="unknown_zone")
        cleaned["zone"] = zone
        return cleaned
