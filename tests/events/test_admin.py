import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import DisplayZone, Event, EventChange, Slot
from tests.factories import days_from_today

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ADD_URL = "/admin/events/event/add/"
PREVIEW_URL = "/admin/events/event/preview-times/"


def formset(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def event_data(commission, *, slots=None, zones=None, **fields):
    data = {
        "commission": str(commission.pk), "title": "Press conference in Almaty", "slug": "almaty-briefing",
        "summary": "The Commission speaks in Almaty.", "description": "", "status": "draft",
        "event_status": "scheduled", "status_note": "", "attendance": "mixed", "timezone": "Asia/Almaty",
        "venue_name": "Hotel", "venue_address": "", "venue_city": "Almaty", "venue_country": "Kazakhstan",
        "online_platform": "Zoom", "join_url": "",
        "publish_at_0": "", "publish_at_1": "", "registration_opens_at_0": "", "registration_opens_at_1": "",
        "registration_closes_at_0": "", "registration_closes_at_1": "",
        "in_person_capacity": "50", "online_capacity": "",
    }
    data.update(fields)
    if slots is None:
        slots = [{"start_date": "2030-01-18", "start_time": "15:30", "end_time": "16:30"}]
    slot_rows = [{"start_date": "", "start_time": "", "start_occurrence": "", "end_date": "", "end_time": "",
                  "end_occurrence": "", "timezone": "", **row} for row in slots]
    if zones is None:
        zones = [{"order": "1", "label": "ALMT", "place": "Almaty, Kazakhstan", "timezone": "Asia/Almaty"},
                 {"order": "2", "label": "", "place": "London, UK", "timezone": "Europe/London"}]
    data.update(formset("slots", slot_rows))
    data.update(formset("display_zones", zones))
    return data


def form_errors(response) -> dict:
    """Field errors of the main form and both inline formsets."""
    errors = {}
    context = response.context
    errors.update({f"event.{k}": v for k, v in context["adminform"].form.errors.items()})
    for inline in context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        for index, form_errors_ in enumerate(inline.formset.errors):
            errors.update({f"{prefix}-{index}.{k}": v for k, v in form_errors_.items()})
        if inline.formset.non_form_errors():
            errors[f"{prefix}.__all__"] = list(inline.formset.non_form_errors())
    return errors


def test_add_event_with_slot_in_almaty_and_display_zones(staff_client, commission):
    response = staff_client.post(ADD_URL, event_data(commission))

    assert response.status_code == 302
    event = Event.objects.get(slug="almaty-briefing")
    slot = event.slots.get()
    assert (slot.timezone, slot.start_utc, slot.end_date) == (
        "Asia/Almaty", datetime.datetime(2030, 1, 18, 10, 30, tzinfo=UTC), datetime.date(2030, 1, 18))
    assert [z.text for z in slot.zone_times()] == ["3:30pm ALMT – Almaty, Kazakhstan", "10:30am GMT – London, UK"]
    assert event.revision == 0
    assert EventChange.objects.count() == 0


def test_change_form_shows_the_instant_in_every_display_zone_and_utc_after_saving(staff_client, make_event):
    event = make_event(slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    text = staff_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    assert ('<div class="slot-preview" data-preview-url="/admin/events/event/preview-times/" aria-live="polite">'
            "<ul><li>3:30pm ALMT – Almaty, Kazakhstan</li><li>9:30am GMT – London, UK</li><li>9:30am UTC</li></ul>"
            ) in text
    assert '<script src="/static/js/event-admin.js"' in text


def test_change_form_queries_do_not_grow_with_the_slots(staff_client, make_event):
    def queries_for(days):
        event = make_event(slots=[(days_from_today(d, 15, 30), days_from_today(d, 16, 30)) for d in days])
        url = reverse("admin:events_event_change", args=[event.pk])
        staff_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured.captured_queries)

    assert queries_for([10]) == queries_for([10, 11, 12])


def test_add_event_without_a_slot_is_a_form_error(staff_client, commission):
    response = staff_client.post(ADD_URL, event_data(commission, slots=[]))

    assert response.status_code == 200
    assert form_errors(response) == {"slots.__all__": ["Add at least one time slot: when does the event happen?"]}
    assert Event.objects.count() == 0


def test_end_before_start_is_a_form_error(staff_client, commission):
    data = event_data(commission, slots=[{"start_date": "2030-01-18", "start_time": "15:30", "end_time": "14:00"}])

    response = staff_client.post(ADD_URL, data)

    assert form_errors(response) == {"slots-0.end_time": ["The end must be after the start."]}


def test_spring_gap_time_is_a_form_error(staff_client, commission):
    data = event_data(commission, timezone="Europe/London",
                      slots=[{"start_date": "2030-03-31", "start_time": "01:30", "end_time": "03:00"}])

    response = staff_client.post(ADD_URL, data)

    assert form_errors(response) == {"slots-0.start_time": [
        "1:30am on Sunday 31 March 2030 does not exist in Europe/London: the clocks go forward that night "
        "(GMT to BST). Choose a time that exists."
    ]}
    assert Event.objects.count() == 0


def test_ambiguous_time_asks_for_the_occurrence_then_saves_the_chosen_one(staff_client, commission):
    slot = {"start_date": "2030-10-27", "start_time": "01:30", "end_time": "03:00", "timezone": "Europe/London"}

    refused = staff_client.post(ADD_URL, event_data(commission, slots=[slot]))
    accepted = staff_client.post(ADD_URL, event_data(commission, slots=[{**slot, "start_occurrence": "1"}]))

    assert form_errors(refused) == {"slots-0.start_occurrence": [
        "1:30am on Sunday 27 October 2030 happens twice in Europe/London: first at BST, then again at GMT after the "
        "clocks go back. Choose which occurrence is meant."
    ]}
    assert accepted.status_code == 302
    assert Slot.objects.get().start_utc == datetime.datetime(2030, 10, 27, 1, 30, tzinfo=UTC)


def test_unknown_zone_names_are_field_errors(staff_client, commission):
    data = event_data(
        commission, timezone="Asia/Almatyy",
        slots=[{"start_date": "2030-01-18", "start_time": "15:30", "end_time": "16:30", "timezone": "Mars/Olympus"}],
        zones=[{"order": "1", "label": "ALMT", "place": "Almaty", "timezone": "Asia/Almatyy"}],
    )

    errors = form_errors(staff_client.post(ADD_URL, data))

    message = "“{}” is not a time zone name this server knows. Use an IANA name such as Europe/London."
    assert errors == {
        "event.timezone": [message.format("Asia/Almatyy")],
        "slots-0.timezone": [message.format("Mars/Olympus")],
        "display_zones-0.timezone": [message.format("Asia/Almatyy")],
    }


def test_long_display_zone_label_is_a_form_error(staff_client, commission):
    data = event_data(commission, zones=[{"order": "1", "label": "ALMATYTIME", "place": "Almaty",
                                          "timezone": "Asia/Almaty"}])

    errors = form_errors(staff_client.post(ADD_URL, data))

    assert errors == {"display_zones-0.label": ["Ensure this value has at most 6 characters (it has 10)."]}


def change_data(event, **fields):
    """The change form as it stands, with ``fields`` and the slot's fields (``slot_*``) replaced."""
    slot = event.slots.get()
    current = {
        name: getattr(event, name) for name in (
            "title", "slug", "summary", "description", "status", "event_status", "status_note", "attendance",
            "timezone", "venue_name", "venue_address", "venue_city", "venue_country", "online_platform", "join_url",
        )
    }
    publish_at = event.publish_at.astimezone(ZoneInfo(event.timezone))  # typed in the event's zone
    current.update(publish_at_0=publish_at.strftime("%Y-%m-%d"), publish_at_1=publish_at.strftime("%H:%M:%S"))
    current.update({name: "" if getattr(event, name) is None else str(getattr(event, name))
                    for name in ("in_person_capacity", "online_capacity")})
    current.update({k: v for k, v in fields.items() if not k.startswith("slot_")})
    data = event_data(event.commission, slots=[], zones=[], **current)
    slot_row = {"id": str(slot.pk), "event": str(event.pk), "start_date": slot.start_date.isoformat(),
                "start_time": slot.start_time.strftime("%H:%M"), "start_occurrence": "",
                "end_date": slot.end_date.isoformat(), "end_time": slot.end_time.strftime("%H:%M"),
                "end_occurrence": "", "timezone": slot.timezone}
    slot_row.update({k.removeprefix("slot_"): v for k, v in fields.items() if k.startswith("slot_")})
    data.update(formset("slots", [slot_row], initial=1))
    zones = [{"id": str(z.pk), "event": str(event.pk), "order": str(z.order), "label": z.label, "place": z.place,
              "timezone": z.timezone} for z in event.display_zones.all()]
    data.update(formset("display_zones", zones, initial=len(zones)))
    return data


def test_changing_a_slot_time_records_it_and_bumps_the_revision(staff_client, make_event, admin_user):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])

    response = staff_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                 change_data(event, slot_start_time="16:00", slot_end_time="17:00"))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.revision == 1
    change = event.changes.get()
    assert (change.revision, change.changed_by, change.what) == (
        1, admin_user,
        "Time changed\n"
        "Was: Friday 18 January 2030, 3:30pm ALMT – Almaty, Kazakhstan; 10:30am GMT – London, UK (1 hour)\n"
        "Now: Friday 18 January 2030, 4:00pm ALMT – Almaty, Kazakhstan; 11:00am GMT – London, UK (1 hour)",
    )


