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
