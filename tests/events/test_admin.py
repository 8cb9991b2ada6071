import datetime
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import DisplayZone, Event, EventChange, Registration, Slot
from tests.events.adminforms import ADD_URL, CHANGELIST, action, change_data, event_data, formset
from tests.factories import days_from_today, make_staff_user
from tests.htmltools import carried, tags, text_of

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
PREVIEW_URL = "/admin/events/event/preview-times/"


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


def test_publishing_a_press_conference_says_it_is_public_now_or_when_it_will_be(staff_client, commission):
    def messages_after(**fields):
        response = staff_client.post(ADD_URL, event_data(commission, **fields), follow=True)
        return [str(message) for message in response.context["messages"]]

    draft = messages_after(slug="draft-briefing")
    public = messages_after(slug="public-briefing", status="published")
    scheduled = messages_after(slug="later-briefing", status="published",
                               publish_at_0="2029-06-01", publish_at_1="09:00")

    assert not [m for m in draft if "public" in m]
    assert "“Press conference in Almaty” is public now: on the list of press conferences, in the feeds and the " \
           "calendar." in public
    assert "“Press conference in Almaty” is scheduled: it goes public on 1 Jun 2029, 9:00am UTC+5." in scheduled


def test_change_form_shows_the_instant_in_every_display_zone_and_utc_after_saving(staff_client, make_event):
    event = make_event(slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    text = staff_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    assert ('<div class="slot-preview" data-preview-url="/admin/events/event/preview-times/" aria-live="polite">'
            "<ul><li>3:30pm ALMT – Almaty, Kazakhstan</li><li>9:30am GMT – London, UK</li><li>9:30am UTC</li></ul>"
            ) in text
    assert '<script src="/static/js/event-admin.js"' in text


def test_the_long_change_form_has_its_save_buttons_at_the_top_too(staff_client, make_event):
    event = make_event()

    page = staff_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    assert page.count('name="_save"') == 2


def test_change_form_queries_do_not_grow_with_the_slots(staff_client, make_event):
    def queries_for(days):
        event = make_event(slots=[(days_from_today(d, 15, 30), days_from_today(d, 16, 30)) for d in days])
        url = reverse("admin:events_event_change", args=[event.pk])
        staff_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured.captured_queries)

    assert queries_for([10]) == queries_for([10, 11, 12])


ZONES = [("ALMT", "Almaty, Kazakhstan", "Asia/Almaty"), ("", "London, UK", "Europe/London"),
         ("NY", "New York, USA", "America/New_York"), ("", "Tokyo, Japan", "Asia/Tokyo")]


def test_saving_a_press_conference_runs_as_many_queries_however_many_slots_and_display_zones(staff_client,
                                                                                            make_event):
    def saving(slot_count, zones):
        event = make_event(display_zones=zones)
        data = change_data(event, title="Retitled")  # the form as shown, with its one slot
        for day in range(1, slot_count):
            start = days_from_today(10 + day, 15, 30)
            Slot.objects.create(event=event, start_date=start.date(), start_time=start.time(),
                                end_date=start.date(), end_time=datetime.time(16, 30))
        rows = [{"id": str(slot.pk), "event": str(event.pk), "start_date": slot.start_date.isoformat(),
                 "start_time": slot.start_time.strftime("%H:%M"), "start_occurrence": "",
                 "end_date": slot.end_date.isoformat(), "end_time": slot.end_time.strftime("%H:%M"),
                 "end_occurrence": "", "timezone": slot.timezone} for slot in event.slots.order_by("pk")]
        data.update(formset("slots", rows, initial=len(rows)))
        url = reverse("admin:events_event_change", args=[event.pk])
        staff_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.post(url, data).status_code == 302
        event.refresh_from_db()
        assert (event.title, event.slots.count(), event.display_zones.count()) == ("Retitled", slot_count, len(zones))
        return len(captured)

    assert saving(1, ZONES[:2]) == saving(3, ZONES)


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


