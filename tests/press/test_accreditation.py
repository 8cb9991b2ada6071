"""Accreditation of journalists: the public form, the address confirmed by email, the press office's review in
the admin, the mark on registrants, privacy (erasure and the daily purge)."""

import csv
import datetime
import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from press import accreditation as services
from press import tasks
from press.models import Accreditation
from tests.emails import link_in
from tests.factories import ACCREDITATION_FORM, ACCREDITATION_URL, make_staff_user
from tests.htmltools import carried, tags

pytestmark = pytest.mark.django_db

A = Accreditation.Status
CHANGELIST = "/admin/press/accreditation/"


@pytest.fixture
def post_form(post_as_browser):
    """POST the form as a browser would, running what happens after commit (the email)."""

    def post(**changes):
        return post_as_browser(ACCREDITATION_URL, {**ACCREDITATION_FORM, **changes})

    return post


def make_accreditation(status=A.AWAITING, **fields) -> Accreditation:
    defaults = {"name": "Ann Reporter", "email": "ann@example.org", "outlet": "Daily Planet", "role": "staff",
                "country": "Kazakhstan", "languages": "English", "press_card": "PC-1",
                "consented_at": timezone.now()}
    return Accreditation.objects.create(status=status, **{**defaults, **fields})


# The public form

def test_form_shows_every_field_and_only_public_topics_as_beats(client, public_and_draft_only_topics):
    public, draft_only = public_and_draft_only_topics

    response = client.get(ACCREDITATION_URL)

    assert response.status_code == 200
    page = response.text
    for name in ("name", "email", "outlet", "role", "country", "languages", "press_card", "work_url", "phone",
                 "consent"):
        assert f'name="{name}"' in page
    assert public.name in page
    assert draft_only.name not in page


def test_valid_form_stores_a_normalised_request_and_emails_a_confirmation_link(post_form, mailoutbox):
    response = post_form()

    assert response.status_code == 302
    assert response["Location"] == reverse("press:accreditation_sent")
    accreditation = Accreditation.objects.get()
    assert (accreditation.email, accreditation.status) == ("ann@example.org", A.UNCONFIRMED)
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]
    assert mailoutbox[0].subject == "Confirm your accreditation request"
    assert "/press/accreditation/confirm/" in mailoutbox[0].body


def test_the_confirmation_email_carries_nothing_typed_in_the_form(post_form, mailoutbox):
    """Until the link is used the address may be anyone's: text typed into the name field ("verify your
    identity at https://…") is not mailed to it from the press office."""
    post_form(name="colleague. Verify your identity at https://press-office-verify.example/login")

    [message] = mailoutbox
    sent = message.body + message.alternatives[0][0]
    assert "press-office-verify" not in sent
    assert "Hello,\n" in message.body


def test_missing_fields_are_named_next_to_each_field_and_in_the_summary(client):
    response = client.post(ACCREDITATION_URL, {**ACCREDITATION_FORM, "name": "", "press_card": "", "work_url": "",
                                               "consent": ""})

    assert response.status_code == 422
    page = response.text
    assert 'class="error-summary"' in page
    assert page.count("Enter your full name.") == 2  # in the summary and next to the field
    assert page.count("Enter a press card number or a link to your published work.") == 2
    assert "Tick the box to agree" in page
    assert 'value="Daily Planet"' in page  # nothing typed is lost
    assert not Accreditation.objects.exists()


def test_a_link_to_published_work_is_enough_without_a_press_card(post_form):
    assert post_form(press_card="", work_url="https://example.org/ann").status_code == 302
    assert Accreditation.objects.get().work_url == "https://example.org/ann"


@pytest.mark.parametrize(("field", "value"), [
    ("name", "Ann\u202eReporter"), ("outlet", "Daily\nPlanet"), ("country", "x" * 101), ("languages", "x" * 201),
    ("phone", "1" * 41), ("phone", "call me maybe"), ("phone", "12-34"), ("press_card", "PC\x00"),
    ("work_url", "not a link"), ("role", "spy"),
])
def test_bad_values_are_refused_at_their_field(client, field, value):
    response = client.post(ACCREDITATION_URL, {**ACCREDITATION_FORM, field: value})

    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.text
    assert not Accreditation.objects.exists()