def test_changing_the_event_status_records_it(staff_client, make_event):
    event = make_event()

    staff_client.post(reverse("admin:events_event_change", args=[event.pk]),
                      change_data(event, event_status="cancelled"))

    event.refresh_from_db()
    assert (event.revision, event.changes.get().what) == (1, "Status: Scheduled → Cancelled")


def test_editing_only_the_text_records_nothing(staff_client, make_event):
    event = make_event()

    response = staff_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                 change_data(event, summary="A better summary."))

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.summary, event.revision, event.changes.count()) == ("A better summary.", 0, 0)


def test_change_log_is_shown_on_the_change_form(staff_client, make_event):
    event = make_event()
    staff_client.post(reverse("admin:events_event_change", args=[event.pk]),
                      change_data(event, event_status="postponed"))

    text = staff_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    assert "Status: Scheduled → Postponed</li>" in text


def test_duplicate_action_copies_as_a_draft_with_fresh_uids(staff_client, make_event):
    event = make_event(event_status=Event.EventStatus.RESCHEDULED, revision=3)

    response = staff_client.post("/admin/events/event/", {"action": "duplicate", "_selected_action": [event.pk]})

    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_change", args=[copy.pk])
    assert (copy.title, copy.slug, copy.status, copy.publish_at, copy.event_status, copy.revision) == (
        f"{event.title} (copy)", f"{event.slug}-copy", Event.Status.DRAFT, None, Event.EventStatus.SCHEDULED, 0)
    assert [(s.start_date, s.start_time, s.timezone) for s in copy.slots.all()] == [
        (s.start_date, s.start_time, s.timezone) for s in event.slots.all()]
    assert not set(copy.slots.values_list("uid", flat=True)) & set(event.slots.values_list("uid", flat=True))
    assert list(copy.display_zones.values_list("label", "place", "timezone")) == list(
        event.display_zones.values_list("label", "place", "timezone"))


