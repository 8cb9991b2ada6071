from django import template

from press import markup as markup_module

register = template.Library()


@register.filter
def markup(text, top_level=2):
    """Render authored Markdown as sanitised HTML: ``{{ release.body|markup }}``.

    ``{{ notes|markup:3 }}`` makes its highest heading an ``h3``, for text under a page's ``h2``.
    """
    return markup_module.render(text, top_level=int(top_level))
