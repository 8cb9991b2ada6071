"""What the site's public forms share (the press-conference sign-up, the accreditation request)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commission.web.addresses import normalise_email

# Said for the name and address of every public form, so that both read alike.
NAME_AND_EMAIL_MESSAGES = {
    "name": {"required": _("Enter your full name.")},
    "email": {"required": _("Enter your email address."),
              "invalid": _("Enter an email address like name@example.org.")},
}


class PublicForm(forms.Form):
    """A form anyone may post: a honeypot field, one spelling per email address, the messages of
    ``error_messages_by_field`` (with the name's and address's), and a length limit that says how long the
    text is. A subclass declares an ``email`` field, and usually ``name``."""

    # Hidden from people (CSS, aria-hidden, no tab stop); bots that fill every field fill it.
    website = forms.CharField(label=_("Leave this field empty"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    error_messages_by_field: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"] = self.fields.pop("website")  # last, after the fields people fill in
        for name, messages in {**NAME_AND_EMAIL_MESSAGES, **self.error_messages_by_field}.items():
            if name in self.fields:  # a form may ask for an address without a name (email alerts)
                self.fields[name].error_messages.update(messages)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = _(
                    "Keep this under %(limit_value)d characters (it has %(show_value)d)."
                )

    def clean_email(self):
        """One spelling per mailbox; invisible characters, quoted names and address literals are refused."""
        return normalise_email(self.cleaned_data["email"])

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled in: a bot. Checked before anything else, whatever the other fields say."""
        return bool(self.data.get("website", "").strip())
