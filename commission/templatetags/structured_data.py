import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The escapes of django.utils.html.json_script: nothing in the data can close the script element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    """``{% json_ld data %}``: schema.org data as ``<script type="application/ld+json">``, escaped as
    ``json_script`` escapes (which only writes application/json), carrying the response's CSP nonce."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    nonce = context.get("csp_nonce")
    if nonce is not None:  # a LazyNonce is falsy until first read, so test for presence
        return format_html('<script type="application/ld+json" nonce="{}">{}</script>', nonce, mark_safe(text))  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
