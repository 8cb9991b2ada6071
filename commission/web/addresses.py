"""Email addresses: one spelling per mailbox, so that one mailbox holds at most one registration per event.

``normalise_email`` is the one rule. The sign-up form, the registration services and the model field (so
the admin too) all go through it:

- surrounding spaces are dropped and the text is put in Unicode normal form C;
- invisible characters (Unicode category Cf: zero-width spaces, joiners, direction marks) and control
  characters are refused: pasted from a web page, they make a second spelling of the same address;
- quoted local parts (``"dup"@example.org``) and address literals (``dup@[127.0.0.1]``) are refused:
  legal in the standard, they only serve to spell one mailbox several ways;
- the domain is lower case and in its IDNA (punycode) form, so ``bücher.example`` and
  ``xn--bcher-kva.example`` are one domain; a final dot is dropped;
- the local part is lower case too: mail systems treat ``Ann`` and ``ann`` as one person, and people
  type capitals.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from commission.web.text import character_name


def normalise_email(value: str) -> str:
    """The one spelling of an address. ``""`` stays ``""`` (an erased registration). Raises
    ``ValidationError`` (codes ``invisible_character``, ``quoted_local_part``, ``address_literal``,
    ``invalid``) for an address that cannot be used."""
    text = unicodedata.normalize("NFC", (value or "").strip())
    if not text:
        return ""
    for character in text:
        if unicodedata.category(character) in {"Cf", "Cc", "Zl", "Zp"}:
            raise ValidationError(
                _("This address contains an invisible character (%(character)s), often picked up by copying "
                  "and pasting. Type the address again.") % {"character": character_name(character)},
                code="invisible_character",
            )
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise ValidationError(_("Enter an email address like name@example.org."), code="invalid")
    if local.startswith('"') or '"' in local:
        raise ValidationError(
            _("Addresses with quotation marks cannot be used here. Enter a plain address like name@example.org."),
            code="quoted_local_part",
        )
    if domain.startswith("["):
        raise ValidationError(
            _("Addresses with an IP address in brackets cannot be used here. Enter an address with a domain "
              "name, like name@example.org."),
            code="address_literal",
        )
    domain = domain.lower().removesuffix(".")
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValidationError(_("Enter an email address like name@example.org."), code="invalid") from None
    address = f"{local.lower()}@{domain}"
    try:
        validate_email(address)  # what is left must be an ordinary address
    except ValidationError:
        raise ValidationError(_("Enter an email address like name@example.org."), code="invalid") from None
    return address


def validate_email_address(value: str) -> None:
    """``normalise_email`` as a field validator: the admin refuses what the sign-up form refuses."""
    normalise_email(value)
