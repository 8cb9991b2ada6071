"""Language versions of press conferences (events/translations.py): their pages, lists, feeds and calendar files
in Russian and Kazakh, and a registrant's emails in the language of the page they signed up on."""

import icalendar
import pytest
from django.core import mail

from events import translations
from events.models import Event, Registration
from tests.factories import SIGN_UP_FORM, make_commission, make_event, make_event_version
from tests.htmltools import json_ld, tags, text_of

pytestmark = pytest.mark.django_db


def alternates(content: bytes) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in tags(content, "link", rel="alternate") if "hreflang" in link}


@pytest.fixture
def event():
    return make_event(make_commission(), title="Hearing opens", slug="hearing-opens", summary="The first hearing.")


def russian(event, **fields):
    return make_event_version(event, "ru", title="Открытие слушаний", slug="otkrytie-slushanij",
                              summary="Первые слушания.", venue_name="Гостиница «Казахстан»", venue_city="Алматы",
                              venue_country="Казахстан", places=["Алматы, Казахстан", "Лондон, Великобритания"],
                              **fields)


def test_russian_version_is_shown_at_its_own_address_with_place_names_in_russian(client, event):
    russian(event)

    response = client.get("/ru/events/otkrytie-slushanij/")

    assert response.status_code == 200
    main = text_of(response.content, "main")
    assert "Открытие слушаний" in main and "Первые слушания." in main
    assert "Алматы, Казахстан" in main and "Гостиница «Казахстан»" in main
    assert "Hearing opens" not in main and "Almaty, Kazakhstan" not in main
    assert tags(response.content, "h1") == [{}]


def test_a_venue_the_version_leaves_empty_keeps_the_english_on_the_page_and_in_the_calendar(client, event):
    make_event_version(event, "ru", slug="otkrytie-slushanij", venue_city="Алматы", venue_country="Казахстан")

    main = text_of(client.get("/ru/events/otkrytie-slushanij/").content, "main")
    [entry] = icalendar.Calendar.from_ical(client.get("/ru/events/otkrytie-slushanij/calendar.ics").content).events

    assert "Hotel Kazakhstan" in main and "Dostyk Avenue 52" in main and "Алматы, Казахстан" in main
    assert str(entry["LOCATION"]).startswith("Hotel Kazakhstan, Dostyk Avenue 52, Алматы, Казахстан")


def test_why_a_press_conference_is_postponed_reads_in_the_version_else_in_english(client, event):
    Event.objects.filter(pk=event.pk).update(event_status=Event.EventStatus.POSTPONED,
                                             status_note="The delegation could not travel.")
    russian(event, status_note="Делегация не смогла приехать.")
    kazakh = make_event_version(event, "kk", slug="tyndau-ashyldy")

    in_russian = text_of(client.get("/ru/events/otkrytie-slushanij/").content, "main")
    in_kazakh = text_of(client.get("/kk/events/tyndau-ashyldy/").content, "main")

    assert "Делегация не смогла приехать." in in_russian and "could not travel" not in in_russian
    assert "The delegation could not travel." in in_kazakh  # none written: the English rather than nothing
    states = translations.language_status(Event.objects.prefetch_related("translations", "display_zones").get(
        pk=event.pk))
    assert [(row["code"], row["state"]) for row in states] == [("ru", "ready"), ("kk", "ready")]
    assert kazakh.ready


def test_a_reason_changed_in_english_since_the_version_shows_in_english_until_the_version_follows(client, event):
    Event.objects.filter(pk=event.pk).update(event_status=Event.EventStatus.POSTPONED,
                                             status_note="The delegation could not travel.")
    russian(event, status_note="Делегация не смогла приехать.")
    Event.objects.filter(pk=event.pk).update(event_status=Event.EventStatus.CANCELLED,
                                             status_note="The hearing will not take place.")

    main = text_of(client.get("/ru/events/otkrytie-slushanij/").content, "main")

    assert "The hearing will not take place." in main and "Делегация" not in main


