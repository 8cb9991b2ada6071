"""The accreditation life cycle: request, confirm the address, approve or reject, revoke, erase, purge.

A journalist asks on the public form (``request_accreditation``) and confirms
their address through a signed link (``confirm_address``); the request then
awaits a press officer, who approves or rejects it with a reason
(``decide``), and may later revoke an approval. Every email is queued only
once the transaction has committed, as registrants' are (events/services.py).
The same rules as the press-conference sign-up protect addresses: sending
the form again for a known address changes nothing stored unless the request
was closed (rejected or revoked), and the answer does not tell a stranger
whether the address is known.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commission.web.after_response import queue_on_commit
from commission.web.errors import Refused
from press import emails, tasks
from press.models import Accreditation, new_accreditation_nonce

Status = Accreditation.Status
LAPSES_AFTER = datetime.timedelta(hours=48)  # an unconfirmed request lapses when its link expires


class AccreditationError(Refused):
    """An accreditation rule said no."""


class LinkNotValid(AccreditationError):
    default = _("This link has already been used, or was replaced by a newer email.")


class WrongStatus(AccreditationError):
    default = _("This request is not in a state where that can be done.")


def _email_on_commit(kind: str, accreditation: Accreditation) -> None:
    queue_on_commit(tasks.queue_accreditation_email, kind=kind, accreditation_id=accreditation.pk)


def _status_email(accreditation: Accreditation) -> str:
    return emails.CONFIRM_ADDRESS if accreditation.status == Status.UNCONFIRMED else accreditation.status


@transaction.atomic
def request_accreditation(*, email: str, beats=(), now: datetime.datetime | None = None, **details) -> Accreditation:
    """Ask to be accredited. ``email`` must be normalised already (the form does it); ``details`` are the
    model's other fields (name, outlet, role, country, languages, press_card, work_url, phone; ``language``, the
    page's, which the emails about the request are written in).

    One request per address. A new address, or one whose request was rejected or revoked, gets a request
    (started over with the new details) awaiting its confirmation. Any other known address keeps what is
    stored and is sent its status email again, its ``requested_again_at`` set. Side effects: one row written
    (whether the address is known or not, so that the time the form takes does not tell); one email queued on
    commit.
    """
    now = now or timezone.now()
    accreditation = Accreditation.objects.not_erased().select_for_update().filter(email=email).first()
    if accreditation is None:
        try:
            with transaction.atomic():
                accreditation = Accreditation.objects.create(email=email, consented_at=now, created_at=now,
                                                             **details)
        except IntegrityError:  # a double submit created it meanwhile
            accreditation = Accreditation.objects.not_erased().select_for_update().get(email=email)
        else:
            accreditation.beats.set(beats)
            _email_on_commit(emails.CONFIRM_ADDRESS, accreditation)
            return accreditation
    # A known address costs what a new one does, a savepoint and a row written, so that the time the form takes
    # to answer does not tell whether an address has asked (the email is built after the answer).
    with transaction.atomic():
        accreditation.requested_again_at = now
        if accreditation.status in {Status.REJECTED, Status.REVOKED}:
            for field, value in details.items():
                setattr(accreditation, field, value)
            accreditation.status = Status.UNCONFIRMED
            accreditation.consented_at = accreditation.created_at = now
            accreditation.confirmed_at = accreditation.decided_at = accreditation.decided_by = None
            accreditation.rejection_reason = ""
            accreditation.token_nonce = new_accreditation_nonce()
            accreditation.save()
            accreditation.beats.set(beats)
        else:
            Accreditation.objects.filter(pk=accreditation.pk).update(requested_again_at=now)
    _email_on_commit(_status_email(accreditation), accreditation)
    return accreditation


def _by_link(accreditation_id: int, nonce: str, *, lock: bool) -> Accreditation:
    requests = Accreditation.objects.not_erased()
    if lock:  # only inside a transaction: PostgreSQL refuses a row lock in autocommit
        requests = requests.select_for_update()
    accreditation = requests.filter(pk=accreditation_id, token_nonce=nonce).first()
    if accreditation is None or accreditation.status != Status.UNCONFIRMED:
        raise LinkNotValid
    return accreditation


def get_request_to_confirm(*, accreditation_id: int, nonce: str) -> Accreditation:
    """The request a confirmation link names, if the link still works. Raises ``LinkNotValid``."""
    return _by_link(accreditation_id, nonce, lock=False)


@transaction.atomic
def confirm_address(*, accreditation_id: int, nonce: str, now: datetime.datetime | None = None) -> Accreditation:
    """The applicant opened the link and pressed the button: the request now awaits review.

    Raises ``LinkNotValid``. Side effects: the nonce is replaced (the link works once); the "request
    received" email is queued on commit.
    """
    accreditation = _by_link(accreditation_id, nonce, lock=True)
    accreditation.status = Status.AWAITING
    accreditation.confirmed_at = now or timezone.now()
    accreditation.token_nonce = new_accreditation_nonce()
    accreditation.save(update_fields=["status", "confirmed_at", "token_nonce"])
    _email_on_commit(Status.AWAITING, accreditation)
    return accreditation


# What each decision needs the request to be in.
_DECIDABLE = {
    Status.APPROVED: {Status.AWAITING, Status.REJECTED},
    Status.REJECTED: {Status.AWAITING},
    Status.REVOKED: {Status.APPROVED},
}


def can_decide(accreditation: Accreditation, decision: str) -> bool:
    """Whether the request, as it stands, can take ``decision`` (``decide`` checks again under a lock)."""
    return accreditation.status in _DECIDABLE[decision]


@transaction.atomic
def decide(*, accreditation_id: int, decision: str, user, reason: str = "",
           now: datetime.datetime | None = None) -> Accreditation:
    """Approve, reject (with ``reason``, sent to the applicant) or revoke one request.

    Raises ``WrongStatus`` when the request cannot take that decision (an unconfirmed one cannot be
    approved; only an approval can be revoked). Side effects: the request is updated; its email is
    queued on commit; a revocation stops the journalist's embargoed copies for good, so approving them
    again later does not reopen what they were sent before.
    """
    accreditation = Accreditation.objects.not_erased().select_for_update().filter(pk=accreditation_id).first()
    if accreditation is None or not can_decide(accreditation, decision):
        raise WrongStatus
    accreditation.status = decision
    accreditation.decided_at = now or timezone.now()
    accreditation.decided_by = user
    accreditation.rejection_reason = reason if decision != Status.APPROVED else ""
    accreditation.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
    if decision == Status.REVOKED:
        accreditation.embargo_copies.stop(by=user, now=accreditation.decided_at)
    _email_on_commit(decision, accreditation)
    return accreditation


@transaction.atomic
def erase(*, accreditation_ids, now: datetime.datetime | None = None) -> int:
    """Blank the personal data of these requests (a request to be forgotten); keep status and dates, which
    are statistics. Returns how many were erased. No email: the address is gone."""
    now = now or timezone.now()
    queryset = Accreditation.objects.not_erased().filter(pk__in=list(accreditation_ids))
    Accreditation.beats.through.objects.filter(accreditation__in=queryset).delete()
    return queryset.update(name="", email="", outlet="", country="", languages="", press_card="", work_url="",
                           phone="", rejection_reason="", token_nonce="", erased_at=now)


def purge(*, retention_days: int, now: datetime.datetime | None = None) -> int:
    """Delete rejected requests decided, and lapsed ones (never confirmed) made, more than ``retention_days``
    ago (a lapsed one counted from when its link expired). Idempotent. Returns how many were deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days)
    deleted = Accreditation.objects.filter(
        Q(status=Status.REJECTED, decided_at__lte=cutoff)
        | Q(status=Status.UNCONFIRMED, created_at__lte=cutoff - LAPSES_AFTER)
    ).delete()[1].get(Accreditation._meta.label, 0)
    return deleted