def test_change_log_gives_each_changes_moment_in_the_house_style(staff_client, make_event):
    event = make_event()
    EventChange.objects.create(event=event, revision=1, what="Status: Scheduled → Postponed")
    EventChange.objects.update(changed_at=datetime.datetime(2023, 1, 20, 23, 48, tzinfo=datetime.UTC))

    text = staff_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    # In the zone the page's times are in: the event's own (Asia/Almaty).
    assert "<li>r1 · 21 Jan 2023, 5:48am UTC+6 · Status: Scheduled → Postponed</li>" in text


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
    said = " ".join(staff_client.get(response["Location"]).text.split())
    assert "Language versions, media, speakers and related releases are not copied." in said


def test_a_user_who_may_only_read_press_conferences_cannot_duplicate_one(client, make_event):
    event = make_event()
    client.force_login(make_staff_user("reader", ["events.view_event"]))

    response = client.post("/admin/events/event/", {"action": "duplicate", "_selected_action": [event.pk]})

    assert response.status_code == 403
    assert list(Event.objects.all()) == [event]


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


def test_preview_is_for_staff_only(client, db):
    anonymous = client.get(PREVIEW_URL, {"date": "2030-07-01", "time": "10:00", "timezone": "UTC"})
    client.force_login(make_staff_user("reader"))
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


# Registrants in the admin ---------------------------------------------------------------------------------------------
# Registrants in the admin: counts, the list, check-in at the door, manual actions, personal data.


S = Registration.Status


# Who sees registrants

def test_event_page_shows_counts_by_mode_and_state(officer_client, make_event, make_registration):
    event = make_event(in_person_capacity=3)
    make_registration(event, status=S.CONFIRMED, checked_in_at=timezone.now())
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.WAITLISTED)
    make_registration(event, status=S.PENDING, attendance="online")

    page = officer_client.get(f"/admin/events/event/{event.pk}/change/").text

    start = page.index('<table class="registration-counts">')
    table = page[start:page.index("</table>", start)]
    rows = [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])]
    assert rows == [["In person", "3", "0", "2", "1", "0", "1"], ["Online", "no limit", "1", "0", "0", "0", "0"]]
    assert f"?event__id__exact={event.pk}" in page
    assert reverse("admin:events_event_check_in", args=[event.pk]) in page
    assert reverse("admin:events_event_registrations_csv", args=[event.pk]) in page


def test_staff_without_registration_permissions_see_no_registrants(events_only_client, make_event,
                                                                   make_registration):
    event = make_event()
    registration = make_registration(event, name="Secret Reporter", status=S.CONFIRMED)

    event_page = events_only_client.get(f"/admin/events/event/{event.pk}/change/")

    assert event_page.status_code == 200
    assert "registration-counts" not in event_page.text
    assert events_only_client.get(CHANGELIST).status_code == 403
    assert events_only_client.get(f"{CHANGELIST}{registration.pk}/change/").status_code == 403
    assert events_only_client.get(reverse("admin:events_event_check_in", args=[event.pk])).status_code == 403
    assert events_only_client.get(reverse("admin:events_event_registrations_csv",
                                          args=[event.pk])).status_code == 403


def test_registrant_list_filters_by_event_and_searches(officer_client, make_event, make_registration):
    first, second = make_event(), make_event()
    make_registration(first, name="Ann Reporter", organisation="The Paper")
    make_registration(second, name="Bob Writer")

    by_event = officer_client.get(f"{CHANGELIST}?event__id__exact={first.pk}").text
    by_search = officer_client.get(f"{CHANGELIST}?q=paper").text

    assert "Ann Reporter" in by_event and "Bob Writer" not in by_event
    assert "Ann Reporter" in by_search and "Bob Writer" not in by_search


def test_registrations_cannot_be_added_or_plainly_deleted(officer_client, make_event, make_registration):
    registration = make_registration(make_event())

    assert officer_client.get(f"{CHANGELIST}add/").status_code == 403
    assert officer_client.get(f"{CHANGELIST}{registration.pk}/delete/").status_code == 403
    assert "delete_selected" not in officer_client.get(CHANGELIST).text


