import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from press.models import PressRelease

register = template.Library()

# The escapes of django.utils.html.json_script: no "<", ">" or "&" can close the script element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """``<script type="application/ld+json">`` escaped as ``json_script`` does (which only writes application/json)."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.inclusion_tag("press/includes/latest_releases.html")
def latest_press_releases(count=3):
    """The newest published releases, for the home page."""
    releases = PressRelease.objects.published().newest_first().with_topics()[:count]
    return {"releases": releases}