@pytest.mark.parametrize("phone", ["+44 (20) 7946-0000", "8 727 250 00 00", "+7.727.250.00.00", ""])
def test_a_phone_number_is_taken_as_people_write_one(post_form, phone):
    assert post_form(phone=phone).status_code == 302
    assert Accreditation.objects.get().phone == phone


def test_a_phone_field_without_a_number_says_how_to_write_one_in_the_pages_language(client):
    response = client.post(f"/ru{ACCREDITATION_URL}", {**ACCREDITATION_FORM, "phone": "позвоните мне"})

    assert response.status_code == 422
    assert "Введите номер телефона цифрами, начиная с + и кода страны." in response.text
    assert 'value="позвоните мне"' in response.text  # kept, to be corrected


def test_a_beat_that_is_not_public_is_refused(client, make_topic):
    hidden = make_topic()

    response = client.post(ACCREDITATION_URL, {**ACCREDITATION_FORM, "beats": [hidden.pk]})

    assert response.status_code == 422
    assert "Choose among the subjects shown." in response.text


def test_sending_again_keeps_one_request_and_changes_nothing_stored(post_form, mailoutbox):
    post_form()
    post_form(outlet="Somebody else's outlet")

    assert Accreditation.objects.get().outlet == "Daily Planet"
    assert len(mailoutbox) == 2


# Double opt-in

def test_opening_the_link_confirms_nobody_until_the_button_is_pressed(post_form, client, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    post_form()
    link = link_in(mailoutbox[0], r"/press/accreditation/confirm/[^/\s]+/")

    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm my request" in page.text
    assert Accreditation.objects.get().status == A.UNCONFIRMED

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link)
    assert done.status_code == 200
    assert Accreditation.objects.get().status == A.AWAITING
    assert mailoutbox[1].subject == "Your accreditation request has been received"
    assert client.post(link).status_code == 410  # the link works once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_confirmation_page_opens_outside_a_transaction(post_form, client, mailoutbox):
    """Production serves pages in autocommit: the page behind the link must not lock the row (PostgreSQL
    refuses a lock outside a transaction), only the button does, inside its own."""
    post_form()

    page = client.get(link_in(mailoutbox[0], r"/press/accreditation/confirm/[^/\s]+/"))

    assert page.status_code == 200
    assert "Confirm my request" in page.text


# Review in the admin

def action(client, name, accreditations, **extra):
    return client.post(CHANGELIST, {"action": name, "_selected_action": [a.pk for a in accreditations], **extra})


