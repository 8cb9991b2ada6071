"""The public registration pages: the form, the emailed links, bad input and abuse."""

import datetime
import re

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import services, tokens
from events.models import Event, Registration
from tests.factories import JOIN_URL, days_from_today

pytestmark = pytest.mark.django_db

S = Registration.Status
VALID = {"name": "Ann Reporter", "email": "ann@example.org", "organisation": "The Paper", "role": "journalist",
         "attendance": "in_person", "accessibility_needs": "", "consent": "on"}


def text(response) -> str:
    return response.content.decode()


def register_url(event):
    return reverse("events:register", args=[event.slug])


@pytest.fixture
def post_form(client, django_capture_on_commit_callbacks):
    """POST the form as a browser would, running what happens after commit (the email)."""

    def post(event, **changes):
        data = {**VALID, **changes}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(register_url(event), {k: v for k, v in data.items() if v is not None})

    return post


def link_in(message, name) -> str:
    match = re.search(rf"http://127\.0\.0\.1:8000(/events/[^/]+/{name}/[^/\s]+/)", message.body)
    return match.group(1)


# The event page and the form

def test_event_page_links_to_the_form_while_registration_is_open(client, make_event):
    event = make_event()

    response = client.get(event.get_absolute_url())

    assert f'<a class="button" href="{register_url(event)}">Register to attend</a>' in text(response)


def test_event_page_has_no_register_button_once_closed(client, make_event):
    event = make_event(registration_closes_at=timezone.now() - datetime.timedelta(minutes=5))

    assert register_url(event) not in text(client.get(event.get_absolute_url()))


def test_form_has_the_named_fields_a_honeypot_and_a_csrf_token(client, make_event):
    response = client.get(register_url(make_event()))

    page = text(response)
    assert response.status_code == 200
    for name in ["name", "email", "organisation", "role", "attendance", "accessibility_needs", "consent"]:
        assert f'name="{name}"' in page
    assert re.search(r'<div class="hp" aria-hidden="true">.*?name="website"[^>]*tabindex="-1"', page, re.S) or \
        re.search(r'<div class="hp" aria-hidden="true">.*?tabindex="-1"[^>]*name="website"', page, re.S)
    assert 'name="csrfmiddlewaretoken"' in page
    assert f'href="{reverse("commission:privacy")}"' in page
    assert 'maxlength="200"' in page and 'maxlength="254"' in page and 'maxlength="1000"' in page
    # Never served from the page cache: each visitor gets a page with their own CSRF token.
    assert text(Client().get(register_url(Event.objects.get()))) != page


def test_form_offers_only_the_modes_the_event_offers(client, make_event):
    page = text(client.get(register_url(make_event(attendance=Event.Attendance.ONLINE))))

    assert 'value="online"' in page
    assert 'value="in_person"' not in page


def test_form_says_when_the_room_is_full(client, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)

    page = text(client.get(register_url(event)))

    assert "In person in Almaty – full: you would join the waitlist" in page


def test_form_page_query_count_does_not_grow_with_registrations(client, make_event, make_registration,
                                                                django_assert_num_queries):
    event = make_event()
    client.get(register_url(event))  # warm the session-less path
    for size in (1, 30):
        for _ in range(size):
            make_registration(event, status=S.CONFIRMED)
        with django_assert_num_queries(4):  # the event, its slots, display zones, seats taken
            client.get(register_url(event))


# Sending the form

def test_valid_form_registers_and_redirects_to_check_your_email(post_form, make_event, mailoutbox):
    event = make_event()

    response = post_form(event)

    assert response.status_code == 302
    assert response["Location"] == reverse("events:register_sent", args=[event.slug])
    registration = Registration.objects.get()
    assert (registration.status, registration.email, registration.attendance) == (S.PENDING, "ann@example.org",
                                                                                  "in_person")
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]


def test_known_and_unknown_addresses_get_the_same_answer(post_form, client, make_event, make_registration):
    event = make_event()
    make_registration(event, email="known@example.org", status=S.CONFIRMED)

    known = post_form(event, email="known@example.org")
    unknown = post_form(event, email="new@example.org")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert Registration.objects.filter(email="known@example.org").count() == 1