def test_duplicating_twice_finds_a_free_slug(staff_client, make_event):
    event = make_event()

    staff_client.post("/admin/events/event/", {"action": "duplicate", "_selected_action": [event.pk]})
    staff_client.post("/admin/events/event/", {"action": "duplicate", "_selected_action": [event.pk]})

    assert sorted(Event.objects.values_list("slug", flat=True)) == [
        event.slug, f"{event.slug}-copy", f"{event.slug}-copy-2"]


# The live preview the admin script calls before saving

def preview(client, **params):
    zones = params.pop("zones", ["ALMT|Almaty, Kazakhstan|Asia/Almaty", "|London, UK|Europe/London"])
    return client.get(PREVIEW_URL, {"event_timezone": "Asia/Almaty", **params, "zone": zones})


def test_preview_shows_london_and_utc_for_a_time_entered_in_almaty(staff_client):
    response = preview(staff_client, date="20/01/2023", time="15:30")

    assert response.json() == {"lines": ["3:30pm ALMT – Almaty, Kazakhstan", "9:30am GMT – London, UK",
                                         "9:30am UTC"], "error": ""}


def test_preview_explains_a_repeated_time_and_honours_the_choice(staff_client):
    ambiguous = preview(staff_client, date="2024-02-29", time="23:30", zones=["|London, UK|Europe/London"])
    second = preview(staff_client, date="2024-02-29", time="23:30", occurrence="1",
                     zones=["|London, UK|Europe/London"])

    assert ambiguous.json() == {"lines": [], "error": (
        "11:30pm on Thursday 29 February 2024 happens twice in Asia/Almaty: first at UTC+6, then again at UTC+5 "
        "after the clocks go back. Choose which occurrence is meant.")}
    assert second.json() == {"lines": ["6:30pm GMT – London, UK", "6:30pm UTC"], "error": ""}


