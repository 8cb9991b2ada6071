"""``{% share_tags %}``: what a page tells link previews (OpenGraph, Twitter cards) and its canonical address."""

from django import template
from django.utils.translation import gettext as _

from commission.web.links import absolute_url
from commission.web.localised import text_in

register = template.Library()

# The smallest image Twitter/X shows as a large card (``summary_large_image``); a smaller one gets the small card.
LARGE_CARD_MIN = (300, 157)


def _canonical_path(request) -> str:
    # A list's later pages are pages of their own; any other query (tracking tags…) is not.
    page = request.GET.get("page", "")
    return f"{request.path}?page={page}" if page.isdigit() and page != "1" else request.path


@register.inclusion_tag("includes/share_tags.html", takes_context=True)
def share_tags(context, *, title="", description="", url="", image=None, kind="website"):
    """Defaults: the site commission's name, description and share image, and the page's own address.

    ``image`` is a dict with an absolute ``url``, ``width``, ``height`` and ``alt`` (``MediaImage.share_image()``).
    """
    commission = context.get("site_commission")
    if image is None and commission and commission.share_image:
        image = commission.share_image.share_image()
    return {
        "title": title or (text_in(commission, "name") if commission else _("Press office")),
        "description": description or (text_in(commission, "short_description") if commission else ""),
        "url": url or absolute_url(_canonical_path(context["request"])),  # every page with share tags has one
        "image": image,
        "large_card": bool(image) and image["width"] >= LARGE_CARD_MIN[0] and image["height"] >= LARGE_CARD_MIN[1],
        "kind": kind,
        "site_name": text_in(commission, "name") if commission else "",
    }
