"""The capacity rule under real concurrency (PostgreSQL row locks): never overbooked, nothing lost."""

from collections import Counter

import pytest

from events import services
from events.models import Registration
from tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

S = Registration.Status


def confirm_call(registration):
    return lambda: services.confirm_registration(registration_id=registration.pk,
                                                 nonce=registration.token_nonce).status


def test_fifty_concurrent_confirmations_for_ten_seats(make_event, make_registration, mailoutbox):
    event = make_event(in_person_capacity=10)
    registrations = [make_registration(event) for _ in range(50)]

    results, errors = run_together([confirm_call(r) for r in registrations])

    assert errors == []
    assert Counter(results) == {S.CONFIRMED: 10, S.WAITLISTED: 40}
    stored = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert stored == {S.CONFIRMED: 10, S.WAITLISTED: 40}  # none lost, none left pending
    assert len(mailoutbox) == 50


def test_cancellations_racing_confirmations_never_overbook(make_event, make_registration):
    event = make_event(in_person_capacity=10)
    holders = [make_registration(event, status=S.CONFIRMED) for _ in range(10)]
    waiting = [make_registration(event, status=S.WAITLISTED) for _ in range(5)]
    newcomers = [make_registration(event) for _ in range(30)]
    cancels = [(lambda r=r: services.cancel_registration(registration_id=r.pk)[0].status) for r in holders[:6]]

    results, errors = run_together([*cancels, *(confirm_call(r) for r in newcomers)])

    assert errors == []
    stored = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert stored[S.CONFIRMED] == 10
    assert stored == {S.CONFIRMED: 10, S.CANCELLED: 6, S.WAITLISTED: 29}
    # The 6 freed seats went to people waiting; those who waited longest came first.
    assert all(Registration.objects.get(pk=r.pk).status == S.CONFIRMED for r in waiting)


def test_simultaneous_submits_of_one_address_register_once(make_event):
    event = make_event()

    def submit():
        return services.register(event=event, name="Ann", email="ann@example.org", organisation="The Paper",
                                 role="journalist", attendance="in_person").pk

    results, errors = run_together([submit] * 10)

    assert errors == []
    assert len(set(results)) == 1
    assert Registration.objects.filter(event=event).count() == 1
