from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from commission.cache import current_commission, public_page
from commission.links import absolute_url
from commission.models import Membership, Person
from events import tokens
from events.models import Event


@public_page
def home(request):
    upcoming_events = Event.objects.published().upcoming()[:3].load_with_schedule()
    return render(request, "commission/home.html", {"upcoming_events": upcoming_events})


@public_page
def about(request):
    commission = current_commission()
    if commission is not None:
        memberships = Membership.objects.select_related("person")
        prefetch_related_objects([commission], Prefetch("memberships", queryset=memberships), "key_areas")
    return render(request, "commission/about.html", {"commission": commission})


@public_page
def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    memberships = person.memberships.select_related("commission")
    return render(request, "commission/person_detail.html", {"person": person, "memberships": memberships})


@public_page
def privacy(request):
    """The privacy notice: what registrants' data is kept, why, for how long, who sees it."""
    return render(request, "commission/privacy.html", {
        "retention_days": settings.REGISTRATION_RETENTION_DAYS,
        "confirm_hours": tokens.CONFIRM_MAX_HOURS,
    })


def robots_txt(request):
    """Crawlers may read everything public; admin, preview links and search result pages are not for them."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('press:search')}",
        f"Disallow: {reverse('press:list')}preview/",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


_bare_bodies: dict[str, bytes] = {}


def bench_bare(request, name):
    """The benchmark's baseline: the same bytes as a real page, with no database or template work.

    Routed only when ``BENCHMARK_BARE_DIR`` is set (bench/serve.py does); never in production.
    """
    if name not in _bare_bodies:
        folder = Path(settings.BENCHMARK_BARE_DIR)
        path = (folder / name).resolve()
        if path.parent != folder.resolve() or not path.is_file():
            raise Http404
        _bare_bodies[name] = path.read_bytes()
    return HttpResponse(_bare_bodies[name], content_type="text/html; charset=utf-8")
