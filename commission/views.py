from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from commission.models import Commission, Membership, Person


def _commission_with_members():
    commission = Commission.objects.current()
    if commission is None:
        return None
    memberships = Membership.objects.select_related("person").order_by("order", "pk")
    # One query per related list, whatever their length.
    return (
        Commission.objects.filter(pk=commission.pk)
        .prefetch_related(Prefetch("memberships", queryset=memberships), "key_areas", "media_contacts")
        .get()
    )


def home(request):
    return render(request, "commission/home.html", {"commission": _commission_with_members()})


def about(request):
    return render(request, "commission/about.html", {"commission": _commission_with_members()})


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    memberships = person.memberships.select_related("commission")
    return render(request, "commission/person_detail.html", {"person": person, "memberships": memberships})


def robots_txt(request):
    """Crawlers may read everything public; admin, preview links and search result pages are not for them."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('press:search')}",
        f"Disallow: {reverse('press:list')}preview/",
        "",
        f"Sitemap: {settings.SITE_URL.rstrip('/')}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
