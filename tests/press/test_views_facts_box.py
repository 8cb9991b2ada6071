"""The facts box at the top of every release page: status, dateline, media contacts with an out-of-hours
number, and the people quoted who are available for interview."""

import datetime
import re

import pytest
from django.utils import timezone

from commission.models import MediaContact
from press.models import PressRelease
from press.services import create_preview_link

pytestmark = pytest.mark.django_db


def facts_box(response) -> str:
    page = response.content.decode()
    match = re.search(r'<aside class="release-facts".*?</aside>', page, re.S)
    assert match, "no facts box"
    return match.group(0)


def test_facts_box_comes_right_after_the_title_with_a_heading(client, commission, make_release):
    release = make_release(commission=commission, dateline_place="Almaty",
                           publish_at=datetime.datetime(2023, 1, 17, 9, 0, tzinfo=datetime.UTC))

    page = client.get(release.get_absolute_url()).content.decode()

    assert page.index('class="release__title"') < page.index('<aside class="release-facts"') < page.index(
        'class="release__body')
    box = facts_box(client.get(release.get_absolute_url()))
    assert 'aria-labelledby="release-facts-heading"' in box and '<h2 id="release-facts-heading"' in box
    assert "For immediate release" in box
    assert "Almaty, <time datetime=\"2023-01-17T09:00:00+00:00\">Tuesday 17 January 2023</time>" in box


def test_release_contacts_win_over_the_commission_and_show_the_out_of_hours_number(client, commission,
                                                                                   make_release):
    MediaContact.objects.create(commission=commission, name="Commission desk", email="desk@example.org")
    own = MediaContact.objects.create(commission=commission, name="Release desk", phone="+44 20 7946 0001",
                                      out_of_hours_phone="+44 7700 900123")
    release = make_release(commission=commission)
    release.media_contacts.set([own])

    box = facts_box(client.get(release.get_absolute_url()))

    assert "Release desk" in box and "Commission desk" not in box
    assert 'Out of hours: <a href="tel:+447700900123">+44 7700 900123</a>' in box


def test_without_its_own_contacts_a_release_shows_the_commission_s(client, commission, make_release):
    MediaContact.objects.create(commission=commission, name="Commission desk", email="desk@example.org")
    release = make_release(commission=commission)

    box = facts_box(client.get(release.get_absolute_url()))

    assert "Commission desk" in box and "Out of hours" not in box


def test_spokespeople_are_the_quoted_people_marked_available_with_their_languages(client, commission,
                                                                                  make_release, make_person):
    available = make_person(short_name="Lord Macdonald", available_for_interview=True,
                            interview_languages="English, French")
    quoted_only = make_person(short_name="Not available")
    elsewhere = make_person(short_name="Quoted elsewhere", available_for_interview=True)
    release = make_release(commission=commission, quotes=[(available, "One."), (quoted_only, "Two."),
                                                          (available, "Three.")])
    make_release(commission=commission, quotes=[(elsewhere, "Other release.")])

    box = facts_box(client.get(release.get_absolute_url()))

    assert box.count("Lord Macdonald") == 1
    assert "(in English, French)" in box
    assert "Not available" not in box and "Quoted elsewhere" not in box


def test_a_draft_s_people_are_never_shown(client, commission, make_release, make_person):
    secret = make_person(short_name="Secret witness", available_for_interview=True)
    draft = make_release(commission=commission, status=PressRelease.Status.DRAFT, publish_at=None,
                         quotes=[(secret, "Not yet public.")])
    scheduled = make_release(commission=commission, publish_at=timezone.now() + datetime.timedelta(days=1),
                             quotes=[(secret, "Embargoed words.")])
    public = make_release(commission=commission)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    for url in (public.get_absolute_url(), "/press/", "/"):
        assert "Secret witness" not in client.get(url).content.decode()


def test_the_preview_shows_the_box_as_the_public_will_see_it(client, commission, make_release, make_person,
                                                            press_officer):
    speaker = make_person(short_name="Counsel", available_for_interview=True)
    draft = make_release(commission=commission, status=PressRelease.Status.DRAFT, publish_at=None,
                         quotes=[(speaker, "Draft words.")])
    link = create_preview_link(release=draft, created_by=press_officer)

    box = facts_box(client.get(link.get_absolute_url()))

    assert "Counsel" in box and "For immediate release" in box


def test_the_box_links_journalists_to_the_accreditation_form(client, commission, make_release):
    release = make_release(commission=commission)

    box = facts_box(client.get(release.get_absolute_url()))

    assert '<a href="/press/accreditation/">Journalists: request accreditation</a>' in box
