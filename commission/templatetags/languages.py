"""``{{ release|lang_attr }}``: the ``lang`` attribute an element needs when its text is not in the page's language
(an English release on a Russian page, until its Russian version is ready)."""

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
