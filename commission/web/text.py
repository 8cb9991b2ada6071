"""Text typed by people that ends up in an email header, a calendar property, a CSV cell or a file name.

A carriage return or line feed in a name or a title splits a header or a calendar property in two (header
injection, or an email that cannot be built at all); a bidi override (U+202A–U+202E) or isolate
(U+2066–U+2069) makes a name read backwards. Other control characters have no business in a name either.
Zero-width joiners and other format characters stay allowed in names: scripts such as Persian need them.

``validate_single_line`` is for one-line fields (names, titles, places), ``validate_text`` for fields
where line breaks are part of the text (a postal address, a summary). ``line_breaks_as_read`` writes a text's
line breaks one way, for comparing texts. ``latin_slug`` spells a title in Latin letters for a file name. The
validators are plain functions, so model fields and forms use them as validators and migrations can name them.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.text import slugify
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


# Cyrillic in Latin letters, as the site's addresses write it: Russian as the admin's slug field fills itself in
# from a title (Django's admin/js/urlify.js: х → h, ц → c, й → j, я → ya), Kazakh's own letters as the Kazakh
# versions' slugs spell them (қ → q, ң → n, і → i, ө → o, ү → u). Upper case is lowered first.
CYRILLIC_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
})


def line_breaks_as_read(value):
    """``value`` (a text, or lists and dicts of texts) with every line break written as LF. Browsers send a
    textarea's line breaks as CRLF (the HTML standard) and Django stores what they send; text from elsewhere
    (the seed, a command) has LF. A reader sees no difference, so neither may a comparison of texts."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, list):
        return [line_breaks_as_read(item) for item in value]
    if isinstance(value, dict):
        return {key: line_breaks_as_read(item) for key, item in value.items()}
    return value


def latin_slug(value: str, *, max_length: int = 60) -> str:
    """``value`` as a slug in Latin letters, for a file name or an address: ``Доклад комиссии 2026`` →
    ``doklad-komissii-2026``. Accents go (``é`` → ``e``); what has no Latin spelling here (Chinese, emoji) is
    dropped, so the result may be empty: the caller has a fallback. Cut at a word's end within ``max_length``."""
    latin = unicodedata.normalize("NFC", value or "").lower().translate(CYRILLIC_TO_LATIN)
    slug = slugify(latin)
    if len(slug) > max_length:
        cut = slug[:max_length + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")
