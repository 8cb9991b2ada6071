"""One spelling per mailbox (commission/web/addresses.py)."""

import pytest
from django.core.exceptions import ValidationError

from commission.web.addresses import normalise_email


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Ann@Example.ORG ", "ann@example.org"),
        ("dup@bücher.example", "dup@xn--bcher-kva.example"),
        ("dup@XN--BCHER-KVA.example", "dup@xn--bcher-kva.example"),
        ("dup@BÜCHER.example.", "dup@xn--bcher-kva.example"),
        ("", ""),
    ],
)
def test_one_spelling_per_mailbox(typed, stored):
    assert normalise_email(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("dup@example.org\u200b", "invisible_character",
         "This address contains an invisible character (U+200B ZERO WIDTH SPACE), often picked up by copying and "
         "pasting. Type the address again."),
        ("d\u2060up@example.org", "invisible_character", None),
        ("dup@exam\u00adple.org", "invisible_character", None),  # a soft hyphen is a format character too
        ('"dup"@example.org', "quoted_local_part",
         "Addresses with quotation marks cannot be used here. Enter a plain address like name@example.org."),
        ('"d@p"@example.org', "quoted_local_part", None),
        ("dup@[127.0.0.1]", "address_literal",
         "Addresses with an IP address in brackets cannot be used here. Enter an address with a domain name, like "
         "name@example.org."),
        ("dup@[IPv6:::1]", "address_literal", None),
        ("no-at-sign.example.org", "invalid", "Enter an email address like name@example.org."),
        ("a b@example.org", "invalid", None),
    ],
)
def test_addresses_that_spell_a_mailbox_another_way_are_refused(typed, code, message):
    with pytest.raises(ValidationError) as refused:
        normalise_email(typed)

    assert refused.value.code == code
    if message:
        assert refused.value.messages == [message]