def test_preview_without_display_zones_uses_the_slot_zone(staff_client):
    response = preview(staff_client, date="2030-07-01", time="10:00", timezone="Europe/London", zones=[])

    assert response.json() == {"lines": ["10:00am BST", "9:00am UTC"], "error": ""}


def test_preview_with_unknown_zone_says_so(staff_client):
    response = preview(staff_client, date="2030-07-01", time="10:00", event_timezone="Nowhere/Land")

    assert response.json() == {"lines": [], "error": "Choose a known time zone to see the equivalent times."}


def test_preview_is_for_staff_only(client, django_user_model):
    anonymous = client.get(PREVIEW_URL, {"date": "2030-07-01", "time": "10:00", "timezone": "UTC"})
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 16, is_staff=True))
    staff_without_permission = client.get(PREVIEW_URL, {"date": "2030-07-01", "time": "10:00", "timezone": "UTC"})

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert staff_without_permission.status_code == 403


def test_display_zone_instances_are_not_saved_by_the_preview(staff_client):
    preview(staff_client, date="20/01/2023", time="15:30")

    assert DisplayZone.objects.count() == 0


def test_zone_fields_are_text_boxes_suggesting_from_one_list_of_known_zones(staff_client, commission):
    text = staff_client.get(ADD_URL).content.decode()

    assert re.search(r'<input type="text" name="timezone" value="UTC" list="time-zone-names"[^>]*id="id_timezone"',
                     text)  # the site's TIME_ZONE
    assert re.search(r'<input type="text" name="slots-0-timezone" list="time-zone-names"', text)
    assert re.search(r'<input type="text" name="display_zones-0-timezone" list="time-zone-names"', text)
    assert text.count('<datalist id="time-zone-names">') == 1
    assert text.count('<option value="Asia/Almaty">') == 1
    assert "<select name=\"timezone\"" not in text


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Briefing\r\nBcc: evil@example.org"), ("title", "Briefing \u202eevil"), ("venue_name", "Hotel\nX"),
     ("venue_city", "Alm\u2067aty"), ("venue_country", "Kazakh\rstan"), ("online_platform", "Zoom\x07"),
     ("status_note", "Moved\r\nBcc: x"), ("venue_address", "Dostyk 52\n\u202eAlmaty"),
     ("summary", "Summary \u202e")],
)
def test_text_that_reaches_emails_and_calendars_refuses_control_characters(staff_client, commission, field, value):
    response = staff_client.post(ADD_URL, event_data(commission, **{field: value}))

    assert response.status_code == 200
    assert f"event.{field}" in form_errors(response)
    assert not Event.objects.exists()


def test_a_display_zone_place_refuses_line_breaks(staff_client, commission):
    zones = [{"order": "1", "label": "", "place": "London\r\nBcc: x", "timezone": "Europe/London"}]

    response = staff_client.post(ADD_URL, event_data(commission, zones=zones))

    assert "display_zones-0.place" in form_errors(response)
    assert not Event.objects.exists()


def test_a_postal_address_keeps_its_line_breaks(staff_client, commission):
    response = staff_client.post(ADD_URL, event_data(commission, venue_address="Dostyk Avenue 52\r\nAlmaty"))

    assert response.status_code == 302
    assert Event.objects.get().venue_address == "Dostyk Avenue 52\r\nAlmaty"
