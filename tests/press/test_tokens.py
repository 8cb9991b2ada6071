import pytest
from django.core import signing

from press import tokens


def test_preview_token_is_stable_and_carries_the_key():
    token = tokens.sign_preview_key("some-key")

    assert (token, token.startswith("some-key:")) == (tokens.sign_preview_key("some-key"), True)
    assert tokens.read_preview_key(token) == "some-key"


@pytest.mark.parametrize("token", [
    "some-key",
    "some-key:not-the-signature",
    signing.Signer(salt="something-else").sign("some-key"),
    signing.Signer(key="another-secret", salt="press.preview-link").sign("some-key"),
    "",
])
def test_preview_token_forged_or_altered_is_refused(token):
    with pytest.raises(tokens.InvalidToken):
        tokens.read_preview_key(token)

