"""The seed's Russian and Kazakh versions (press/seed_versions.py, events/seed_versions.py): loaded by load_seed,
up to date with the seed's English, faithful to its facts, and never created twice."""

import io

import pytest
from django.core.management import call_command

from events import translations as event_translations
from events.models import Event, EventTranslation
from events.seed import EVENT_SLUG
from press import translations
from press.models import PressRelease, ReleaseTranslation
from press.seed import SLUG

pytestmark = pytest.mark.django_db


def load_seed():
    call_command("load_seed", sample=True, verbosity=0, stdout=io.StringIO())


def test_load_seed_adds_ready_up_to_date_versions_of_the_release_and_press_conferences():
    load_seed()

    release = PressRelease.objects.prefetch_related("quotes", "translations").get(slug=SLUG)
    event = Event.objects.prefetch_related("display_zones", "translations").get(slug=EVENT_SLUG)
    assert [(s["code"], s["state"]) for s in translations.language_status(release)] == [("ru", "ready"), ("kk", "ready")]
    assert [(s["code"], s["state"]) for s in event_translations.language_status(event)] == [
        ("ru", "ready"), ("kk", "ready")]
    assert EventTranslation.objects.filter(ready=True).count() == 4  # the seed's and the sample's, in two languages


def test_the_versions_keep_the_englishs_facts_names_dates_and_times():
    load_seed()

    for version in ReleaseTranslation.objects.prefetch_related("quotes"):
        text = version.body
        assert "Жанболат" in version.title + version.standfirst and "Мамай" in text, version.language
        for fact in ("15:30 ALMT", "09:30 GMT", "227", "Bindmans LLP", "Human Rights Watch", "Amnesty",
                     "[quote 1]", "[quote 2]", "20 ", "2023", "15 ", "16 ", "17 "):
            assert fact in text, (version.language, fact)
        assert version.quotes.count() == 2
    for version in EventTranslation.objects.filter(event__slug=EVENT_SLUG).prefetch_related("places"):
        assert "20" in version.summary and "2023" in version.summary
        assert [place.place.split(",")[0] for place in version.places.all()] == ["Алматы", "Лондон"]


def test_loading_the_seed_again_creates_no_second_version_and_keeps_edits():
    load_seed()
    ReleaseTranslation.objects.filter(language="ru").update(title="Заголовок, исправленный редактором")

    load_seed()

    assert ReleaseTranslation.objects.count() == 2
    assert ReleaseTranslation.objects.get(language="ru").title == "Заголовок, исправленный редактором"
