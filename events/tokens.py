"""Signed links in registrants' emails: confirm an address, and manage (cancel) a registration.

A token carries the registration's id and its current nonce, signed with
Django's ``SECRET_KEY`` and a salt per purpose, so a confirmation token can
never be used as a cancel token. Replacing a registration's nonce retires every
link issued before (that is how a confirmation link is single use).

Confirmation links expire after ``CONFIRM_MAX_AGE``; manage links have no
signature age limit: they stop working when the event ends (services check it).
"""

import datetime
from dataclasses import dataclass

from django.core import signing

CONFIRM = "events.registration.confirm"
MANAGE = "events.registration.manage"
CONFIRM_MAX_AGE = datetime.timedelta(hours=48)
CONFIRM_MAX_HOURS = int(CONFIRM_MAX_AGE.total_seconds() // 3600)  # as the emails and the privacy notice say it

InvalidToken = signing.BadSignature
ExpiredToken = signing.SignatureExpired  # a subclass of BadSignature: catch it first


@dataclass(frozen=True)
class TokenData:
    registration_id: int
    nonce: str


def make_token(registration, purpose: str) -> str:
    return signing.dumps({"r": registration.pk, "n": registration.token_nonce}, salt=purpose)


def read_token(token: str, purpose: str) -> TokenData:
    """The registration id and nonce in ``token``. Raises ``ExpiredToken`` or ``InvalidToken``."""
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    data = signing.loads(token, salt=purpose, max_age=max_age)
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) or not isinstance(data.get("n"), str):
        raise InvalidToken("Unexpected token content.")
    return TokenData(registration_id=data["r"], nonce=data["n"])