def test_a_venue_moved_in_english_since_the_version_shows_the_new_english_venue_whole_until_the_version_follows(
        client, event):
    russian(event, venue_address="проспект Достык, 52")
    Event.objects.filter(pk=event.pk).update(venue_name="New Hall", venue_address="2 New Street")

    main = text_of(client.get("/ru/events/otkrytie-slushanij/").content, "main")
    [entry] = icalendar.Calendar.from_ical(client.get("/ru/events/otkrytie-slushanij/calendar.ics").content).events

    assert "New Hall" in main and "2 New Street" in main and "Almaty, Kazakhstan" in main
    assert "Гостиница" not in main and "Достык" not in main and "Лондон" not in main
    assert str(entry["LOCATION"]).startswith("New Hall, 2 New Street, Almaty, Kazakhstan")
    assert "Открытие слушаний" in main  # its title stays


def test_an_english_edit_elsewhere_keeps_the_versions_venue_and_place_names(client, event):
    russian(event, venue_address="проспект Достык, 52")
    Event.objects.filter(pk=event.pk).update(summary="The first hearing, in public.")

    main = text_of(client.get("/ru/events/otkrytie-slushanij/").content, "main")

    assert "Гостиница «Казахстан»" in main and "проспект Достык, 52" in main and "Алматы, Казахстан" in main
    assert "Hotel Kazakhstan" not in main and "Dostyk Avenue" not in main


def test_a_status_note_written_in_english_after_a_version_makes_the_version_out_of_date(event):
    version = russian(event)
    loaded = Event.objects.prefetch_related("translations", "display_zones")

    before = translations.language_status(loaded.get(pk=event.pk))
    Event.objects.filter(pk=event.pk).update(status_note="The delegation could not travel.")
    after = translations.language_status(loaded.get(pk=event.pk))

    assert [row["state"] for row in before if row["code"] == version.language] == ["ready"]
    assert [row["state"] for row in after if row["code"] == version.language] == ["out_of_date"]


def test_english_slug_under_russian_prefix_redirects_and_missing_version_shows_english(client, event, settings):
    settings.SITE_URL = "https://press.example.org"
    russian(event)
    other = make_event(event.commission, title="Second hearing", slug="second-hearing")

    redirected = client.get("/ru/events/hearing-opens/")
    fallback = client.get(f"/kk/events/{other.slug}/")

    assert (redirected.status_code, redirected["Location"]) == (302, "/ru/events/otkrytie-slushanij/")
    assert fallback.status_code == 200
    assert tags(fallback.content, "h1") == [{"lang": "en-gb"}]
    assert "Бұл баспасөз конференциясы қазақ тілінде жарияланбаған" in text_of(fallback.content, "main")
    assert alternates(fallback.content) == {}
    assert {"name": "robots", "content": "noindex"} in tags(fallback.content, "meta")
    assert tags(fallback.content, "link", rel="canonical") == [
        {"rel": "canonical", "href": "https://press.example.org/events/second-hearing/"}]


def test_versions_link_each_other_symmetrically(client, event, settings):
    russian(event)
    make_event_version(event, "kk", slug="tyndau-ashyldy")
    pages = ["/events/hearing-opens/", "/ru/events/otkrytie-slushanij/", "/kk/events/tyndau-ashyldy/"]

    maps = [alternates(client.get(path).content) for path in pages]

    assert maps[0] == maps[1] == maps[2]
    assert set(maps[0]) == {"en", "x-default", "ru", "kk"}
    assert {href.removeprefix(settings.SITE_URL) for href in maps[0].values()} == set(pages)


def test_a_version_not_ready_or_of_a_draft_never_leaks(client, event, settings):
    settings.SITE_URL = "https://press.example.org"
    russian(event, ready=False)
    draft = make_event(event.commission, status=Event.Status.DRAFT, slug="draft-hearing")
    make_event_version(draft, "ru", title="Черновик конференции", slug="chernovik-konferencii")

    for path in ("/ru/events/", "/ru/", "/ru/events/feed/", "/ru/events/calendar.ics", "/sitemap.xml",
                 "/ru/press/search/?q=слушаний", "/events/hearing-opens/", "/ru/events/hearing-opens/"):
        content = client.get(path).content.decode()
        assert "Открытие" not in content and "otkrytie" not in content and "Черновик" not in content, path
    assert client.get("/ru/events/otkrytie-slushanij/").status_code == 404
    assert client.get("/ru/events/chernovik-konferencii/").status_code == 404


