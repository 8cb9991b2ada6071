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