def test_the_answer_takes_the_same_statements_for_new_pending_placed_and_cancelled_addresses(
        client, settings, make_event, make_registration):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queued, not run
    event = make_event()
    make_registration(event, email="pending@example.org")
    make_registration(event, email="holder@example.org", status=S.CONFIRMED)
    make_registration(event, email="waiting@example.org", status=S.WAITLISTED)
    make_registration(event, email="gone@example.org", status=S.CANCELLED)

    def statements(address):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(register_url(event), {**VALID, "email": address})
        assert response.status_code == 302
        return [q["sql"].split()[0] for q in captured.captured_queries]

    new = statements("new@example.org")
    known = [statements(address) for address in ("pending@example.org", "holder@example.org",
                                                 "waiting@example.org", "gone@example.org")]

    assert [kinds == [k.replace("INSERT", "UPDATE") for k in new] for kinds in known] == [True] * 4
    assert new.count("INSERT") == 1


def test_double_submit_registers_once(post_form, make_event, mailoutbox):
    event = make_event()

    first, second = post_form(event), post_form(event)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Registration.objects.count() == 1
    assert len(mailoutbox) == 2


def test_invalid_form_shows_a_summary_linked_to_each_field_and_keeps_what_was_typed(post_form, make_event):
    response = post_form(make_event(), email="not-an-address", role=None, consent=None, name="Ann Reporter")

    page = text(response)
    assert response.status_code == 422
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert re.findall(r'<a href="#([^"]+)">', summary) == ["id_email", "id_role_0", "id_consent"]
    assert 'aria-describedby="id_email_helptext id_email_error"' in page
    assert '<p class="field__error" id="id_email_error"><span class="visually-hidden">Error:</span> Enter an email ' \
        'address like name@example.org.</p>' in page
    assert 'value="Ann Reporter"' in page and 'value="not-an-address"' in page
    assert "<title>Error: " in page
    assert Registration.objects.count() == 0


def test_oversized_fields_are_refused(post_form, make_event):
    response = post_form(make_event(), name="N" * 201, organisation="O" * 5000, accessibility_needs="A" * 1001)

    assert response.status_code == 422
    assert "Keep this under 200 characters (it has 201)." in text(response)
    assert "Keep this under 1000 characters (it has 1001)." in text(response)
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("dup@example.org\u200b", "This address contains an invisible character (U+200B ZERO WIDTH SPACE)"),
        ('"dup"@example.org', "Addresses with quotation marks cannot be used here."),
        ("dup@[127.0.0.1]", "Addresses with an IP address in brackets cannot be used here."),
    ],
)
def test_addresses_that_spell_a_mailbox_another_way_are_field_errors(post_form, make_event, mailoutbox, address,
                                                                     message):
    response = post_form(make_event(), email=address)

    assert response.status_code == 422
    assert message in text(response)
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_unicode_and_punycode_spellings_of_a_domain_are_one_registration(post_form, make_event, mailoutbox):
    event = make_event()

    post_form(event, email="dup@Bücher.example")
    post_form(event, email="DUP@xn--bcher-kva.example")

    assert list(Registration.objects.values_list("email", flat=True)) == ["dup@xn--bcher-kva.example"]
    assert [m.to for m in mailoutbox] == [["dup@xn--bcher-kva.example"]] * 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Bob\r\nBcc: evil@example.org", "Keep this on one line: line breaks are not allowed here."),
        ("name", "Bob \u202eevil", "Remove the invisible character U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("organisation", "Paper\u2066x\u2069", "Remove the invisible character U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("organisation", "Paper\nBcc: evil@example.org", "Keep this on one line"),
        ("accessibility_needs", "Step-free\u202e", "Remove the invisible character U+202E"),
    ],
)
def test_control_and_direction_characters_are_field_errors(post_form, make_event, mailoutbox, field, value,
                                                           message):
    response = post_form(make_event(), **{field: value})

    assert response.status_code == 422
    assert message in text(response)
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_accessibility_needs_keep_their_line_breaks(post_form, make_event):
    post_form(make_event(), accessibility_needs="Step-free access\r\nCaptions")

    assert Registration.objects.get().accessibility_needs == "Step-free access\r\nCaptions"


