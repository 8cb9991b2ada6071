from django import template

from press.models import PressRelease

register = template.Library()


@register.inclusion_tag("press/includes/latest_releases.html")
def latest_press_releases(count=3):
    """The newest published releases, for the home page."""
    releases = PressRelease.objects.published().newest_first().for_list()[:count]
    return {"releases": releases}
