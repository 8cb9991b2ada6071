"""The newsroom's side of a press conference's language versions (events/translation_admin.py)."""

import pytest
from django.test import Client

from tests.events.adminforms import formset
from tests.factories import make_commission, make_event, make_event_version
from tests.htmltools import text_of

pytestmark = pytest.mark.django_db


def column(client, url) -> str:
    return " ".join(text_of(client.get(url).content, "main").split())


def save_version(client, version, zone, *, place):
    """Save the Russian version's own page, ready, with its venue city and ``zone``'s place name."""
    return client.post(f"/admin/events/eventtranslation/{version.pk}/change/", {
        "language": "ru", "slug": version.slug, "title": version.title, "summary": version.summary,
        "description": "", "venue_name": "", "venue_address": "", "venue_city": "Алматы", "venue_country": "",
        "ready": "on", "_save": "Save",
        **formset("places", [{"id": str(version.places.get(zone=zone).pk), "version": str(version.pk),
                              "zone": str(zone.pk), "place": place}], initial=1),
    })


def test_press_conference_list_says_which_versions_are_out_of_date(staff_client):
    event = make_event(make_commission())
    make_event_version(event, "kk")

    assert "Русский: missing · Қазақша: ready" in column(staff_client, "/admin/events/event/")

    zone = event.display_zones.first()
    zone.place = "Almaty"
    zone.save()

    assert "Қазақша: out of date" in column(staff_client, "/admin/events/event/")
    assert "Қазақша: out of date" in column(staff_client, f"/admin/events/event/{event.pk}/change/")


def test_a_version_added_on_the_press_conference_page_is_up_to_date(staff_client):
    event = make_event(make_commission())
    version = make_event_version(event, "ru", ready=False)
    zone = event.display_zones.first()

    response = save_version(staff_client, version, zone, place="Алматы")

    assert response.status_code == 302, text_of(response.content, "main")
    assert "Русский: ready" in column(staff_client, "/admin/events/event/")


def test_the_versions_list_reads_each_rows_state_without_a_query_per_row(staff_client, django_assert_max_num_queries):
    commission = make_commission()
    make_event_version(make_event(commission), "ru")
    with django_assert_max_num_queries(50) as one_row:
        assert staff_client.get("/admin/events/eventtranslation/").status_code == 200
    for _ in range(5):
        make_event_version(make_event(commission), "ru")
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        page = column(staff_client, "/admin/events/eventtranslation/")
    assert page.count("ready") >= 6


def test_translating_only_a_place_name_brings_the_versions_venue_up_to_date_too(staff_client):
    event = make_event(make_commission())
    version = make_event_version(event, "ru", venue_city="Алматы")
    zone = event.display_zones.first()
    zone.place = "Almaty city centre"  # the English moves on: the version's places are out of date
    zone.save()

    response = save_version(staff_client, version, zone, place="Центр Алматы")

    assert response.status_code == 302, text_of(response.content, "main")
    assert "Русский: ready" in column(staff_client, "/admin/events/event/")
    page = text_of(Client().get(f"/ru/events/{version.slug}/").content, "main")  # as the public reads it
    assert "Центр Алматы" in page and "Almaty city centre" not in page
