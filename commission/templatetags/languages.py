"""``{{ release|lang_attr }}``: the ``lang`` attribute an element needs when its text is not in the page's language
(an English release on a Russian page, until its Russian version is ready); ``release|in_its_language:"title"``,
the same for a text set inside a sentence of the page's language."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from commission.web.languages import content_language

register = template.Library()


@register.filter
def lang_attr(item) -> str:
    language = content_language(item)
    if language == translation.get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.filter
def in_its_language(item, field: str) -> str:
    """``item``'s ``field`` to set in a sentence of the page (``{% blocktranslate with title=release|in_its_language:
    "title" %}``): in a ``<span lang>`` when it is written in another language than the page's."""
    attribute = lang_attr(item)
    text = getattr(item, field)
    return format_html("<span{}>{}</span>", attribute, text) if attribute else text
