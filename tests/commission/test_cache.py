"""Public pages are cached, invalidated by edits and by scheduled instants, and answer 304s."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commission import cache as page_cache
from commission.models import Membership

pytestmark = pytest.mark.django_db


def test_second_visit_is_served_from_cache_without_queries(client, commission, django_assert_num_queries):
    client.get("/commission/")
    with django_assert_num_queries(0):
        response = client.get("/commission/")
    assert response.status_code == 200
    assert "Inquiry Commission" in response.content.decode()


def test_editing_a_person_refreshes_the_pages_showing_them(client, commission, make_member):
    person = make_member(commission, full_name="Before Name KC")
    assert "Before Name KC" in client.get("/commission/").content.decode()
    person.full_name = "After Name KC"
    person.save()
    body = client.get("/commission/").content.decode()
    assert "After Name KC" in body and "Before Name KC" not in body


def test_deleting_a_membership_refreshes_the_commission_page(client, commission, make_member):
    make_member(commission, full_name="Leaving Member MP")
    client.get("/commission/")
    Membership.objects.get(person__full_name="Leaving Member MP").delete()
    assert "Leaving Member MP" not in client.get("/commission/").content.decode()


def test_matching_etag_gets_304_and_a_changed_page_gets_200(client, commission):
    etag = client.get("/commission/").headers["ETag"]
    assert client.get("/commission/", headers={"If-None-Match": etag}).status_code == 304
    commission.name = "Renamed Commission"
    commission.save()
    response = client.get("/commission/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_signed_in_staff_bypass_the_cache(staff_client, commission, django_assert_max_num_queries):
    staff_client.get("/commission/")
    with django_assert_max_num_queries(20) as captured:
        staff_client.get("/commission/")
    assert len(captured) > 0


def test_cached_page_gets_a_fresh_nonce_matching_its_header(rf, settings, db):
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}" type="application/ld+json">{}</script>')

    @page_cache.public_page
    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({"csp_nonce": request._csp_nonce}, request))

    middleware = ContentSecurityPolicyMiddleware(view)
    bodies, headers = [], []
    for _ in range(2):
        response = middleware(rf.get("/nonce-test/"))
        bodies.append(response.content.decode())
        headers.append(response.headers["Content-Security-Policy"])
    for body, header in zip(bodies, headers, strict=True):
        nonce = body.split('nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in header
    assert bodies[0] != bodies[1]


def test_page_is_cached_only_until_the_next_registered_boundary(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    now = timezone.now()
    monkeypatch.setattr(page_cache, "_time_boundaries", [lambda at: at + datetime.timedelta(seconds=42)])
    assert page_cache._seconds_to_next_boundary(now) == 43
    monkeypatch.setattr(page_cache, "_time_boundaries", [lambda at: None])
    assert page_cache._seconds_to_next_boundary(now) == 600


def test_page_cache_off_renders_every_time(client, settings, commission, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(reverse("commission:home"))
    with django_assert_num_queries(4):  # commission, contacts, releases, events
        client.get(reverse("commission:home"))
