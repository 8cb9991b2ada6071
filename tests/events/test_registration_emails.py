"""Notifications from services: a recorded change emails every registrant concerned, at a fixed cost each."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import Registration, Slot
from tests.events.calendars import calendar_in

pytestmark = pytest.mark.django_db

S = Registration.Status


def test_check_timezones_fix_emails_registrants_of_the_moved_event(make_event, make_registration, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    event = make_event()
    registration = make_registration(event, status=S.CONFIRMED)
    slot = Slot.objects.get(event=event)
    Slot.objects.filter(pk=slot.pk).update(start_utc=slot.start_utc + datetime.timedelta(hours=1),
                                           end_utc=slot.end_utc + datetime.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_timezones", "--fix", stdout=StringIO())

    [message] = mailoutbox
    assert message.to == [registration.email]
    assert "Almaty, Kazakhstan has changed its clock rules" in message.body
    method, ics = calendar_in(message)
    assert (method, ics.entry.sequence, ics.entry.start) == ("REQUEST", 1, Slot.objects.get().start_utc)


def test_a_change_notice_costs_four_queries_per_registrant(make_event, make_registration, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    event = make_event()
    for _n in range(5):
        make_registration(event, status=S.CONFIRMED)

    with CaptureQueriesContext(connection) as captured:
        with django_capture_on_commit_callbacks(execute=True):
            services.record_change(event=event, what="Time: earlier")

    assert len(mailoutbox) == 5
    # The change itself (savepoint, update, read, insert, release), the notice's change and recipients,
    # then per email: the registration with its event and commission, slots, display zones, the change.
    assert len(captured.captured_queries) == 7 + 5 * 4