def test_a_mode_the_event_does_not_offer_is_a_field_error(post_form, make_event):
    response = post_form(make_event(attendance=Event.Attendance.IN_PERSON), attendance="online")

    assert response.status_code == 422
    assert "This press conference cannot be attended that way." in text(response)
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"slots": [(days_from_today(-3, 10), days_from_today(-3, 11))]}, 410, "This press conference has ended."),
        ({"event_status": Event.EventStatus.CANCELLED}, 410, "This press conference is cancelled"),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)}, 403,
         "Registration for this press conference is closed."),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=2)}, 403,
         "Registration is not open yet."),
    ],
)
def test_closed_registration_is_said_clearly_with_the_right_status(client, post_form, make_event, fields, status,
                                                                   message):
    event = make_event(**fields)

    get, post = client.get(register_url(event)), post_form(event)

    assert (get.status_code, post.status_code) == (status, status)
    assert message in text(get)
    assert 'name="email"' not in text(get)
    assert Registration.objects.count() == 0


def test_draft_event_has_no_form(client, make_event):
    event = make_event(status=Event.Status.DRAFT, publish_at=None)

    assert client.get(register_url(event)).status_code == 404


def test_full_event_still_takes_registrations_for_the_waitlist(post_form, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)

    assert post_form(event, email="late@example.org").status_code == 302


def test_honeypot_pretends_success_and_keeps_nothing(post_form, make_event, mailoutbox):
    event = make_event()

    response = post_form(event, website="http://spam.example")

    assert response["Location"] == reverse("events:register_sent", args=[event.slug])
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_missing_csrf_token_is_refused(make_event):
    client = Client(enforce_csrf_checks=True)

    response = client.post(register_url(make_event()), VALID)

    assert response.status_code == 403
    assert "<h1>The form could not be sent</h1>" in text(response)
    assert Registration.objects.count() == 0


# Rate limits