def test_anonymised_registrations_are_not_listed(officer_client, make_event, make_registration):
    make_registration(make_event(), name="", email="", anonymised_at=timezone.now())

    assert "0 registrations" in officer_client.get(CHANGELIST).text


# Check-in at the door

def test_check_in_page_lists_confirmed_people_with_one_button_each(officer_client, make_event, make_registration):
    event = make_event()
    make_registration(event, name="Ann Reporter", status=S.CONFIRMED)
    make_registration(event, name="Waiting Person", status=S.WAITLISTED)
    make_registration(event, name="Online Person", status=S.CONFIRMED, attendance="online")

    page = officer_client.get(reverse("admin:events_event_check_in", args=[event.pk])).text

    assert "Ann Reporter" in page
    assert "Waiting Person" not in page and "Online Person" not in page
    assert page.count('class="button check-in__toggle"') == 1
    assert "0 of 1 checked in" in page
    assert 'name="viewport"' in page


def test_check_in_page_counts_in_one_query(officer_client, make_event, make_registration):
    event = make_event()
    make_registration(event, status=S.CONFIRMED, checked_in_at=timezone.now())
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.CONFIRMED, attendance="online", checked_in_at=timezone.now())
    url = reverse("admin:events_event_check_in", args=[event.pk])
    officer_client.get(url)

    with CaptureQueriesContext(connection) as captured:
        page = officer_client.get(url).text

    assert "1 of 2 checked in" in page
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1  # services.registration_counts, not a COUNT per figure


