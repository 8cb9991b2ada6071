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
