"""Text without control characters, and titles in Latin letters (commission/web/text.py)."""

import pytest
from django.core.exceptions import ValidationError

from commission.web.text import latin_slug, one_line, validate_single_line, validate_text


@pytest.mark.parametrize("text", ["Bob\r\nBcc: evil@example.org", "Bob\nBcc", "Bob\rX", "Tab\there", "Bell\x07",
                                  "Null\x00", "Ev\u202eil", "Iso\u2066late\u2069", "Emb\u202aed"])
def test_single_line_text_refuses_control_and_direction_characters(text):
    with pytest.raises(ValidationError) as refused:
        validate_single_line(text)

    assert refused.value.code == "control_character"


def test_the_refusal_names_the_character_or_asks_for_one_line():
    with pytest.raises(ValidationError) as line_break:
        validate_single_line("Bob\r\nBcc: evil@example.org")
    with pytest.raises(ValidationError) as override:
        validate_single_line("Ev\u202eil")

    assert line_break.value.messages == ["Keep this on one line: line breaks are not allowed here."]
    assert override.value.messages == [
        "Remove the invisible character U+202E RIGHT-TO-LEFT OVERRIDE: it is not allowed here."]


@pytest.mark.parametrize("text", ["Zoë O’Brien", "می\u200cخواهم", "Ann\u200dReporter", "Ивана", "محمد"])
def test_names_in_every_script_are_accepted_with_their_joiners(text):
    validate_single_line(text)


def test_multiline_text_keeps_its_line_breaks_but_not_overrides():
    validate_text("Dostyk Avenue 52\r\nAlmaty\n\tKazakhstan")

    with pytest.raises(ValidationError):
        validate_text("Dostyk Avenue 52\n\u202eAlmaty")
    with pytest.raises(ValidationError):
        validate_text("Dostyk\x0bAvenue")


def test_one_line_collapses_breaks_and_controls_for_a_header():
    assert one_line("Briefing\r\nBcc: x@example.org\u202e  now") == "Briefing Bcc: x@example.org now"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Доклад комиссии 2026", "doklad-komissii-2026"),
        ("Открытие слушаний", "otkrytie-slushanij"),  # as the admin's slug field spells Russian (й → j)
        ("ОБРАЗЕЦ – Пресс-конференция", "obrazec-press-konferenciya"),
        ("Қазақстан билігі парламентшілерінің", "qazaqstan-biligi-parlamentshilerinin"),
        ("Баспасөз конференциясы ҮЛГІ", "baspasoz-konferenciyasy-ulgi"),
        ("Café in Zürich", "cafe-in-zurich"),
        ("《报告》", ""),
    ],
)
def test_a_title_in_latin_letters(title, slug):
    assert latin_slug(title) == slug


def test_a_long_title_in_latin_letters_ends_at_a_word():
    assert latin_slug("Доклад комиссии о свободе слова", max_length=20) == "doklad-komissii-o"
