from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from commission.current import current_commission
from commission.web.cache import public_page
from commission.web.links import absolute_url
from events.models import Event
from press import metadata, search
from press.models import PressRelease, Quote, Topic
from press.pagination import paginate
from press.services import PREVIEW_LINK_LIFETIME, PreviewLinkInvalid, open_preview_link


def _list_queryset(releases):
    return releases.newest_first().for_list()


def detail_queryset(releases):
    """Everything a release page shows of the release itself, in a fixed number of queries."""
    return releases.select_related("commission").prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
        "topics",
        "related_people",
        "media_contacts",
    )


def release_context(request, release, *, preview=None) -> dict:
    """The template context of a release page: the same for the public, the admin preview and preview links."""
    commission = current_commission(request)  # the site's, as in the header and footer, with its contacts
    if release.commission_id is not None and release.commission_id != getattr(commission, "pk", None):
        commission = release.commission  # another commission's release: its contacts take one more query
    contacts = list(release.media_contacts.all())
    if not contacts and commission is not None:
        contacts = list(commission.media_contacts.all())
    url = absolute_url(release.get_absolute_url())
    return {
        "release": release,
        "commission": commission,
        "body_parts": release.body_parts(),
        "related_events": Event.objects.published().filter(related_releases=release).load_with_schedule(),
        "notes_to_editors": release.notes_to_editors or (commission.about if commission else ""),
        "media_contacts": contacts,
        # A draft has no time yet: "Publish now" would give it today's.
        "display_date": release.publish_at or timezone.now(),
        "canonical_url": url,
        "hero_url": metadata.hero_url(release),
        "json_ld": metadata.news_article(release, commission=commission, url=url),
        "preview": preview,
        "nav": "press",
    }


def render_preview(request, release, *, via):
    """A draft exactly as the public would see it, with a banner; kept out of indexes and caches."""
    release = detail_queryset(PressRelease.objects.with_visibility()).get(pk=release.pk)
    response = render(request, "press/release_detail.html", release_context(request, release, preview={"via": via}))
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    # The token is in the address: never send it on to another site through a link.
    response["Referrer-Policy"] = "no-referrer"
    return response


@public_page
def release_list(request):
    page = paginate(_list_queryset(PressRelease.objects.published()), request.GET.get("page"))
    return render(request, "press/release_list.html", {"page": page, "nav": "press"})


@public_page
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.public(), slug=slug)
    page = paginate(_list_queryset(PressRelease.objects.published().filter(topics=topic)), request.GET.get("page"))
    return render(request, "press/topic_detail.html", {"topic": topic, "page": page, "nav": "press"})


@public_page
def release_detail(request, slug):
    release = get_object_or_404(detail_queryset(PressRelease.objects.published()), slug=slug)
    return render(request, "press/release_detail.html", release_context(request, release))


def preview_link(request, token):
    try:
        release = open_preview_link(token=token)
    except PreviewLinkInvalid:
        # Its own page, not the general "not found": the reader followed a link someone sent them.
        response = render(request, "press/preview_link_gone.html", {"lifetime_days": PREVIEW_LINK_LIFETIME.days},
                          status=410)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    return render_preview(request, release, via="link")


def release_search(request):
    query = search.SearchQuery.from_param(request.GET.get("q"))
    page = None
    if query.text:
        page = paginate(search.search_releases(query.text).for_list(), request.GET.get("page"))
        page.object_list = search.with_snippets(page.object_list, query.text)
    return render(
        request,
        "press/search.html",
        {"query": query, "page": page, "max_length": search.MAX_QUERY_LENGTH, "nav": "press"},
    )