def test_eleventh_post_from_one_address_in_an_hour_gets_429(client, make_event):
    event = make_event()
    for n in range(10):
        assert client.post(register_url(event), {**VALID, "email": f"p{n}@example.org"}).status_code == 302

    response = client.post(register_url(event), {**VALID, "email": "p11@example.org"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "too many times" in text(response)
    assert Registration.objects.count() == 10


def test_one_email_address_is_limited_across_visitor_addresses(make_event, settings):
    settings.REGISTRATION_RATE = "3/h"
    event = make_event()
    statuses = [Client(REMOTE_ADDR=f"203.0.113.{n}").post(register_url(event), VALID).status_code for n in range(4)]

    assert statuses == [302, 302, 302, 429]


def test_rate_zero_turns_the_limit_off(client, make_event, settings):
    settings.REGISTRATION_RATE = "0"
    event = make_event()

    statuses = {client.post(register_url(event), {**VALID, "email": f"p{n}@example.org"}).status_code
                for n in range(15)}

    assert statuses == {302}


def test_behind_a_proxy_the_forwarded_address_is_limited(make_event, settings):
    settings.REGISTRATION_RATE = "1/h"
    settings.BEHIND_PROXY = True
    event = make_event()

    def post(forwarded, email):
        return Client(HTTP_X_FORWARDED_FOR=forwarded).post(register_url(event), {**VALID, "email": email})

    assert post("198.51.100.1", "a@example.org").status_code == 302
    assert post("198.51.100.2", "b@example.org").status_code == 302
    assert post("spoofed, 198.51.100.1", "c@example.org").status_code == 429


# The emailed links

def test_confirmation_link_shows_a_button_and_confirms_only_on_post(client, post_form, make_event, mailoutbox):
    event = make_event()
    post_form(event)
    url = link_in(mailoutbox[0], "confirm")

    page = client.get(url)
    assert page.status_code == 200
    assert "Confirm my registration" in text(page)
    assert Registration.objects.get().status == S.PENDING

    response = client.post(url)
    assert response.status_code == 302
    assert Registration.objects.get().status == S.CONFIRMED
    status_page = client.get(response["Location"])
    assert "Your seat is confirmed." in text(status_page)
    assert "no-store" in status_page["Cache-Control"]


def test_confirmation_page_refuses_what_confirming_would_refuse(client, make_event, make_registration):
    event = make_event()
    online = make_registration(event, attendance="online")
    url = reverse("events:confirm", args=[event.slug, tokens.make_token(online, tokens.CONFIRM)])
    Event.objects.filter(pk=event.pk).update(attendance=Event.Attendance.IN_PERSON)

    page, post = client.get(url), client.post(url)

    assert (page.status_code, post.status_code) == (409, 409)
    assert "Confirm my registration" not in text(page)
    assert "no longer offered" in text(page)
    assert Registration.objects.get().status == S.PENDING


def test_link_pages_read_the_event_its_slots_and_zones_once(client, make_event, make_registration):
    event = make_event()
    confirmed = make_registration(event, status=S.CONFIRMED)
    pending = make_registration(event)
    urls = [reverse("events:registration", args=[event.slug, tokens.make_token(confirmed, tokens.MANAGE)]),
            reverse("events:confirm", args=[event.slug, tokens.make_token(pending, tokens.CONFIRM)])]

    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        # Rows read (not EXISTS checks such as "is it published", which confirming asks too).
        tables = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in captured.captured_queries
                  if q["sql"].startswith('SELECT "')]
        for table in ("events_event", "events_slot", "events_displayzone"):
            assert tables.count(table) == 1, (url, tables)


def test_confirming_into_a_full_room_offers_online(client, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    registration = make_registration(event)

    response = client.post(reverse("events:confirm", args=[event.slug, tokens.make_token(registration,
                                                                                        tokens.CONFIRM)]))
    page = text(client.get(response["Location"]))

    assert "The room is full: you are on the waitlist for a seat." in page
    assert "Switch to attending online" in page


def test_switching_to_online_from_the_status_page(client, make_event, make_registration,
                                                  django_capture_on_commit_callbacks, mailoutbox):
    event = make_event(in_person_capacity=0)
    registration = make_registration(event, status=S.WAITLISTED)
    token = tokens.make_token(registration, tokens.MANAGE)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:switch_online", args=[event.slug, token]))

    assert response["Location"] == reverse("events:registration", args=[event.slug, token])
    page = text(client.get(response["Location"]))
    assert "Your online place is confirmed." in page
    assert JOIN_URL in page
    assert JOIN_URL in mailoutbox[0].body


def test_no_switch_offered_without_online_attendance(client, make_event, make_registration):
    event = make_event(attendance=Event.Attendance.IN_PERSON, in_person_capacity=0)
    registration = make_registration(event, status=S.WAITLISTED)

    page = text(client.get(reverse("events:registration",
                                   args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])))

    assert "waitlist" in page
    assert "Switch to attending online" not in page


def test_reused_confirmation_link_is_gone(client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event)
    url = reverse("events:confirm", args=[event.slug, tokens.make_token(registration, tokens.CONFIRM)])
    client.post(url)

    get, post = client.get(url), client.post(url)

    assert (get.status_code, post.status_code) == (410, 410)
    assert "This link has already been used" in text(get)
    assert Registration.objects.get().status == S.CONFIRMED


def test_forged_token_is_a_bad_request(client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event)
    token = tokens.make_token(registration, tokens.CONFIRM)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    for url in [reverse("events:confirm", args=[event.slug, forged]),
                reverse("events:confirm", args=[event.slug, "nonsense"]),
                reverse("events:registration", args=[event.slug, forged])]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "This link is not valid" in text(response)
    assert client.post(reverse("events:confirm", args=[event.slug, forged])).status_code == 400
    assert Registration.objects.get().status == S.PENDING


def test_a_cancel_token_is_not_a_confirmation_token(client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event)

    response = client.post(reverse("events:confirm", args=[event.slug, tokens.make_token(registration,
                                                                                        tokens.MANAGE)]))

    assert response.status_code == 400
    assert Registration.objects.get().status == S.PENDING


def test_expired_confirmation_link_is_gone(client, make_event, make_registration, monkeypatch):
    event = make_event()
    registration = make_registration(event)
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 49 * 3600)
    token = tokens.make_token(registration, tokens.CONFIRM)
    monkeypatch.setattr(signing.time, "time", real_time)

    response = client.post(reverse("events:confirm", args=[event.slug, token]))

    assert response.status_code == 410
    assert "This link has expired" in text(response)
    assert Registration.objects.get().status == S.PENDING


