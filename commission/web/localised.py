"""Short content in each language, kept in columns beside the English: the commission's name and texts, its key
areas, a topic's name, a person's name and role, a media contact's label.

Releases and press conferences have versions of their own (rows with a *Ready* switch and an address each,
going live with their release). These are a few words each, public whenever what they name is, so one column
per language (``name_ru``, ``name_kk``) is enough: a page reads them with the row, no query more. An empty
column shows the English, and the element showing it says so (``lang="en-gb"``) on a page in another language.
"""

from collections.abc import Mapping

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html


def column(field: str, language: str) -> str:
    """The column holding ``field`` in ``language``: ``name_ru``, ``name_kk``."""
    return f"{field}_{language.split('-')[0]}"


def _get(item, name: str) -> str:
    # A row, or a dict in its place (a release's recorded text names its quotes' speakers so).
    return (item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)) or ""


def _shown(item, field: str, language: str | None) -> tuple[str, str]:
    language = language or translation.get_language()
    if language != settings.LANGUAGE_CODE:
        text = _get(item, column(field, language))
        if text.strip():
            return text, language
    return _get(item, field), settings.LANGUAGE_CODE


def text_in(item, field: str, language: str | None = None) -> str:
    """``item``'s ``field`` in the page's language (or ``language``), else in English."""
    return _shown(item, field, language)[0]


def language_of(item, field: str, language: str | None = None) -> str:
    """The language ``text_in`` shows ``item``'s ``field`` in."""
    return _shown(item, field, language)[1]


def lang_attribute(item, field: str) -> str:
    """`` lang="en-gb"`` when the page shows ``item``'s ``field`` in English on a page in another language."""
    shown = language_of(item, field)
    if shown == translation.get_language():
        return ""
    return format_html(' lang="{}"', shown)
