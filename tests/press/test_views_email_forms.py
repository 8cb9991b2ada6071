"""What the public forms confirmed by email share (press/views.py ``_form_confirmed_by_email``): the accreditation
request and the alerts subscription each answer a bot as a success, are rate-limited per visitor and per
address, and their confirmation links expire."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from press.models import Accreditation, AlertSubscription
from tests.emails import link_in
from tests.factories import ACCREDITATION_FORM, ACCREDITATION_URL, ALERTS_FORM, ALERTS_URL

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.parametrize(("form", "valid", "model"), [
        pytest.param(ACCREDITATION_URL, ACCREDITATION_FORM, Accreditation, id="accreditation"),
        pytest.param(ALERTS_URL, ALERTS_FORM, AlertSubscription, id="alerts"),
    ]),
]


def test_honeypot_answers_as_success_and_stores_nothing(form, valid, model, client, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form, {**valid, "website": "http://spam.example"})

    assert response.status_code == 302
    assert not model.objects.exists()
    assert mailoutbox == []


def test_the_form_is_rate_limited_per_visitor(form, valid, model, settings):
    settings.REGISTRATION_RATE = "2/h"
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.post(form, {**valid, "email": f"p{n}@example.org"}).status_code for n in range(3)]

    assert statuses == [302, 302, 429]
    assert model.objects.count() == 2


def test_the_form_is_rate_limited_per_address(form, valid, model, settings):
    settings.REGISTRATION_RATE = "2/h"
    statuses = [Client(REMOTE_ADDR=f"203.0.113.{n}").post(form, valid).status_code for n in range(3)]

    assert statuses == [302, 302, 429]


def test_posts_sent_back_with_errors_are_not_counted(form, valid, model, settings):
    settings.REGISTRATION_RATE = "2/h"
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        assert client.post(form, {**valid, "email": "not an address"}).status_code == 422

    statuses = [client.post(form, {**valid, "email": f"p{n}@example.org"}).status_code for n in range(3)]

    assert statuses == [302, 302, 429]


def test_an_expired_or_altered_confirmation_link_says_so(form, valid, model, post_as_browser, client, mailoutbox):
    post_as_browser(form, valid)
    link = link_in(mailoutbox[0], r"/press/[a-z]+/confirm/[^/\s]+/")

    assert client.get(link[:-3] + "xx/").status_code == 400
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        response = client.post(link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert model.objects.get().status == model.Status.UNCONFIRMED



def test_a_known_address_costs_the_writes_a_new_one_does(form, valid, model, client, settings):
    """The answer must not tell whether an address has asked before: a known address (an approved journalist, a
    confirmed subscriber) is written to in a savepoint as a new one is (the email is built after the answer)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queued, not run
    now = timezone.now()
    Accreditation.objects.create(email="known@example.org", name="Known", outlet="Outlet", role="staff",
                                 press_card="PC-1", consented_at=now, status=Accreditation.Status.APPROVED,
                                 confirmed_at=now)
    AlertSubscription.objects.create(email="known@example.org", status=AlertSubscription.Status.CONFIRMED,
                                     confirmed_at=now)

    def writes(address):
        with CaptureQueriesContext(connection) as captured:
            assert client.post(form, {**valid, "email": address}).status_code == 302
        kinds = [query["sql"].split()[0] for query in captured.captured_queries]
        return [kind.replace("INSERT", "WRITE").replace("UPDATE", "WRITE") for kind in kinds
                if kind in {"SAVEPOINT", "RELEASE", "INSERT", "UPDATE"}]

    new, known = writes("new@example.org"), writes("known@example.org")
    # The view's transaction, then the savepoint with the row written (a new subscriber's choice is a second).
    assert known[:4] == new[:4] == ["SAVEPOINT", "SAVEPOINT", "WRITE", "RELEASE"]
    assert model.objects.get(email="known@example.org").requested_again_at is not None