def test_check_in_toggle_marks_and_unmarks(officer_client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event, name="Ann Reporter", status=S.CONFIRMED)
    url = reverse("admin:events_event_check_in_toggle", args=[event.pk, registration.pk])

    response = officer_client.post(url, {"checked_in": "1", "q": "ann"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"?mode=in_person&q=ann#r{registration.pk}")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert "1 of 1 checked in" in officer_client.get(reverse("admin:events_event_check_in", args=[event.pk])).text
    officer_client.post(url, {"checked_in": "0"})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_toggle_needs_post_and_csrf(press_officer, make_event, make_registration):
    client = Client(enforce_csrf_checks=True)
    client.force_login(press_officer)
    event = make_event()
    registration = make_registration(event, status=S.CONFIRMED)
    url = reverse("admin:events_event_check_in_toggle", args=[event.pk, registration.pk])

    assert client.get(url).status_code == 405
    assert client.post(url, {"checked_in": "1"}).status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_search_finds_by_name_or_organisation(officer_client, make_event, make_registration):
    event = make_event()
    make_registration(event, name="Ann Reporter", organisation="The Paper", status=S.CONFIRMED)
    make_registration(event, name="Bob Writer", organisation="Radio", status=S.CONFIRMED)

    page = officer_client.get(reverse("admin:events_event_check_in", args=[event.pk]) + "?q=radio").text

    assert "Bob Writer" in page and "Ann Reporter" not in page


# Manual actions

def test_promote_action_needs_a_free_place(officer_client, make_event, make_registration, mailoutbox,
                                           django_capture_on_commit_callbacks):
    event = make_event(in_person_capacity=1)
    holder = make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)

    action(officer_client, "promote", [waiting], post="yes")
    assert "No free in person place: raise the capacity" in officer_client.get(CHANGELIST).text
    Event.objects.filter(pk=event.pk).update(in_person_capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        action(officer_client, "promote", [waiting], post="yes")

    waiting.refresh_from_db()
    holder.refresh_from_db()
    assert (waiting.status, holder.status) == (S.CONFIRMED, S.CONFIRMED)
    assert [m.subject for m in mailoutbox] == [f"A place is now yours: {event.title}"]


def test_cancel_action_asks_for_a_reason_first_and_cancels_nothing_yet(officer_client, make_event,
                                                                       make_registration, mailoutbox):
    holder = make_registration(make_event(), status=S.CONFIRMED, name="Ann Reporter")

    response = action(officer_client, "cancel", [holder])

    page = response.text
    assert response.status_code == 200
    assert "Cancel this registration? The person is emailed that the press office cancelled it" in page
    assert "Ann Reporter" in page
    assert 'name="reason"' in page
    assert Registration.objects.get().status == S.CONFIRMED
    assert mailoutbox == []


def test_cancel_action_promotes_the_next_person_and_tells_both(officer_client, make_event, make_registration,
                                                               mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(in_person_capacity=1)
    holder = make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = action(officer_client, "cancel", [holder], post="yes",
                          reason="Seats are kept for accredited journalists.")

    assert response.status_code == 302
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, waiting.status) == (S.CANCELLED, S.CONFIRMED)
    assert (holder.cancelled_by, holder.cancellation_reason) == ("office", "Seats are kept for accredited journalists.")
    told = {m.to[0]: m for m in mailoutbox}
    assert told[holder.email].body.startswith("The press office has cancelled your registration\n")
    assert "The reason: Seats are kept for accredited journalists." in told[holder.email].body
    assert told[waiting.email].subject == f"A place is now yours: {event.title}"
    assert "1 registration cancelled; they are being emailed." in officer_client.get(CHANGELIST).text


def test_cancel_action_refuses_a_reason_with_a_direction_override(officer_client, make_event, make_registration):
    holder = make_registration(make_event(), status=S.CONFIRMED)

    response = action(officer_client, "cancel", [holder], post="yes", reason="Sorry \u202eevil")

    assert response.status_code == 200
    assert "Remove the invisible character U+202E RIGHT-TO-LEFT OVERRIDE" in response.text
    assert Registration.objects.get().status == S.CONFIRMED


def test_resend_action_sends_where_each_stands(officer_client, make_event, make_registration, mailoutbox,
                                               django_capture_on_commit_callbacks):
    event = make_event()
    pending = make_registration(event)
    confirmed = make_registration(event, status=S.CONFIRMED)

    with django_capture_on_commit_callbacks(execute=True):
        action(officer_client, "resend", [pending, confirmed], post="yes")

    assert {m.to[0]: m.subject.split(":")[0] for m in mailoutbox} == {
        pending.email: "Confirm your registration", confirmed.email: "Your place is confirmed"}


def test_promote_action_asks_first_and_promotes_nobody_yet(officer_client, make_event, make_registration,
                                                          mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(title="Interim findings", in_person_capacity=2)
    waiting = make_registration(event, status=S.WAITLISTED, name="Ann Reporter", email="ann@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(f"{CHANGELIST}?status__exact=waitlisted",
                                       {"action": "promote", "_selected_action": [waiting.pk]})

    page = response.text
    assert response.status_code == 200
    assert "Promote this waitlisted registration? The person is given a place and emailed" in page
    assert "A place must be free in their mode (in person or online)" in page
    assert ("Ann Reporter &lt;ann@example.org&gt; — Interim findings: In person, Waitlisted — promoted and emailed, "
            "if a place is free") in page
    assert 'value="Yes, promote and email them"' in page
    assert f'<a href="{CHANGELIST}?status__exact=waitlisted" class="closelink">Cancel</a>' in page
    assert "not on the waitlist" not in page
    assert Registration.objects.get().status == S.WAITLISTED
    assert mailoutbox == []


def test_promote_page_says_which_chosen_are_not_waitlisted(officer_client, make_event, make_registration):
    event = make_event(title="Interim findings")
    waiting = make_registration(event, status=S.WAITLISTED)
    holder = make_registration(event, status=S.CONFIRMED, name="Bo Editor")
    pending = make_registration(event, name="Cy Writer")

    page = action(officer_client, "promote", [waiting, holder, pending]).text

    assert "2 chosen registrations are not on the waitlist and are left as they are." in page
    assert "Bo Editor &lt;" in page
    assert "Interim findings: In person, Confirmed — not on the waitlist: left as it is" in page
    assert "Interim findings: In person, Pending (address not confirmed) — not on the waitlist: left as it is" in page
    assert "Promote this waitlisted registration?" in page


def test_promote_page_with_nobody_waitlisted_offers_only_the_way_back(officer_client, make_event,
                                                                      make_registration):
    holder = make_registration(make_event(), status=S.CONFIRMED)

    page = action(officer_client, "promote", [holder]).text

    assert "None of the chosen registrations is on the waitlist: there is nobody to promote." in page
    assert "1 chosen registration is not on the waitlist and is left as it is." in page
    assert 'type="submit"' not in page.split('id="content"')[1]
    assert 'class="closelink">Cancel</a>' in page


def test_confirming_the_promote_page_promotes_and_emails(officer_client, make_event, make_registration, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    event = make_event(in_person_capacity=1)
    waiting = make_registration(event, status=S.WAITLISTED)
    page = action(officer_client, "promote", [waiting]).text

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(CHANGELIST, carried(page))

    assert response.status_code == 302
    assert Registration.objects.get().status == S.CONFIRMED
    assert [(m.to[0], m.subject) for m in mailoutbox] == [(waiting.email, f"A place is now yours: {event.title}")]
    assert "1 registration promoted; they are being emailed." in officer_client.get(CHANGELIST).text


def test_confirming_promote_leaves_the_chosen_not_on_the_waitlist_as_the_page_said_without_an_error(
        officer_client, make_event, make_registration, mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(in_person_capacity=2)
    waiting = make_registration(event, status=S.WAITLISTED)
    holder = make_registration(event, status=S.CONFIRMED)
    page = action(officer_client, "promote", [waiting, holder]).text

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(CHANGELIST, carried(page))

    listing = officer_client.get(CHANGELIST).text
    assert "1 registration promoted; they are being emailed." in listing
    assert "Only a waitlisted registration" not in listing
    assert [m.to[0] for m in mailoutbox] == [waiting.email]
    holder.refresh_from_db()
    assert holder.status == S.CONFIRMED


def test_confirming_promote_when_nobody_is_waitlisted_any_more_says_nothing_was_changed(
        officer_client, make_event, make_registration, mailoutbox):
    event = make_event(in_person_capacity=2)
    waiting = make_registration(event, status=S.WAITLISTED)
    page = action(officer_client, "promote", [waiting]).text
    Registration.objects.filter(pk=waiting.pk).update(status=S.CONFIRMED)  # promoted meanwhile, by someone else

    officer_client.post(CHANGELIST, carried(page))

    assert "Nothing was changed: none of the chosen needed it." in officer_client.get(CHANGELIST).text
    assert mailoutbox == []


def test_resend_action_asks_first_naming_the_email_each_gets(officer_client, make_event, make_registration,
                                                            mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(title="Interim findings")
    pending = make_registration(event, name="Ann Reporter", email="ann@example.org")
    confirmed = make_registration(event, status=S.CONFIRMED, name="Bo Editor", email="bo@example.org", language="ru")

    with django_capture_on_commit_callbacks(execute=True):
        response = action(officer_client, "resend", [pending, confirmed])

    page = html.unescape(response.text)
    assert response.status_code == 200
    assert "Send these 2 registrants their email again? Each gets the email for where they stand now" in page
    assert ("Ann Reporter <ann@example.org> — Interim findings: In person, Pending (address not confirmed) — the "
            "link to confirm their address again: “Confirm your registration: Interim findings”, in English") in page
    assert ("Bo Editor <bo@example.org> — Interim findings: In person, Confirmed — where they stand: "
            "“Your place is confirmed: Interim findings”, in Русский") in page
    assert 'value="Yes, email them again"' in page
    assert mailoutbox == []


def test_confirming_the_resend_page_sends_the_emails(officer_client, make_event, make_registration, mailoutbox,
                                                     django_capture_on_commit_callbacks):
    event = make_event()
    waiting = make_registration(event, status=S.WAITLISTED)
    page = action(officer_client, "resend", [waiting]).text

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(CHANGELIST, carried(page))

    assert response.status_code == 302
    assert [(m.to[0], m.subject) for m in mailoutbox] == [
        (waiting.email, f"You are on the waiting list: {event.title}")]
    assert "1 email is being sent." in officer_client.get(CHANGELIST).text


@pytest.mark.parametrize("name", ["promote", "resend"])
def test_a_user_who_may_only_view_registrations_cannot_confirm_an_emailing_action(client, make_event,
                                                                                  make_registration, mailoutbox,
                                                                                  django_capture_on_commit_callbacks,
                                                                                  name):
    event = make_event(in_person_capacity=2)
    waiting = make_registration(event, status=S.WAITLISTED)
    client.force_login(make_staff_user("reader", ["events.view_registration"]))

    with django_capture_on_commit_callbacks(execute=True):
        response = action(client, name, [waiting], post="yes")

    assert response.status_code == 403
    assert Registration.objects.get().status == S.WAITLISTED
    assert mailoutbox == []


@pytest.mark.parametrize("name", ["promote", "resend", "cancel"])
def test_a_confirmation_page_runs_as_many_queries_for_one_registration_as_for_several(officer_client, make_event,
                                                                                     make_registration, name):
    chosen = [make_registration(make_event(), status=S.WAITLISTED) for _ in range(4)]
    action(officer_client, name, chosen[:1])

    counts = []
    for selection in (chosen[:1], chosen):
        with CaptureQueriesContext(connection) as captured:
            assert action(officer_client, name, selection).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_raising_the_capacity_in_the_admin_gives_seats_to_the_waitlist(officer_client, make_event,
                                                                       make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    first, second = make_registration(event, status=S.WAITLISTED), make_registration(event, status=S.WAITLISTED)

    response = officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                   {**change_data(event, in_person_capacity="2"), "_notify_confirmed": "1"})

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.CONFIRMED, S.WAITLISTED)


def test_changing_the_time_in_the_admin_emails_the_registrants(officer_client, make_event, make_registration,
                                                               mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])
    confirmed = make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                       {**change_data(event, slot_start_time="16:00", slot_end_time="17:00"),
                                        "_notify_confirmed": "1"})

    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == [confirmed.email]
    assert "Was: Friday 18 January 2030, 3:30pm ALMT – Almaty, Kazakhstan; 10:30am GMT – London, UK (1 hour)\n" \
        "Now: Friday 18 January 2030, 4:00pm ALMT – Almaty, Kazakhstan; 11:00am GMT – London, UK (1 hour)" \
        in message.body
    assert "4:00pm ALMT – Almaty, Kazakhstan\n  11:00am GMT – London, UK" in message.body  # the new time, every zone


# One person's data

def test_person_actions_refuse_several_people(officer_client, make_event, make_registration):
    event = make_event()
    people = [make_registration(event), make_registration(event)]

    response = action(officer_client, "export_person_json", people)

    assert response.status_code == 302
    assert "Select registrations of one person" in officer_client.get(CHANGELIST).text


def test_erase_person_asks_first_then_erases_across_events(officer_client, make_event, make_registration):
    first, second = make_event(), make_event()
    selected = make_registration(first, email="ann@example.org", name="Ann Reporter")
    other = make_registration(second, email="ann@example.org", name="Ann Reporter")

    confirmation = action(officer_client, "erase_person", [selected])
    assert confirmation.status_code == 200
    assert "Erase every registration of <strong>ann@example.org</strong>?" in confirmation.text
    assert Registration.objects.not_anonymised().count() == 2

    action(officer_client, "erase_person", [selected], post="yes")

    for registration in (selected, other):
        registration.refresh_from_db()
        assert (registration.name, registration.email, registration.anonymised_at is not None) == ("", "", True)


# Before a save that emails people

def test_a_change_that_emails_people_asks_first_and_saves_nothing_yet(officer_client, make_event, make_registration,
                                                                      mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))],
                       summary="Summary 1.")
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.CONFIRMED, attendance="online")
    make_registration(event, status=S.WAITLISTED)
    make_registration(event, status=S.PENDING)
    url = reverse("admin:events_event_change", args=[event.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, change_data(event, slot_start_time="16:00", slot_end_time="17:00",
                                                        summary="A new summary."))

    page = response.text
    assert response.status_code == 200
    assert "Saving these changes emails <strong>3 people</strong>:" in page
    assert "<li>People with a place: 2</li>" in page and "<li>People on the waiting list: 1</li>" in page
    assert f"Subject:</strong> Change to {event.title}" in page
    assert "<h2>The email to people with a place (2)</h2>" in page
    assert "<h2>The email to people on the waiting list (1)</h2>" in page
    assert "This press conference has changed\n\nHello [their name]," in page
    assert "Now: Friday 18 January 2030, 4:00pm ALMT – Almaty, Kazakhstan; 11:00am GMT – London, UK (1 hour)" in page
    assert "You are number 1 on the waiting list for in-person places: nothing is in your calendar" in page
    assert mailoutbox == []
    stored = Event.objects.get(pk=event.pk)
    assert (stored.revision, stored.summary, stored.slots.get().start_time) == (0, "Summary 1.",
                                                                                 datetime.time(15, 30))
    assert not EventChange.objects.exists()


def test_confirming_saves_what_was_typed_and_sends_the_emails(officer_client, make_event, make_registration,
                                                              mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])
    confirmed = make_registration(event, status=S.CONFIRMED)
    url = reverse("admin:events_event_change", args=[event.pk])
    page = officer_client.post(url, change_data(event, slot_start_time="16:00", slot_end_time="17:00",
                                                venue_address="Dostyk Avenue 52\r\nAlmaty")).text

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, {**carried(page), "_notify_confirmed": "1"})

    assert response.status_code == 302
    stored = Event.objects.get(pk=event.pk)
    assert (stored.revision, stored.venue_address, stored.slots.get().start_time) == (
        1, "Dostyk Avenue 52\r\nAlmaty", datetime.time(16, 0))
    [message] = mailoutbox
    assert message.to == [confirmed.email]
    assert message.subject == f"Change to {event.title}"


