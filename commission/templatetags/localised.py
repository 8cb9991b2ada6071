"""``{{ topic|in_language:"name" }}`` and ``<a{{ topic|lang_of:"name" }}>``: the short texts kept in a column
per language (commission/web/localised.py), in the page's language where written, else in English, marked so."""

from django import template

from commission.web.localised import lang_attribute, text_in

register = template.Library()


@register.filter
def in_language(item, field: str) -> str:
    if not item:
        return ""
    return text_in(item, field)


@register.filter
def lang_of(item, field: str) -> str:
    if not item:
        return ""
    return lang_attribute(item, field)
