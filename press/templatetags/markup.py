from django import template

from press import markup as markup_module

register = template.Library()


@register.filter
def markup(text):
    """Render authored Markdown as sanitised HTML: ``{{ release.body|markup }}``."""
    return markup_module.render(text)
