from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from commission.models import Commission, Membership, Person
from events.models import Event


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
    context = {
        "commission": _commission_with_members(),
        "upcoming_events": Event.objects.published().upcoming().for_listing()[:3],
    }
    return render(request, "commission/home.html", context)


def about(request):
    return render(request, "commission/about.html", {"commission": _commission_with_members()})


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    memberships = person.memberships.select_related("commission")
    return render(request, "commission/person_detail.html", {"person": person, "memberships": memberships})
