"""Text typed by people that ends up in an email header, a calendar property or a CSV cell.

A carriage return or line feed in a name or a title splits a header or a calendar property in two (header
injection, or an email that cannot be built at all); a bidi override (U+202A–U+202E) or isolate
(U+2066–U+2069) makes a name read backwards. Other control characters have no business in a name either.
Zero-width joiners and other format characters stay allowed in names: scripts such as Persian need them.

``validate_single_line`` is for one-line fields (names, titles, places), ``validate_text`` for fields
where line breaks are part of the text (a postal address, a summary). Both are plain functions, so model
fields and forms use them as validators and migrations can name them.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = frozenset("\r\n\t")


def character_name(character: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how an error message names a character that cannot be seen."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" {name}" if name else "")


def _first_refused(value: str, *, allowed: frozenset = frozenset()) -> str | None:
    for character in value or "":
        if character in allowed:
            continue
        if character in DIRECTION_CONTROLS or unicodedata.category(character) == "Cc":
            return character
    return None


def _refuse(character: str) -> ValidationError:
    if character in "\r\n":
        message = _("Keep this on one line: line breaks are not allowed here.")
    else:
        message = _("Remove the invisible character %(character)s: it is not allowed here.") % {
            "character": character_name(character)}
    return ValidationError(message, code="control_character")


def validate_single_line(value: str) -> None:
    """Refuses control characters (line breaks and tabs included) and bidi overrides and isolates."""
    character = _first_refused(value)
    if character is not None:
        raise _refuse(character)


def validate_text(value: str) -> None:
    """As ``validate_single_line``, but line breaks and tabs are part of the text."""
    character = _first_refused(value, allowed=LINE_BREAKS)
    if character is not None:
        raise _refuse(character)


def one_line(value: str) -> str:
    """Any run of whitespace or control characters as one space: for an email header built from text that
    was stored before the validators above existed."""
    cleaned = "".join(" " if _first_refused(c) or c.isspace() else c for c in value or "")
    return " ".join(cleaned.split())
