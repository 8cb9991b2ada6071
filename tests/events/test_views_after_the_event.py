import datetime
import json
import re

import feedparser
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.htmltools import json_ld, tags, text_of

pytestmark = pytest.mark.django_db

# 20 January 2030, 3:30pm to 4:30pm in Almaty (UTC+5 by then).
SLOT = (datetime.datetime(2030, 1, 20, 15, 30), datetime.datetime(2030, 1, 20, 16, 30))
BEFORE = datetime.datetime(2030, 1, 20, 11, 0, tzinfo=datetime.UTC)  # 4pm in Almaty: under way
AFTER = datetime.datetime(2030, 1, 20, 11, 31, tzinfo=datetime.UTC)  # a minute after it ended

RECORDING = "https://video.example.org/watch/briefing"


@pytest.fixture
def briefing(make_event):
    """A press conference whose materials were prepared before it took place."""
    return make_event(
        title="Briefing on the verdict", summary="The commission answers questions.", slots=[SLOT],
        recording_url=RECORDING,
        statement="The commission **regrets** the verdict.",
        transcript="# Opening\n\nChair: Good afternoon. <script>alert(1)</script>",
    )


def test_materials_prepared_in_advance_stay_hidden_until_the_end(client, briefing):
    with time_machine.travel(BEFORE, tick=False):
        response = client.get(briefing.get_absolute_url())
        feed = feedparser.parse(client.get(reverse("events:feed")).content)

    text = text_of(response.content)
    assert "took place" not in text
    for hidden in ("After the press conference", "Watch the recording", "regrets", "Good afternoon"):
        assert hidden not in text
    assert RECORDING not in response.content.decode()
    [data] = json_ld(response.content)
    assert "recordedIn" not in data and data["description"] == "The commission answers questions."
    assert "regrets" not in feed.entries[0].summary and RECORDING not in feed.entries[0].summary


def test_ended_press_conference_leads_with_when_it_took_place_and_its_materials(client, briefing):
    with time_machine.travel(AFTER, tick=False):
        response = client.get(briefing.get_absolute_url())

    text = text_of(response.content)
    assert text.startswith(
        "Briefing on the verdict This press conference took place on Sunday 20 January 2030, 3:30pm ALMT – Almaty, "
        "Kazakhstan; 10:30am GMT – London, UK. "
        "The commission answers questions. After the press conference Watch the recording "
        "Statement The commission regrets the verdict. Transcript Opening Chair: Good afternoon."
    )
    assert tags(response.content, "a", href=RECORDING) == [{"href": RECORDING}]
    html = response.content.decode()
    # Markdown through the project's renderer: headings below the section's, HTML shown as text, never run.
    assert "<strong>regrets</strong>" in html
    assert re.search(r'<h4[^>]*>Opening</h4>', html)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_ended_press_conference_json_ld_gives_the_recording_and_the_statement(client, briefing):
    with time_machine.travel(AFTER, tick=False):
        [data] = json_ld(client.get(briefing.get_absolute_url()).content)

    assert data["recordedIn"] == {"@type": "VideoObject", "name": "Briefing on the verdict", "url": RECORDING}
    assert data["description"] == "The commission answers questions.\n\nThe commission **regrets** the verdict."
    json.dumps(data)


def test_ended_press_conference_feed_entry_gives_the_recording_and_the_statement(client, briefing):
    with time_machine.travel(AFTER, tick=False):
        feed = feedparser.parse(client.get(reverse("events:feed")).content)

    summary = feed.entries[0].summary
    assert f'<a href="{RECORDING}">{RECORDING}</a>' in summary
    assert "<h2>Statement</h2>" in summary and "<strong>regrets</strong>" in summary


def test_ended_press_conference_without_materials_shows_no_empty_section(client, make_event):
    event = make_event(slots=[SLOT], statement="   ")

    with time_machine.travel(AFTER, tick=False):
        response = client.get(event.get_absolute_url())

    assert "took place on Sunday 20 January 2030" in text_of(response.content)
    assert "After the press conference" not in text_of(response.content)


@pytest.mark.parametrize("address", ["http://video.example.org/x", "javascript:alert(1)", "ftp://example.org/x",
                                     "video.example.org"])
def test_recording_link_must_be_https(briefing, address):
    briefing.recording_url = address

    with pytest.raises(ValidationError) as raised:
        briefing.full_clean()

    assert "Enter an address that starts with https://." in raised.value.message_dict["recording_url"]


def test_admin_page_has_the_after_the_event_fields_with_what_was_prepared(client, press_officer, briefing):
    client.force_login(press_officer)

    response = client.get(reverse("admin:events_event_change", args=[briefing.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "After the press conference" in html
    assert tags(response.content, "input", name="recording_url")[0]["value"] == RECORDING
    assert "The commission **regrets** the verdict.</textarea>" in html


def test_an_ended_press_conference_promises_no_join_link_and_says_when_it_was_in_russian_and_kazakh(client,
                                                                                                    briefing):
    with time_machine.travel(BEFORE, tick=False):
        under_way = text_of(client.get(briefing.get_absolute_url()).content)
    with time_machine.travel(AFTER, tick=False):
        ended = text_of(client.get(briefing.get_absolute_url()).content)
        russian = text_of(client.get(f"/ru{briefing.get_absolute_url()}").content)
        kazakh = text_of(client.get(f"/kk{briefing.get_absolute_url()}").content)

    assert "The link to join is emailed to confirmed registrants." in under_way
    assert "The link to join is emailed" not in ended
    # In every display zone, as the page writes its times (this one has no version: its English place names).
    assert ("Эта пресс-конференция уже прошла. Дата проведения: воскресенье, 20 января 2030, 15:30 ALMT – Almaty, "
            "Kazakhstan; 10:30 GMT – London, UK.") in russian
    assert ("Бұл баспасөз конференциясы өтіп кетті. Өткізілген уақыты: 2030 жылғы 20 қаңтар, жексенбі, 15:30 "
            "ALMT – Almaty, Kazakhstan; 10:30 GMT – London, UK.") in kazakh


def test_an_ended_press_conference_says_it_could_be_joined_online_even_without_a_platform_named(client, make_event):
    briefing = make_event(slots=[SLOT], online_platform="")
    with time_machine.travel(AFTER, tick=False):
        pages = {prefix: text_of(client.get(f"{prefix}{briefing.get_absolute_url()}").content)
                 for prefix in ("", "/ru", "/kk")}

    assert "Online Journalists could join online." in pages[""]
    assert "Онлайн Журналисты могли подключиться онлайн." in pages["/ru"]
    assert "Онлайн Журналистер онлайн қосыла алатын." in pages["/kk"]