def test_russian_list_feed_and_calendar_carry_the_russian_words(client, event):
    russian(event)
    make_event(event.commission, title="English only hearing", slug="english-only")

    listing = text_of(client.get("/ru/events/").content, "main")
    feed = client.get("/ru/events/feed/").content.decode()
    calendar = client.get("/ru/events/calendar.ics").content.decode()
    single = client.get("/ru/events/otkrytie-slushanij/calendar.ics").content.decode()

    assert "Открытие слушаний" in listing and "English only hearing" not in listing
    assert "Открытие слушаний" in feed and "Hearing opens" not in feed
    for ics in (calendar, single):
        assert "SUMMARY:Открытие слушаний" in ics and "Hearing opens" not in ics


def test_signing_up_on_a_russian_page_records_russian_and_emails_in_russian(client, event, settings,
                                                                            django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://press.example.org"
    russian(event)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ru/events/otkrytie-slushanij/register/", SIGN_UP_FORM)

    assert response.status_code == 302
    registration = Registration.objects.get(email=SIGN_UP_FORM["email"])
    assert registration.language == "ru"
    message = mail.outbox[-1]
    assert message.subject == "Подтвердите регистрацию: Открытие слушаний"
    assert "https://press.example.org/ru/events/otkrytie-slushanij/confirm/" in message.body
    assert "Алматы, Казахстан" in message.body and "Almaty" not in message.body


def test_signing_up_on_a_kazakh_page_without_a_version_emails_in_kazakh_with_english_words(
        client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/kk/events/hearing-opens/register/", SIGN_UP_FORM)

    registration = Registration.objects.get(email=SIGN_UP_FORM["email"])
    assert registration.language == "kk"
    assert "Hearing opens" in mail.outbox[-1].subject
    assert "/kk/events/hearing-opens/confirm/" in mail.outbox[-1].body


def test_russian_search_finds_press_conferences_by_their_russian_words_only(client, event):
    russian(event)
    make_event(event.commission, title="English only hearing", slug="english-only", summary="Hearing in English.")

    main = text_of(client.get("/ru/press/search/?q=слушания").content, "main")

    assert "Открытие слушаний" in main
    assert "Открытие слушаний" in text_of(client.get("/ru/press/search/?q=ОТКРЫТИЕ").content, "main")  # any case
    assert "English only hearing" not in text_of(client.get("/ru/press/search/?q=hearing").content, "main")


@pytest.mark.postgres
def test_kazakh_search_finds_a_press_conference_by_the_start_of_its_words(client, event):
    make_event_version(event, "kk", title="Тыңдаулардың ашылуы", slug="tyndau-ashyldy", summary="Комиссия тыңдайды.")

    assert "Тыңдаулардың ашылуы" in text_of(client.get("/kk/press/search/?q=тыңдау").content, "main")
    assert "Тыңдаулардың ашылуы" not in text_of(client.get("/kk/press/search/?q=аулар").content, "main")


def test_the_sitemap_lists_each_version_of_a_press_conference_with_its_alternates(client, event, settings):
    settings.SITE_URL = "https://press.example.org"
    russian(event)

    content = client.get("/sitemap.xml").content.decode()

    assert "<loc>https://press.example.org/ru/events/otkrytie-slushanij/</loc>" in content
    assert "/kk/events/hearing-opens/" not in content
    assert content.count('hreflang="ru" href="https://press.example.org/ru/events/otkrytie-slushanij/"') == 2
    assert content.count('hreflang="x-default" href="https://press.example.org/events/hearing-opens/"') == 2


def test_the_russian_pages_structured_data_gives_the_country_by_its_code(client, event):
    russian(event)

    [data] = json_ld(client.get("/ru/events/otkrytie-slushanij/").content)

    [place] = [location for location in data["location"] if location["@type"] == "Place"]
    assert place["address"]["addressCountry"] == "KZ"
    assert place["address"]["addressLocality"] == "Алматы"
    assert data["inLanguage"] == "ru"
