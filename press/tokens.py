"""Preview-link tokens: a link's key signed with ``SECRET_KEY``, as it appears in the link's address.

The model builds the address with it and services read it back when the link is opened. It imports
nothing from press, so models and services both can use it without importing each other.
"""

from django.core import signing

_SALT = "press.preview-link"

InvalidToken = signing.BadSignature


def sign_preview_key(key: str) -> str:
    """The token for a preview link's key: the same every time, so a link's address never changes."""
    return signing.Signer(salt=_SALT).sign(key)


def read_preview_key(token: str) -> str:
    """The key inside ``token``. Raises ``InvalidToken`` when the token was forged or altered."""
    return signing.Signer(salt=_SALT).unsign(token)


# Accreditation requests: the address-confirmation link carries the request's id and its nonce, which
# confirming replaces, so the link works once; it expires after ACCREDITATION_CONFIRM_HOURS.
_ACCREDITATION_SALT = "press.accreditation.confirm"
ACCREDITATION_CONFIRM_HOURS = 48
ExpiredToken = signing.SignatureExpired  # a subclass of BadSignature: catch it first


def make_accreditation_token(accreditation) -> str:
    return signing.dumps({"a": accreditation.pk, "n": accreditation.token_nonce}, salt=_ACCREDITATION_SALT)


def read_accreditation_token(token: str) -> tuple[int, str]:
    """The request's id and nonce in ``token``. Raises ``ExpiredToken`` or ``InvalidToken``."""
    data = signing.loads(token, salt=_ACCREDITATION_SALT, max_age=ACCREDITATION_CONFIRM_HOURS * 3600)
    if not isinstance(data, dict) or not isinstance(data.get("a"), int) or not isinstance(data.get("n"), str):
        raise InvalidToken("Unexpected token content.")
    return data["a"], data["n"]


# Email alerts. The confirmation link carries the subscription's id and its confirmation nonce (confirming
# replaces it: the link works once) and expires after ALERT_CONFIRM_HOURS. The personal link in every alert
# (manage, unsubscribe) carries the id and the manage nonce and does not expire: it must work from an old
# alert; subscribing again after leaving replaces the nonce, and so every older link.
_ALERT_CONFIRM_SALT = "press.alerts.confirm"
_ALERT_MANAGE_SALT = "press.alerts.manage"
ALERT_CONFIRM_HOURS = 48


def _read_pair(data) -> tuple[int, str]:
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("n"), str):
        raise InvalidToken("Unexpected token content.")
    return data["s"], data["n"]


def make_alert_confirm_token(subscription) -> str:
    return signing.dumps({"s": subscription.pk, "n": subscription.confirm_nonce}, salt=_ALERT_CONFIRM_SALT)


def read_alert_confirm_token(token: str) -> tuple[int, str]:
    """The subscription's id and confirmation nonce in ``token``. Raises ``ExpiredToken`` or ``InvalidToken``."""
    return _read_pair(signing.loads(token, salt=_ALERT_CONFIRM_SALT, max_age=ALERT_CONFIRM_HOURS * 3600))


def make_alert_manage_token(subscription) -> str:
    return signing.dumps({"s": subscription.pk, "n": subscription.manage_nonce}, salt=_ALERT_MANAGE_SALT)


def read_alert_manage_token(token: str) -> tuple[int, str]:
    """The subscription's id and manage nonce in ``token``. Raises ``InvalidToken``."""
    return _read_pair(signing.loads(token, salt=_ALERT_MANAGE_SALT))
