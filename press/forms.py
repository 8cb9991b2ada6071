"""The public accreditation form. Validates only; ``press/accreditation.py`` decides what happens."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from commission.web.forms import PublicForm
from commission.web.languages import named_in_themselves
from commission.web.localised import text_in
from commission.web.text import validate_single_line, validate_text
from press.models import Accreditation, Topic


def _offer_public_topics(field: forms.ModelMultipleChoiceField) -> None:
    """Make ``field``'s choices the public topics, each named in the page's language (else in English)."""
    field.queryset = Topic.objects.public()
    field.label_from_instance = lambda topic: text_in(topic, "name")


class AccreditationForm(PublicForm):
    name = forms.CharField(label=_("Full name"), max_length=200, validators=[validate_single_line],
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("We send a link to this address: your request reaches the press office once you have "
                    "confirmed it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    outlet = forms.CharField(
        label=_("Outlet"), max_length=200, validators=[validate_single_line],
        help_text=_("The publication or broadcaster you work for. Freelance? Write “Freelance”."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Accreditation.Role.choices, widget=forms.RadioSelect)
    country = forms.CharField(label=_("Country where you are based"), max_length=100,
                              validators=[validate_single_line],
                              widget=forms.TextInput(attrs={"autocomplete": "country-name"}))
    languages = forms.CharField(label=_("Working languages"), max_length=200, validators=[validate_single_line],
                                help_text=_("For example: English, Kazakh, Russian."))
    beats = forms.ModelMultipleChoiceField(
        label=_("Subjects you cover (optional)"), queryset=Topic.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    press_card = forms.CharField(
        label=_("Press card number"), max_length=100, required=False, validators=[validate_single_line],
        help_text=_("Give a press card number, a link to your published work, or both."),
    )
    work_url = forms.URLField(
        label=_("Link to your published work"), max_length=500, required=False, assume_scheme="https",
        help_text=_("For example, your author page on your outlet’s site."),
        # A text box, not type="url": a mistyped address shown back for correcting must still be valid HTML.
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url", "spellcheck": "false"}),
    )
    phone = forms.CharField(label=_("Phone number (optional)"), max_length=40, required=False,
                            validators=[validate_single_line, RegexValidator(
                                # As people write a number: at least six digits, with a + first, spaces,
                                # brackets, dots or hyphens if they like.
                                r"^\+?(?:[\s().-]*\d){6,}[\s().-]*$", code="phone",
                                message=_("Enter a phone number in digits, starting with + and the country "
                                          "code."))],
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    consent = forms.BooleanField(
        label=_("I agree that the press office keeps these details to handle my accreditation, as the "
                "privacy notice explains."),
        error_messages={"required": _("Tick the box to agree, or we cannot handle your request.")},
    )

    error_messages_by_field = {
        "outlet": {"required": _("Enter your outlet.")},
        "role": {"required": _("Choose your role.")},
        "country": {"required": _("Enter the country where you are based.")},
        "languages": {"required": _("Enter the languages you work in.")},
        "beats": {"invalid_choice": _("Choose among the subjects shown.")},
        "work_url": {"invalid": _("Enter a web address like https://example.org/your-work.")},
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_public_topics(self.fields["beats"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("press_card") and not cleaned.get("work_url") and not (
            self.has_error("press_card") or self.has_error("work_url")
        ):
            self.add_error("press_card", ValidationError(
                _("Enter a press card number or a link to your published work."), code="card_or_work"
            ))
        return cleaned


class DecisionReasonForm(forms.Form):
    """The admin's "reject" and "revoke" actions: the reason the applicant is sent."""

    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"), max_length=1000, validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Give the reason: it is sent to the applicant.")},
    )


class AlertChoiceForm(forms.Form):
    """What a subscriber receives: every release or chosen topics, and press-conference announcements. The
    subscription form and the subscriber's own page both ask it."""

    EVERYTHING, CHOSEN_TOPICS = "all", "topics"

    scope = forms.ChoiceField(
        label=_("Which press releases?"), widget=forms.RadioSelect, initial=EVERYTHING,
        choices=[(EVERYTHING, _("Every press release")), (CHOSEN_TOPICS, _("Only releases on the topics I choose"))],
        error_messages={"required": _("Choose which press releases you want."),
                        "invalid_choice": _("Choose which press releases you want.")},
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Only if you chose topics above."),
        error_messages={"invalid_choice": _("Choose among the topics shown."),
                        "invalid_pk_value": _("Choose among the topics shown.")},
    )
    conferences = forms.BooleanField(label=_("Also tell me when a press conference is announced"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_public_topics(self.fields["topics"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == self.CHOSEN_TOPICS and not cleaned.get("topics") and not self.has_error("topics"):
            self.add_error("topics", ValidationError(_("Choose at least one topic, or choose every press release."),
                                                     code="no_topic"))
        return cleaned

    def choice(self) -> dict:
        """The choice as ``press.alerts`` takes it."""
        everything = self.cleaned_data["scope"] == self.EVERYTHING
        return {"all_releases": everything, "topics": [] if everything else list(self.cleaned_data["topics"]),
                "conferences": self.cleaned_data["conferences"]}

    @classmethod
    def initial_for(cls, subscription) -> dict:
        return {"scope": cls.EVERYTHING if subscription.all_releases else cls.CHOSEN_TOPICS,
                "topics": list(subscription.topics.all()), "conferences": subscription.conferences}


class AlertManageForm(AlertChoiceForm):
    """The subscriber's own page: the choice, and the language the alerts are written in (at first the page's
    they subscribed on)."""

    # Not required: a page opened before this question was asked sends none, and the stored language stays.
    language = forms.ChoiceField(
        label=_("Language of the alerts"), widget=forms.RadioSelect, required=False, choices=named_in_themselves,
        help_text=_("A release not yet translated into it is sent with its English title and summary."),
        error_messages={"invalid_choice": _("Choose one of the languages shown.")},
    )

    def choice(self) -> dict:
        return {**super().choice(), "language": self.cleaned_data["language"] or None}

    @classmethod
    def initial_for(cls, subscription) -> dict:
        return {**super().initial_for(subscription), "language": subscription.language}


class AlertSubscribeForm(PublicForm, AlertChoiceForm):
    """The public alerts form: an address and the choice. Validates only; ``press/alerts.py`` decides."""

    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("We send a link to this address: alerts start once you have confirmed it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    field_order = ["email", "scope", "topics", "conferences"]