def test_link_for_an_unknown_or_erased_registration_is_not_found(client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event)
    token = tokens.make_token(registration, tokens.CONFIRM)
    Registration.objects.filter(pk=registration.pk).update(anonymised_at=timezone.now(), email="")

    assert client.get(reverse("events:confirm", args=[event.slug, token])).status_code == 404
    Registration.objects.all().delete()
    assert client.post(reverse("events:confirm", args=[event.slug, token])).status_code == 404


def test_link_with_another_events_slug_is_not_found(client, make_event, make_registration):
    registration = make_registration(make_event())
    other = make_event()

    response = client.get(reverse("events:confirm", args=[other.slug, tokens.make_token(registration,
                                                                                       tokens.CONFIRM)]))

    assert response.status_code == 404


def test_cancel_from_the_link_frees_the_place_for_the_waitlist(client, make_event, make_registration, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    event = make_event(in_person_capacity=1)
    holder = make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)
    url = reverse("events:registration", args=[event.slug, tokens.make_token(holder, tokens.MANAGE)])

    assert "Cancel my registration" in text(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}cancel/")

    assert response.status_code == 200
    assert "Your registration is cancelled." in text(response)
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert sorted(m.to[0] for m in mailoutbox) == sorted([holder.email, waiting.email])


@pytest.mark.parametrize(
    "hidden", [{"status": Event.Status.DRAFT, "publish_at": None},
               {"publish_at": timezone.now() + datetime.timedelta(days=1)}],
    ids=["draft", "scheduled"],
)
def test_link_pages_of_an_event_the_public_cannot_see_answer_as_an_unknown_slug(client, make_event,
                                                                              make_registration, hidden):
    event = make_event(**hidden)
    pending = make_registration(event)
    confirmed = make_registration(event, status=S.CONFIRMED)
    confirm = tokens.make_token(pending, tokens.CONFIRM)
    manage = tokens.make_token(confirmed, tokens.MANAGE)

    for name, token, method in [("confirm", confirm, "get"), ("confirm", confirm, "post"), ("confirm", "x", "get"),
                                ("registration", manage, "get"), ("cancel", manage, "post"),
                                ("switch_online", manage, "post")]:
        answers = [getattr(client, method)(reverse(f"events:{name}", args=[slug, token]))
                   for slug in (event.slug, "no-such-press-conference")]
        assert [a.status_code for a in answers] == [404, 404], name
        assert answers[0].content == answers[1].content, name
    assert [r.status for r in Registration.objects.order_by("pk")] == [S.PENDING, S.CONFIRMED]


def test_a_replaced_link_says_when_the_newer_email_was_sent(client, make_event, make_registration):
    event = make_event(slots=[(datetime.datetime(2030, 2, 1, 15, 30), datetime.datetime(2030, 2, 1, 16, 30))],
                       display_zones=[("", "London, UK", "Europe/London")])
    registration = make_registration(event, status=S.CANCELLED, email="ann@example.org")
    old_link = reverse("events:registration", args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])
    old_confirm = reverse("events:confirm", args=[event.slug, tokens.make_token(registration, tokens.CONFIRM)])
    with time_machine.travel(datetime.datetime(2030, 1, 18, 14, 5, tzinfo=datetime.UTC), tick=False):
        services.register(event=event, name="Ann Reporter", email="ann@example.org", organisation="The Paper",
                          role="journalist", attendance="in_person", now=timezone.now())

    for response in (client.get(old_link), client.get(old_confirm)):
        assert response.status_code == 410
        assert "<h1>This link was replaced by a newer email</h1>" in text(response)
        assert "This link was replaced by a newer email sent at Friday 18 January 2030, 2:05pm GMT. Use the link " \
            "in that email." in text(response)
        assert "no-store" in response["Cache-Control"]


def test_a_used_confirmation_link_says_it_was_used(client, post_form, make_event, mailoutbox):
    event = make_event()
    post_form(event)
    url = link_in(mailoutbox[0], "confirm")
    client.post(url)

    response = client.get(url)

    assert response.status_code == 410
    assert "This link has already been used" in text(response)
    assert "the address was confirmed with it" in text(response)


