import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commission.models import Membership
from tests.htmltools import text_of

pytestmark = pytest.mark.django_db


def test_a_commissioners_role_is_shown_once(client, commission, make_member):
    chair = make_member(commission, role=Membership.Role.CHAIR, organisation="House of Lords")
    chair.role = "Chair to the Commission"  # the seed's wording, which said "Chair" a second time
    chair.save()

    text = text_of(client.get(chair.get_absolute_url()).content)

    assert text.count("Chair") == 1
    assert "Chair, Inquiry Commission" in text
    assert "House of Lords" in text


def test_someone_elses_role_and_organisation_are_shown_once(client, make_release, make_person):
    lawyer = make_person(role="Partner at Bindmans LLP", organisation="Bindmans LLP")
    make_release(quotes=[(lawyer, "A statement.")])

    text = text_of(client.get(lawyer.get_absolute_url()).content)

    assert text.count("Partner at Bindmans LLP") == 1
    assert text.count("Bindmans LLP") == 1


def test_the_portrait_is_shown_when_there_is_one(client, commission, make_member, png):
    person = make_member(commission, portrait=png(960, 1200), portrait_alt="Jane Doe in chambers")

    html = client.get(person.get_absolute_url()).content.decode()

    # The web copy, with its size, not the upload.
    assert (f'<img class="portrait" src="{person.portrait_web.url}" alt="Jane Doe in chambers" width="480" '
            'height="600"') in html
    # Written in English only: on a Russian page the image says so, for a screen reader to read it as English.
    russian = client.get(f"/ru{person.get_absolute_url()}").content.decode()
    assert 'alt="Jane Doe in chambers" lang="en-gb" width' in russian


def test_releases_that_quote_the_person_are_listed_with_the_quote_published_only(
    client, commission, make_member, make_release
):
    person = make_member(commission)
    older = make_release(title="Older release", publish_at=timezone.now() - datetime.timedelta(days=3),
                         quotes=[(person, "We went to Almaty.")])
    newer = make_release(title="Newer release", quotes=[(person, "We are determined.")])
    make_release(title="Draft release", status="draft", publish_at=None, quotes=[(person, "Draft words.")])
    make_release(title="Embargoed release", publish_at=timezone.now() + datetime.timedelta(hours=2),
                 quotes=[(person, "Embargoed words.")])

    response = client.get(person.get_absolute_url())
    html, text = response.content.decode(), text_of(response.content)

    assert "Quoted in press releases" in text
    assert html.index("We are determined.") < html.index("We went to Almaty.")
    assert f'<a href="{newer.get_absolute_url()}">Newer release</a>' in html
    assert f'<a href="{older.get_absolute_url()}">Older release</a>' in html
    for hidden in ("Draft release", "Draft words.", "Embargoed release", "Embargoed words."):
        assert hidden not in text


def test_press_conferences_the_person_speaks_at_are_listed_published_only(
    client, commission, make_member, make_event
):
    person = make_member(commission)
    public = make_event(title="Briefing in Almaty")
    draft = make_event(title="Secret briefing", status="draft")
    later = make_event(title="Embargoed briefing", publish_at=timezone.now() + datetime.timedelta(days=1))
    for event in (public, draft, later):
        event.speakers.add(person)

    response = client.get(person.get_absolute_url())
    html, text = response.content.decode(), text_of(response.content)

    assert "Speaking at press conferences" in text
    assert f'<a href="{public.get_absolute_url()}">Briefing in Almaty</a>' in html
    assert "Secret briefing" not in text
    assert "Embargoed briefing" not in text


def test_a_person_with_no_quotes_or_press_conferences_has_neither_section(client, commission, make_member):
    text = text_of(client.get(make_member(commission).get_absolute_url()).content)

    assert "Quoted in press releases" not in text
    assert "Speaking at press conferences" not in text


def test_person_page_queries_do_not_grow_with_quotes_and_press_conferences(
    client, commission, make_member, make_release, make_event, django_assert_max_num_queries
):
    person = make_member(commission)
    for n in range(6):
        make_release(quotes=[(person, f"Quote {n}")])
        make_event().speakers.add(person)
    client.get(person.get_absolute_url())  # reads the commission for this content version

    # person, memberships, quotes with their releases, press conferences with their slots and zones
    with django_assert_max_num_queries(6):
        client.get(person.get_absolute_url())


def test_person_page_shows_name_and_biography(client, commission, make_member):
    person = make_member(commission, role=Membership.Role.CHAIR, full_name="Lord A of B Kt KC",
                         biography="Former prosecutor.")
    body = client.get(person.get_absolute_url()).text
    assert "<h1>Lord A of B Kt KC</h1>" in body
    assert "<p>Former prosecutor.</p>" in body


def test_person_page_unknown_slug_is_404(client, db):
    assert client.get(reverse("commission:person", kwargs={"slug": "nobody"})).status_code == 404