def test_approve_asks_first_then_approves_and_emails(officer_client, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    first, second = make_accreditation(), make_accreditation(email="bob@example.org", name="Bob")

    asked = action(officer_client, "approve", [first, second])
    assert asked.status_code == 200
    assert "Approve these requests?" in asked.text
    assert Accreditation.objects.filter(status=A.APPROVED).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        action(officer_client, "approve", [first, second], post="yes")
    assert Accreditation.objects.filter(status=A.APPROVED).count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.org", "bob@example.org"]
    assert mailoutbox[0].subject == "You are accredited with the press office"
    # Where to register next, in both parts.
    assert "\nhttp://127.0.0.1:8000/events/\n" in mailoutbox[0].body
    assert '<a href="http://127.0.0.1:8000/events/" style="color:#14365d;">Press conferences</a>' in \
        mailoutbox[0].alternatives[0][0]


def test_reject_needs_a_reason_which_is_sent_to_the_applicant(officer_client, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    request = make_accreditation()

    missing = action(officer_client, "reject", [request], post="yes", reason="")
    assert "Give the reason" in missing.text
    assert Accreditation.objects.get().status == A.AWAITING

    with django_capture_on_commit_callbacks(execute=True):
        action(officer_client, "reject", [request], post="yes", reason="We could not verify your outlet.")
    request.refresh_from_db()
    assert (request.status, request.rejection_reason) == (A.REJECTED, "We could not verify your outlet.")
    assert "We could not verify your outlet." in mailoutbox[0].body


def test_a_request_sent_from_the_kazakh_page_is_answered_in_kazakh_with_kazakh_links(
        post_as_browser, client, officer_client, mailoutbox, django_capture_on_commit_callbacks):
    post_as_browser(f"/kk{ACCREDITATION_URL}", ACCREDITATION_FORM)
    accreditation = Accreditation.objects.get()
    assert accreditation.language == "kk"
    confirm = mailoutbox[0]
    assert confirm.subject == "Аккредиттеу туралы сұрауыңызды растаңыз"
    assert "Сәлеметсіз бе!" in confirm.body  # not by the name typed: the address is not confirmed yet
    link = link_in(confirm, r"/kk/press/accreditation/confirm/[^/\s]+/")
    html = confirm.alternatives[0][0]
    assert '<html lang="kk">' in html and "Сұрауымды растау" in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    # The press officer's admin is in English; the journalist's emails stay in the language of their request.
    with django_capture_on_commit_callbacks(execute=True):
        action(officer_client, "reject", [accreditation], post="yes", reason="We could not verify your outlet.")

    received, rejected = mailoutbox[1:]
    assert received.subject == "Аккредиттеу туралы сұрауыңыз қабылданды"
    assert rejected.subject == "Аккредиттеу туралы сұрауыңыз мақұлданбады"
    assert "Сәлеметсіз бе, Ann Reporter!" in rejected.body  # the address is confirmed: greeted by name
    assert "Себебі: We could not verify your outlet." in rejected.body
    assert f"Жаңа сұрау жібере аласыз: http://127.0.0.1:8000/kk{ACCREDITATION_URL}" in rejected.body
    assert "http://127.0.0.1:8000/kk/privacy/" in rejected.body
    assert not [line for line in rejected.body.splitlines() if "press office" in line.lower()], rejected.body


def test_an_unconfirmed_request_cannot_be_approved(officer_client):
    request = make_accreditation(status=A.UNCONFIRMED)

    response = officer_client.post(CHANGELIST, {"action": "approve", "_selected_action": [request.pk],
                                                "post": "yes"}, follow=True)

    assert Accreditation.objects.get().status == A.UNCONFIRMED
    assert "Nothing was changed: none of the chosen needed it." in response.text


def test_confirming_a_decision_acts_on_those_the_page_did_not_leave_as_they_are_without_an_error(
        officer_client, django_capture_on_commit_callbacks):
    awaiting = make_accreditation()
    unconfirmed = make_accreditation(email="bob@example.org", name="Bob Unconfirmed", status=A.UNCONFIRMED)

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(CHANGELIST, {"action": "approve", "post": "yes",
                                                    "_selected_action": [awaiting.pk, unconfirmed.pk]}, follow=True)

    assert [m.message for m in response.context["messages"]] == [
        "1 request approved; the applicant is being emailed."]
    awaiting.refresh_from_db()
    unconfirmed.refresh_from_db()
    assert (awaiting.status, unconfirmed.status) == (A.APPROVED, A.UNCONFIRMED)


def test_the_confirmation_page_says_which_chosen_requests_the_decision_leaves_as_they_are(officer_client):
    awaiting = make_accreditation()
    approved = make_accreditation(email="bob@example.org", name="Bob Approved", status=A.APPROVED)

    page = action(officer_client, "reject", [awaiting, approved]).text

    lines = {line.split(" &lt;")[0].strip(): line for line in re.findall(r"<li>(.*?)</li>", page)}
    assert "left as it is" not in lines["Ann Reporter"]
    assert "Bob Approved" in lines and "not awaiting review: left as it is" in lines["Bob Approved"]
    assert "Yes, reject and email them" in page


def test_a_decision_none_of_the_chosen_can_take_offers_no_confirm_button(officer_client):
    approved = make_accreditation(status=A.APPROVED)

    page = action(officer_client, "approve", [approved]).text

    assert "cannot be approved as it stands: left as it is" in page
    assert "Yes, approve and email them" not in page


def test_revoke_withdraws_an_approval_and_tells_the_journalist(officer_client, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    request = make_accreditation(status=A.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        action(officer_client, "revoke", [request], post="yes", reason="Your outlet closed.")

    assert Accreditation.objects.get().status == A.REVOKED
    assert mailoutbox[0].subject == "Your accreditation has been withdrawn"


def test_a_request_is_rejected_from_its_own_page_after_a_confirmation_and_the_officer_returns_there(
        officer_client, mailoutbox, django_capture_on_commit_callbacks):
    request = make_accreditation()
    page_url = f"{CHANGELIST}{request.pk}/change/"

    page = officer_client.get(page_url).text
    asked = officer_client.post(page_url, {"CHANGE_FORM-action": "reject", "_selected_action": [request.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        done = officer_client.post(page_url, {**carried(asked.content), "reason": "We could not verify your outlet."})

    offered = [option["value"] for option in tags(page, "option") if option.get("value")]
    assert {"approve", "reject", "revoke"} <= set(offered)
    assert 'name="_save"' not in page and 'name="_continue"' not in page  # nothing here is edited
    assert "Reject these requests?" in asked.text and 'name="reason"' in asked.text
    assert (done.status_code, done["Location"]) == (302, page_url)
    request.refresh_from_db()
    assert (request.status, request.rejection_reason) == (A.REJECTED, "We could not verify your outlet.")
    assert mailoutbox[0].to == ["ann@example.org"]


def test_a_requests_page_takes_no_edit_posted_directly(officer_client):
    request = make_accreditation()

    response = officer_client.post(f"{CHANGELIST}{request.pk}/change/", {"name": "Mallory", "_save": "Save"})

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.name == "Ann Reporter"


def test_list_filters_by_status_outlet_beat_language_and_country(officer_client, make_topic):
    beat = make_topic(name="Courts")
    ann = make_accreditation(country="France", languages="French", outlet="Le Monde")
    ann.beats.set([beat])
    make_accreditation(email="bob@example.org", name="Bob Other", status=A.APPROVED, country="Spain")

    for query in ("status__exact=awaiting", "country=France", "languages=French", "outlet=Le+Monde",
                  f"beats__id__exact={beat.pk}", "q=Le+Monde"):
        page = officer_client.get(f"{CHANGELIST}?{query}").text
        assert "Ann Reporter" in page and "Bob Other" not in page, query


def test_list_filters_the_requests_that_name_no_beat_under_a_named_entry(officer_client, make_topic):
    make_accreditation(name="Ann Courts").beats.set([make_topic(name="Courts")])
    make_accreditation(email="bob@example.org", name="Bob Nobeat")

    listed = officer_client.get(CHANGELIST).text
    assert re.search(r'<a href="\?beats__isnull=True">\s*No beat given</a>', listed)
    page = officer_client.get(f"{CHANGELIST}?beats__isnull=True").text
    assert "Bob Nobeat" in page and "Ann Courts" not in page


def test_csv_export_guards_every_cell(officer_client):
    request = make_accreditation(name="=HYPERLINK(\"http://evil\")", outlet="Org;=cmd|' /C calc'!A0")

    response = action(officer_client, "export_csv", [request])

    assert response["Content-Disposition"] == 'attachment; filename="accreditations.csv"'
    assert response["Cache-Control"].startswith("private, no-store")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Email", "Outlet"]
    assert rows[1][:3] == ["'=HYPERLINK(\"http://evil\")", "ann@example.org", "Org;'=cmd|' /C calc'!A0"]


def test_erase_blanks_the_personal_data_after_confirmation(officer_client, make_topic):
    request = make_accreditation(phone="+44 20 7946 0000")
    request.beats.set([make_topic()])

    asked = action(officer_client, "erase", [request])
    assert "Erase these requests?" in asked.text
    action(officer_client, "erase", [request], post="yes")

    request.refresh_from_db()
    assert (request.name, request.email, request.outlet, request.phone, request.press_card) == ("", "", "", "", "")
    assert request.erased_at is not None
    assert not request.beats.exists()
    assert "Ann Reporter" not in officer_client.get(CHANGELIST).text


# Permissions: posted directly, as a page opened before a permission was withdrawn would

@pytest.mark.parametrize("url", [CHANGELIST, f"{CHANGELIST}1/change/"])
def test_staff_without_accreditation_permissions_get_403(client, url):
    make_accreditation()
    client.force_login(make_staff_user("editor", ["press.view_pressrelease"]))

    assert client.get(url).status_code == 403
    assert client.post(CHANGELIST, {"action": "approve", "_selected_action": [1], "post": "yes"}).status_code == 403
    assert "ccreditation" not in client.get("/admin/").text


def test_viewers_cannot_approve_export_or_erase_by_posting(client):
    request = make_accreditation()
    client.force_login(make_staff_user("reader", ["press.view_accreditation"]))

    for name in ("approve", "export_csv", "erase"):
        assert action(client, name, [request], post="yes").status_code == 403
    request.refresh_from_db()
    assert (request.status, request.name) == (A.AWAITING, "Ann Reporter")


def test_press_officer_group_holds_the_accreditation_permissions(press_officer):
    assert press_officer.has_perms(["press.view_accreditation", "press.change_accreditation",
                                    "press.delete_accreditation", "press.export_accreditation"])
    assert not press_officer.has_perm("press.add_accreditation")


# Accredited journalists recognised at press conferences

def test_registrant_list_and_check_in_mark_accredited_addresses_in_one_query(
        officer_client, make_event, make_registration, django_assert_max_num_queries):
    event = make_event()
    make_accreditation(email="ann@example.org", status=A.APPROVED)
    make_accreditation(email="rev@example.org", status=A.REVOKED, name="Rev")
    make_registration(event, name="Ann Reporter", email="ann@example.org", status="confirmed")
    for n in range(3):
        make_registration(event, name=f"Other {n}", email=f"other{n}@example.org", status="confirmed")
    make_registration(event, name="Rev Oked", email="rev@example.org", status="confirmed")

    with django_assert_max_num_queries(12):
        page = officer_client.get(f"/admin/events/registration/?event__id__exact={event.pk}").text
    marks = re.findall(r'<td class="field-accredited"><img [^>]*alt="(True|False)"', page)
    assert sorted(marks) == ["False"] * 4 + ["True"]

    check_in = officer_client.get(reverse("admin:events_event_check_in", args=[event.pk])).text
    assert check_in.count("check-in__accredited") == 1
    row = check_in[check_in.index("Ann Reporter"):check_in.index("Ann Reporter") + 200]
    assert "Accredited" in row


# Privacy

def test_privacy_notice_says_what_is_kept_why_and_for_how_long(client, settings):
    settings.ACCREDITATION_RETENTION_DAYS = 30

    page = client.get(reverse("commission:privacy")).text

    assert 'id="accreditation"' in page
    assert "press card number" in page
    assert "is deleted 30 days later" in page


def test_daily_command_purges_rejected_and_lapsed_requests_after_the_period(settings):
    settings.ACCREDITATION_RETENTION_DAYS = 30
    now = timezone.now()
    old = now - datetime.timedelta(days=31)
    rejected = make_accreditation(email="r@example.org", status=A.REJECTED, decided_at=old)
    recent_rejected = make_accreditation(email="r2@example.org", status=A.REJECTED, decided_at=now)
    lapsed = make_accreditation(email="l@example.org", status=A.UNCONFIRMED,
                                created_at=old - datetime.timedelta(hours=48))
    fresh = make_accreditation(email="f@example.org", status=A.UNCONFIRMED, created_at=old)  # lapsed 29 days ago
    approved = make_accreditation(email="a@example.org", status=A.APPROVED, decided_at=old)
    out = StringIO()

    call_command("purge_registrations", stdout=out)

    left = set(Accreditation.objects.values_list("pk", flat=True))
    assert left == {recent_rejected.pk, fresh.pk, approved.pk}
    assert rejected.pk not in left and lapsed.pk not in left
    assert "Deleted 2 rejected or lapsed accreditation request(s) older than 30 days." in out.getvalue()


def test_a_rejected_applicant_may_ask_again_and_starts_over():
    request = make_accreditation(status=A.REJECTED, rejection_reason="No outlet")

    again = services.request_accreditation(email="ann@example.org", name="Ann", outlet="New outlet", role="staff",
                                           country="KZ", languages="English", press_card="PC-9")

    assert again.pk == request.pk
    assert (again.status, again.outlet, again.rejection_reason) == (A.UNCONFIRMED, "New outlet", "")


def test_an_accreditation_email_the_mail_server_refused_is_tried_again_later(settings, failing_mail):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    request = make_accreditation(status=A.APPROVED)

    with pytest.raises(OSError):
        tasks.send_accreditation_email.call(kind=A.APPROVED, accreditation_id=request.pk)

    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"kind": "approved", "accreditation_id": request.pk, "attempt": 2}
    assert timezone.now() + datetime.timedelta(seconds=50) < retry.run_after < timezone.now() + datetime.timedelta(
        seconds=70)
