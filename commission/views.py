from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from commission.cache import public_page
from commission.models import Commission, Membership, Person


@public_page
def home(request):
    return render(request, "commission/home.html")


@public_page
def about(request):
    memberships = Membership.objects.select_related("person")
    commission = Commission.objects.prefetch_related(
        Prefetch("memberships", queryset=memberships), "key_areas"
    ).current()
    return render(request, "commission/about.html", {"commission": commission, "site_commission": commission})


@public_page
def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    memberships = person.memberships.select_related("commission")
    return render(request, "commission/person_detail.html", {"person": person, "memberships": memberships})
