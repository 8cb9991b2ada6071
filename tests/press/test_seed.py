import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from press.models import PressRelease
from press.seed import SLUG
from tests.htmltools import tags, text_of

pytestmark = pytest.mark.django_db

SEED_FILE = Path(settings.BASE_DIR) / "commission" / "fixtures" / "press-release-2023-01-17.txt"
CHROME = {"Site icon Bindmans", "Exit mobile version"}


def seed_paragraphs() -> list[str]:
    """The seed's content paragraphs in order: chrome and "click here" sentences left out, bullets one by one."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", SEED_FILE.read_text(encoding="utf-8")):
        for line in block.splitlines() if "•" in block else [block]:
            text = " ".join(line.replace("•", " ").split())
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if "click here" not in s]
            text = " ".join(sentences)
            if text and text not in CHROME:
                paragraphs.append(text)
    return paragraphs


@pytest.fixture
def seeded(db):
    call_command("load_seed", verbosity=0, stdout=io.StringIO())
    return PressRelease.objects.get(slug=SLUG)


def test_seed_paragraphs_are_read_as_expected():
    paragraphs = seed_paragraphs()

    assert len(paragraphs) == 36
    assert paragraphs[0] == (
        "Senior British Parliamentarians visiting Kazakhstan blocked by Kazakh government from meeting officials "
        "and Zhanbolat Mamay"
    )
    assert paragraphs[1] == (
        "We will be holding a press conference on Friday 20 January 2023, which can be attended in person in "
        "Almaty Kazakhstan, or online."
    )
    assert paragraphs[-1] == "For more information on the Commission and its mandate, visit www.inquirycommission.com."
    assert "3:30pm ALMT – Almaty, Kazakhstan" in paragraphs


def test_release_page_holds_every_seed_paragraph_in_order(client, seeded):
    response = client.get(f"/press/{SLUG}/")
    text = text_of(response.content)

    position = 0
    for paragraph in seed_paragraphs():
        found = text.find(paragraph, position)
        assert found >= 0, f"missing or out of order: {paragraph[:80]}"
        position = found + len(paragraph)


def test_seed_release_facts(seeded):
    assert seeded.title == (
        "Senior British Parliamentarians visiting Kazakhstan blocked by Kazakh government from meeting officials "
        "and Zhanbolat Mamay"
    )
    assert (seeded.status, seeded.dateline_place, seeded.publish_at.isoformat()) == (
        "published", "", "2023-01-17T12:00:00+00:00",
    )
    assert [(q.order, q.speaker.slug, q.speaker.short_name, q.speaker.role) for q in seeded.quotes.all()] == [
        (1, "lord-macdonald", "Lord Macdonald", "Chair to the Commission"),
        (2, "tayab-ali", "Tayab Ali", "Partner at Bindmans LLP"),
    ]
    assert seeded.notes_to_editors == seeded.commission.about
    assert [c.name for c in seeded.media_contacts.all()] == ["Bindmans Press Office"]


def test_seed_release_page_shows_date_quotes_and_nested_key_areas(client, seeded):
    html = client.get(f"/press/{SLUG}/").content.decode()

    assert text_of(html).startswith("17 January 2023 Senior British Parliamentarians visiting Kazakhstan")
    assert [a["href"] for a in tags(html, "a", within="figcaption")] == [
        "/commission/people/lord-macdonald/", "/commission/people/tayab-ali/",
    ]
    assert text_of(html, "figcaption").startswith("— Lord Macdonald, Chair to the Commission")
    assert html.count("<blockquote") == 2
    notes = html[html.index('id="notes-to-editors"'):]
    assert "<ul>\n<li>Investigating the use" in notes and "</li>\n<li>Considering material" in notes
    assert "including:\n<ul>\n<li>The events that led" in notes
    assert "click here" not in html and "Exit mobile version" not in html and "Site icon" not in html


def test_load_seed_twice_changes_nothing(seeded):
    seeded.title = "Edited in admin"
    seeded.save()

    call_command("load_seed", verbosity=0, stdout=io.StringIO())

    assert list(PressRelease.objects.values_list("title", flat=True)) == ["Edited in admin"]
    assert seeded.quotes.count() == 2
