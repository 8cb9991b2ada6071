
from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

from commission.current import current_commission
from commission.jsonld import organisation_page
from commission.models import Membership
from commission.web.cache import public_page
from commission.web.links import absolute_url
from events import tokens
from events import translations as event_translations
from press import tokens as press_tokens
from press import translations
from press.models import Quote, public_people


@public_page
def home(request):
    commission = current_commission(request)
    return render(request, "commission/home.html", {
        "json_ld": organisation_page(commission) if commission is not None else None,
        "latest_releases": translations.localise(translations.for_list(translations.published_in())[:3]),
        "upcoming_events": event_translations.localise(event_translations.in_language(
            event_translations.published_in().upcoming()[:3]).load_with_schedule()),
    })


@public_page
def about(request):
    commission = current_commission(request)
    if commission is not None:
        memberships = Membership.objects.select_related("person")
        prefetch_related_objects([commission], Prefetch("memberships", queryset=memberships), "key_areas")
    return render(request, "commission/about.html", {"commission": commission, "nav": "commission"})


@public_page
def person_detail(request, slug):
    person = get_object_or_404(public_people(), slug=slug)
    published = translations.published_in()  # in Russian or Kazakh: releases with a ready version in it
    quotes = translations.localise_quotes(
        Quote.objects.filter(speaker=person, release__in=published)
        .select_related("release")
        .order_by("-release__publish_at", "-release__pk", "order")
    )
    return render(request, "commission/person_detail.html", {
        "person": person,
        "memberships": list(person.memberships.select_related("commission")),
        "quotes": quotes,
        "events": event_translations.localise(event_translations.in_language(
            event_translations.published_in().filter(speakers=person)).load_with_schedule()),
        "share_image": person.share_image(),
        "nav": "commission",
    })


@public_page
def privacy(request):
    """The privacy notice: what registrants', accreditation applicants' and alert subscribers' data is kept, why, for how long,
    who sees it."""
    return render(request, "commission/privacy.html", {
        "retention_days": settings.REGISTRATION_RETENTION_DAYS,
        "confirm_hours": tokens.CONFIRM_MAX_HOURS,
        "accreditation_retention_days": settings.ACCREDITATION_RETENTION_DAYS,
        "accreditation_confirm_hours": press_tokens.ACCREDITATION_CONFIRM_HOURS,
        "alerts_confirm_hours": press_tokens.ALERT_CONFIRM_HOURS,
    })


def robots_txt(request):
    """Crawlers may read everything public; preview links and search result pages are not for them.

    The admin is not named here, where anyone can read its address: its pages send ``X-Robots-Tag``
    (commission/web/robots.py).
    """
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:  # under each language's prefix: /press/search/, /ru/press/search/, …
        with translation.override(code):
            lines += [f"Disallow: {reverse('press:search')}", f"Disallow: {reverse('press:list')}preview/"]
    lines += ["", f"Sitemap: {absolute_url(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers and feed readers that ask for /favicon.ico without reading the page's icon link are sent to the
    site's icon, not a 404 page rendered at every visit. Not a permanent redirect: the icon's address carries
    its content's hash, and the next version's is another."""
    return HttpResponseRedirect(static("favicon.svg"))