def test_going_back_shows_the_form_as_typed_and_saves_nothing(officer_client, make_event, make_registration,
                                                              mailoutbox):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])
    make_registration(event, status=S.CONFIRMED)
    url = reverse("admin:events_event_change", args=[event.pk])
    page = officer_client.post(url, change_data(event, slot_start_time="16:00", slot_end_time="17:00",
                                                summary="A typed summary.")).text

    response = officer_client.post(url, {**carried(page), "_notify_back": "1"})

    form_page = response.text
    assert response.status_code == 200
    assert "Not saved, and nobody has been emailed. Change what you need, then save again." in form_page
    assert "A typed summary." in form_page and 'value="16:00"' in form_page
    assert (Event.objects.get(pk=event.pk).revision, mailoutbox) == (0, [])


def test_a_change_that_emails_nobody_saves_at_once(officer_client, make_event, make_registration):
    event = make_event()
    make_registration(event, status=S.PENDING)
    make_registration(event, status=S.CANCELLED)

    response = officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                   change_data(event, event_status="postponed"))

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).event_status == "postponed"


def test_moving_a_press_conference_into_the_past_saves_at_once_and_says_nobody_was_emailed(
        officer_client, make_event, make_registration, mailoutbox, django_capture_on_commit_callbacks):
    event = make_event()
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.WAITLISTED)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                       change_data(event, slot_start_date=yesterday, slot_end_date=yesterday),
                                       follow=True)

    assert response.redirect_chain[0][1] == 302  # no page asking first: nobody is emailed
    assert "2 registrants were not emailed about this change, as the press conference has ended." in response.text
    assert (Event.objects.get(pk=event.pk).revision, mailoutbox) == (1, [])


