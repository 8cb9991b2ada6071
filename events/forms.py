from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from commission.web.forms import PublicForm
from commission.web.text import validate_single_line, validate_text
from events import timezones
from events.models import Registration, Slot


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


class RegistrationForm(PublicForm):
    """The public sign-up form. Validates only; ``services.register`` decides what happens."""

    name = forms.CharField(label=_("Full name"), max_length=200, validators=[validate_single_line],
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("We send a link to this address: your registration counts once you have confirmed it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation = forms.CharField(
        label=_("Organisation or outlet"), max_length=200, validators=[validate_single_line],
        help_text=_("The publication, broadcaster or organisation you represent. Freelance? Write “Freelance”."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Registration.Role.choices, widget=forms.RadioSelect)
    attendance = forms.ChoiceField(label=_("How will you attend?"), choices=(), widget=forms.RadioSelect)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"), max_length=1000, required=False, validators=[validate_text],
        help_text=_("Anything that would help you attend, such as step-free access or captions."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the press office keeps these details to manage my attendance, as the privacy "
                "notice explains."),
        error_messages={"required": _("Tick the box to agree, or we cannot register you.")},
    )

    error_messages_by_field = {
        "organisation": {"required": _("Enter your organisation or outlet.")},
        "role": {"required": _("Choose your role.")},
        "attendance": {"required": _("Choose how you will attend."),
                       "invalid_choice": _("This press conference cannot be attended that way. Choose one of the "
                                           "options shown.")},
    }

    def __init__(self, *args, attendance_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendance"].choices = attendance_choices
        if len(attendance_choices) == 1:
            self.fields["attendance"].initial = attendance_choices[0][0]


class CancelRegistrationsForm(forms.Form):
    """The admin's "cancel" action: the reason the registrants are told, if any."""

    reason = forms.CharField(
        label=_("Reason (optional, sent to the registrant)"), max_length=500, required=False,
        validators=[validate_text], widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("For example: “Places in the room are kept for accredited journalists.” Leave it empty to "
                    "say only that the press office cancelled the registration."),
    )