def test_after_registering_twice_the_first_emails_link_still_confirms(client, post_form, make_event, mailoutbox):
    event = make_event()
    post_form(event)
    post_form(event, name="Someone Else", attendance="online")
    first, second = (link_in(message, "confirm") for message in mailoutbox)

    page = client.get(first)
    response = client.post(first)

    assert page.status_code == 200
    assert "Ann Reporter" in text(page) and "Someone Else" not in text(page)
    assert response.status_code == 302
    assert (Registration.objects.get().status, Registration.objects.get().attendance) == (S.CONFIRMED, "in_person")
    assert client.get(second).status_code == 410  # the address is confirmed now: the other link is used up


def test_link_pages_showing_personal_data_are_never_stored(client, make_event, make_registration):
    event = make_event()
    pending = make_registration(event)
    confirmed = make_registration(event, status=S.CONFIRMED)

    for url in (reverse("events:confirm", args=[event.slug, tokens.make_token(pending, tokens.CONFIRM)]),
                reverse("events:registration", args=[event.slug, tokens.make_token(confirmed, tokens.MANAGE)]),
                reverse("events:confirm", args=[event.slug, "forged"])):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
    cancelled = client.post(reverse("events:cancel", args=[event.slug, tokens.make_token(confirmed, tokens.MANAGE)]))
    assert "no-store" in cancelled["Cache-Control"]


def test_the_sent_page_shows_the_address_the_email_goes_to(client, post_form, make_event):
    event = make_event()

    response = post_form(event, email="Ann@Example.org")
    page = client.get(response["Location"])

    assert "We are sending an email to ann@example.org." in text(page)
    assert "no-store" in page["Cache-Control"]
    assert "ann@example.org" not in response["Location"]
    assert Client().get(response["Location"]).content.decode().count("ann@example.org") == 0


def test_a_waitlisted_person_sees_their_position_on_their_page(client, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.WAITLISTED)
    second = make_registration(event, status=S.WAITLISTED)

    page = text(client.get(reverse("events:registration", args=[event.slug, tokens.make_token(second,
                                                                                             tokens.MANAGE)])))

    assert "You are number 2 on the waiting list for in-person places." in page


def test_the_page_of_a_registration_at_a_cancelled_press_conference_offers_no_cancel(client, make_event,
                                                                                     make_registration):
    event = make_event(event_status=Event.EventStatus.CANCELLED, status_note="The delegation could not travel.")
    registration = make_registration(event, status=S.CONFIRMED)

    page = text(client.get(reverse("events:registration", args=[event.slug, tokens.make_token(registration,
                                                                                             tokens.MANAGE)])))

    assert "This press conference is cancelled." in page
    assert "Cancel my registration" not in page


def test_reused_cancel_link_is_gone(client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event, status=S.CONFIRMED)
    url = reverse("events:registration", args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])
    client.post(f"{url}cancel/")

    get, post = client.get(url), client.post(f"{url}cancel/")

    assert (get.status_code, post.status_code) == (410, 410)
    assert "already cancelled" in text(post)


def test_cancel_link_after_the_event_has_ended_is_gone(client, make_event, make_registration):
    event = make_event(slots=[(days_from_today(-1, 9), days_from_today(-1, 10))])
    registration = make_registration(event, status=S.CONFIRMED)
    url = reverse("events:registration", args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])

    get, post = client.get(url), client.post(f"{url}cancel/")

    assert (get.status_code, post.status_code) == (410, 410)
    assert "has ended" in text(get)
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_cancel_needs_a_post(client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event, status=S.CONFIRMED)
    url = reverse("events:cancel", args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])

    assert client.get(url).status_code == 405
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_status_page_never_shows_the_join_link_to_in_person_or_waitlisted_people(client, make_event,
                                                                                 make_registration):
    event = make_event(online_capacity=0)
    in_person = make_registration(event, status=S.CONFIRMED)
    waiting_online = make_registration(event, status=S.WAITLISTED, attendance="online")

    for registration in (in_person, waiting_online):
        page = text(client.get(reverse("events:registration",
                                       args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])))
        assert JOIN_URL not in page