def test_cancelling_the_press_conference_shows_the_cancellation_email_first(officer_client, make_event,
                                                                             make_registration):
    event = make_event()
    make_registration(event, status=S.CONFIRMED)

    page = officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                               change_data(event, event_status="cancelled")).text

    assert f"Subject:</strong> Cancelled: {event.title}" in page
    assert f"Cancelled: “{event.title}” will not take place" in page
    assert Event.objects.get(pk=event.pk).event_status == "scheduled"


def test_raising_the_capacity_shows_who_gets_a_place_first(officer_client, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)

    page = officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                               change_data(event, in_person_capacity="2")).text

    assert "<li>People on the waiting list who get a place: 1</li>" in page
    assert f"Subject:</strong> A place is now yours: {event.title}" in page
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED


# Related press releases -----------------------------------------------------------------------------------------------
# A press conference's "related press releases": staff see and choose only the releases they may view, and saving the event keeps the links to the others (events/admin.py, PressReleaseQuerySet.visible_to).


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
        **formset("image_attachments", []), **formset("document_attachments", []),
        **formset("translations", []),
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


def test_view_only_staff_read_only_the_titles_they_may_view(client, make_event, live,
                                                            hidden_releases):
    event = make_event()
    event.related_releases.add(live, *hidden_releases.values())
    client.force_login(make_staff_user("reader", ["events.view_event"]))

    response = client.get(change_url(event))

    assert response.status_code == 200
    assert "Related press releases: Live one" in text_of(response.content, "form")
    assert "zeppelins" not in response.content.decode()


