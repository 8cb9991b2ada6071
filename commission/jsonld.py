"""The commission as schema.org sees it: one ``Organization`` for every page's JSON-LD."""

from django.urls import reverse

from commission.web.links import absolute_url
from commission.web.localised import text_in


def organisation(commission) -> dict:
    """schema.org ``Organization``: a release's author and publisher, a press conference's organizer.

    Its address is the commission's own website when it has one, else the site's about page.
    """
    return {
        "@type": "Organization",
        "name": text_in(commission, "name"),  # in the page's language
        "url": commission.website or absolute_url(reverse("commission:about")),
    }


def organisation_page(commission) -> dict:
    """The home page's own schema.org data: the commission as an ``Organization``, with its description and its
    share image (loaded with it by ``Commission.objects.current``)."""
    data = {"@context": "https://schema.org", **organisation(commission),
            "description": text_in(commission, "short_description"),
            "image": commission.share_image.share_image()["url"] if commission.share_image else ""}
    return {key: value for key, value in data.items() if value}
