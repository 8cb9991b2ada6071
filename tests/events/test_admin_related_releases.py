"""A press conference's "related press releases": staff see and choose only the releases they may view, and saving
the event keeps the links to the others (events/admin.py, PressReleaseQuerySet.visible_to)."""

import pytest
from django.contrib.auth.models import Permission

from events.models import Event
from tests.press.htmltools import text_of

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/events/event/add/"


def change_url(event):
    return f"/admin/events/event/{event.pk}/change/"


def event_form(commission, **fields):
    """The event form with one new slot and no display zones, as a browser posts it."""
    data = {
        "commission": str(commission.pk), "title": "Briefing", "slug": "briefing", "summary": "A briefing.",
        "description": "", "status": "draft", "event_status": "scheduled", "status_note": "", "attendance": "mixed",
        "timezone": "Asia/Almaty", "venue_name": "Hotel", "venue_address": "", "venue_city": "Almaty",
        "venue_country": "Kazakhstan", "online_platform": "Zoom", "join_url": "",
        "publish_at_0": "", "publish_at_1": "", "registration_opens_at_0": "", "registration_opens_at_1": "",
        "registration_closes_at_0": "", "registration_closes_at_1": "", "in_person_capacity": "50",
        "online_capacity": "",
        "slots-TOTAL_FORMS": "1", "slots-INITIAL_FORMS": "0", "slots-MIN_NUM_FORMS": "0", "slots-MAX_NUM_FORMS": "1000",
        "slots-0-start_date": "2030-01-18", "slots-0-start_time": "15:30", "slots-0-start_occurrence": "",
        "slots-0-end_date": "", "slots-0-end_time": "16:30", "slots-0-end_occurrence": "", "slots-0-timezone": "",
        "display_zones-TOTAL_FORMS": "0", "display_zones-INITIAL_FORMS": "0", "display_zones-MIN_NUM_FORMS": "0",
        "display_zones-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


@pytest.fixture
def live(make_release):
    return make_release(title="Live one", slug="live-one")


def offered(response) -> list[str]:
    return [release.title for release in response.context["adminform"].form.fields["related_releases"].queryset]


def test_picker_offers_staff_who_may_not_view_releases_only_published_ones(events_only_client, live,
                                                                          hidden_releases):
    response = events_only_client.get(ADD_URL)

    assert offered(response) == ["Live one"]
    assert "zeppelins" not in response.content.decode()


def test_picker_offers_staff_who_may_view_releases_every_one(officer_client, live, hidden_releases):
    response = officer_client.get(ADD_URL)

    assert sorted(offered(response)) == sorted(["Live one", *(r.title for r in hidden_releases.values())])


def test_posting_a_release_the_user_may_not_view_is_refused(events_only_client, commission, hidden_releases):
    draft = hidden_releases["draft"]

    response = events_only_client.post(ADD_URL, event_form(commission, related_releases=[str(draft.pk)]))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["related_releases"] == [
        f"Select a valid choice. {draft.pk} is not one of the available choices."
    ]
    assert Event.objects.count() == 0


def test_saving_the_event_keeps_the_links_to_releases_the_user_may_not_view(events_only_client, make_event,
                                                                             make_release, live, hidden_releases):
    event = make_event(status=Event.Status.DRAFT, publish_at=None, slots=[], display_zones=[])
    event.related_releases.add(live, hidden_releases["draft"], hidden_releases["future"])
    other = make_release(title="Another live one")

    response = events_only_client.post(change_url(event), event_form(
        event.commission, title=event.title, slug=event.slug, related_releases=[str(other.pk)],
    ))

    assert response.status_code == 302
    assert sorted(event.related_releases.values_list("title", flat=True)) == sorted([
        "Another live one", hidden_releases["draft"].title, hidden_releases["future"].title,
    ])


def test_release_autocomplete_refuses_staff_who_may_not_view_releases(events_only_client, hidden_releases):
    response = events_only_client.get("/admin/autocomplete/", {
        "app_label": "events", "model_name": "event", "field_name": "related_releases", "term": "zeppelins",
    })

    assert response.status_code == 403
    assert "zeppelins" not in response.content.decode()


def test_view_only_staff_read_only_the_titles_they_may_view(client, django_user_model, make_event, live,
                                                            hidden_releases):
    event = make_event()
    event.related_releases.add(live, *hidden_releases.values())
    user = django_user_model.objects.create_user("reader", password="x-not-used-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="events", codename="view_event"))
    client.force_login(user)

    response = client.get(change_url(event))

    assert response.status_code == 200
    assert "Related press releases: Live one" in text_of(response.content, "form")
    assert "zeppelins" not in response.content.decode()