def test_a_registrations_moments_are_written_in_the_house_style(staff_client, make_event, make_registration):
    registration = make_registration(make_event(), status="confirmed",
                                     confirmed_at=datetime.datetime(2030, 1, 18, 15, 30, tzinfo=datetime.UTC))

    page = staff_client.get(f"/admin/events/registration/{registration.pk}/change/").content.decode()

    assert "18 Jan 2030, 3:30pm UTC" in page  # the site's zone (TIME_ZONE), as in the lists
    assert "p.m." not in page


def test_a_save_over_another_officers_later_save_of_the_press_conference_is_refused(officer_client, make_event):
    event = make_event(summary="Old summary.")
    [field] = tags(officer_client.get(change_url(event)).content, "input", name="loaded_as")
    Event.objects.filter(pk=event.pk).update(summary="Their summary.")  # the other officer's save

    response = officer_client.post(change_url(event), {**change_data(event, description="My description."),
                                                       "loaded_as": field["value"]})

    assert response.status_code == 200
    assert "Someone else saved this press conference after you opened this page." in response.text
    event.refresh_from_db()
    assert (event.summary, event.description) == ("Their summary.", "")


@pytest.mark.parametrize(("attendance", "registered", "message"), [
    ("in_person", "online", "1 person is registered to attend online: cancel that registration first"),
    ("online", "in_person", "1 person is registered to attend in person: to hold the press conference online "
                            "instead, keep in-person attendance and set its status to “Moved online”"),
])
def test_a_way_of_attending_people_are_registered_in_cannot_be_dropped(staff_client, make_event, make_registration,
                                                                        mailoutbox, attendance, registered, message):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))],
                       attendance="mixed", in_person_capacity=10)
    make_registration(event, status=S.CONFIRMED, attendance=registered)
    make_registration(event, status=S.CANCELLED, attendance=registered)  # gone: not counted

    response = staff_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                 change_data(event, attendance=attendance, online_capacity=""))

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["attendance"]
    assert error.startswith(message)
    assert html.escape(error) in response.text  # shown next to the field
    event.refresh_from_db()
    assert (event.attendance, event.revision, mailoutbox) == ("mixed", 0, [])
