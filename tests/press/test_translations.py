"""Language versions of releases (press/translations.py): the Russian and Kazakh pages show a release's
version in their language at its own address, never one that is not ready, and the versions link each other."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from commission.web.languages import english_fingerprint
from press import services, translations
from press.models import PressRelease, ReleaseTranslation
from tests.factories import make_person, make_release, make_release_version, make_staff_user
from tests.htmltools import json_ld, tags, text_of

pytestmark = pytest.mark.django_db


def html_lang(content: bytes) -> str:
    return re.search(rb'<html lang="([^"]+)"', content).group(1).decode()


def alternates(content: bytes) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in tags(content, "link", rel="alternate") if "hreflang" in link}


def switcher(content: bytes) -> dict[str, str]:
    return {a["lang"]: a["href"] for a in tags(content, "a") if a.get("hreflang") and a.get("lang")}


@pytest.fixture
def release():
    speaker = make_person(short_name="Zhanbolat Mamay")
    release = make_release(title="Commission meets", slug="commission-meets", quotes=[(speaker, "We will listen.")],
                           body="First paragraph.\n\n[quote 1]\n\nLast paragraph.", notes_to_editors="Editors' note.")
    return release


def test_russian_version_is_shown_at_its_own_address_in_russian(client, release):
    make_release_version(release, "ru", title="Комиссия собирается", slug="komissiya-sobiraetsya",
                         body="Первый абзац.\n\n[quote 1]\n\nПоследний абзац.", notes_to_editors="Примечание.",
                         quotes=["Мы выслушаем."])

    response = client.get("/ru/press/komissiya-sobiraetsya/")

    assert response.status_code == 200
    assert html_lang(response.content) == "ru"
    assert tags(response.content, "h1", **{"class": "release__title"}) == [{"class": "release__title"}]
    main = text_of(response.content, "main")
    assert "Комиссия собирается" in main and "Первый абзац." in main and "Мы выслушаем." in main
    assert "Zhanbolat Mamay" in main and "Примечание." in main
    assert "We will listen." not in main and "First paragraph." not in main


def test_english_slug_under_russian_prefix_redirects_to_the_version(client, release):
    make_release_version(release, "ru", slug="komissiya")

    response = client.get("/ru/press/commission-meets/")

    assert (response.status_code, response["Location"]) == (302, "/ru/press/komissiya/")


def test_release_without_a_version_shows_english_marked_and_noted(client, release, settings):
    settings.SITE_URL = "https://press.example.org"
    response = client.get("/ru/press/commission-meets/")

    assert response.status_code == 200
    assert tags(response.content, "h1", **{"class": "release__title"}) == [{"class": "release__title", "lang": "en-gb"}]
    assert "Этот пресс-релиз не опубликован на русском языке" in text_of(response.content, "main")
    assert {"name": "robots", "content": "noindex"} in tags(response.content, "meta")
    assert tags(response.content, "link", rel="canonical") == [
        {"rel": "canonical", "href": "https://press.example.org/press/commission-meets/"}]
    assert alternates(response.content) == {}


def test_structured_data_names_the_language_the_words_are_in(client, release):
    make_release_version(release, "ru", slug="komissiya")

    [russian] = json_ld(client.get("/ru/press/komissiya/").content)
    [english_under_kazakh] = json_ld(client.get("/kk/press/commission-meets/").content)

    assert (russian["inLanguage"], russian["headline"]) == ("ru", release.translations.get().title)
    assert (english_under_kazakh["inLanguage"], english_under_kazakh["headline"]) == ("en-gb", "Commission meets")


def test_versions_link_each_other_and_the_switcher_keeps_the_release(client, release):
    make_release_version(release, "ru", slug="komissiya")
    make_release_version(release, "kk", slug="komissiya-kk")
    pages = {"en": "/press/commission-meets/", "ru": "/ru/press/komissiya/", "kk": "/kk/press/komissiya-kk/"}
    expected = {"en": "http://testserver/press/commission-meets/", "x-default": "http://testserver/press/commission-meets/",
                "ru": "http://testserver/ru/press/komissiya/", "kk": "http://testserver/kk/press/komissiya-kk/"}
    for path in pages.values():
        content = client.get(path).content
        assert {k: v.replace("https://press.example.org", "http://testserver") for k, v in alternates(content).items()}.keys() == expected.keys()
        assert set(switcher(content).values()) == set(pages.values())


def test_russian_list_shows_only_releases_with_a_ready_version_in_russian_words(client, release):
    make_release_version(release, "ru", title="Комиссия собирается", slug="komissiya")
    other = make_release(title="Not yet in Russian")
    make_release_version(other, "ru", title="Ещё не готово", slug="ne-gotovo", ready=False)

    main = text_of(client.get("/ru/press/").content, "main")

    assert "Комиссия собирается" in main
    assert "Not yet in Russian" not in main and "Ещё не готово" not in main and "Commission meets" not in main
    assert {"href": "/ru/press/komissiya/"} in [{"href": a["href"]} for a in tags(client.get("/ru/press/").content, "a")]


def test_home_page_lists_the_latest_releases_in_its_language(client, release):
    make_release_version(release, "kk", title="Комиссия жиналады", slug="komissiya-zhinalady")

    main = text_of(client.get("/kk/").content, "main")

    assert "Комиссия жиналады" in main and "Commission meets" not in main


def test_a_version_not_ready_never_leaks(client, release, settings):
    settings.SITE_URL = "https://press.example.org"
    make_release_version(release, "ru", title="Секретный черновик", slug="sekretnyj", ready=False,
                         quotes=["Тайная цитата."])
    pages = ["/ru/press/", "/ru/", "/ru/press/feed/rss/", "/ru/press/feed/atom/", "/sitemap.xml",
             "/ru/press/search/?q=body", "/press/commission-meets/", "/ru/press/commission-meets/"]

    for path in pages:
        content = client.get(path).content.decode()
        assert "Секретный" not in content and "sekretnyj" not in content and "Тайная" not in content, path
    assert client.get("/ru/press/sekretnyj/").status_code == 404


def test_a_draft_release_keeps_its_ready_versions_hidden(client):
    draft = make_release(status=PressRelease.Status.DRAFT, slug="draft-one")
    scheduled = make_release(slug="later-one", publish_at=timezone.now() + datetime.timedelta(days=1))
    make_release_version(draft, "ru", slug="chernovik", title="Черновик релиза")
    make_release_version(scheduled, "ru", slug="pozzhe", title="Позже релиз")

    assert client.get("/ru/press/chernovik/").status_code == 404
    assert client.get("/ru/press/pozzhe/").status_code == 404
    for path in ("/ru/press/", "/ru/press/feed/rss/", "/sitemap.xml", "/ru/press/search/?q=релиз"):
        content = client.get(path).content.decode()
        assert "Черновик" not in content and "Позже" not in content, path


def test_the_russian_feed_carries_the_versions_words_and_addresses(client, release, settings):
    settings.SITE_URL = "https://press.example.org"
    make_release_version(release, "ru", title="Комиссия собирается", standfirst="Коротко.", slug="komissiya")

    content = client.get("/ru/press/feed/rss/").content.decode()

    assert "<language>ru</language>" in content
    assert "<title>Комиссия собирается</title>" in content and "Коротко." in content
    assert "https://press.example.org/ru/press/komissiya/" in content
    assert "Commission meets" not in content


def test_the_sitemap_lists_each_version_with_its_alternates(client, release, settings):
    settings.SITE_URL = "https://press.example.org"
    make_release_version(release, "ru", slug="komissiya")

    content = client.get("/sitemap.xml").content.decode()

    assert "<loc>https://press.example.org/ru/press/komissiya/</loc>" in content
    assert "/kk/press/commission-meets/" not in content
    assert content.count('hreflang="ru" href="https://press.example.org/ru/press/komissiya/"') == 2
    assert content.count('hreflang="x-default" href="https://press.example.org/press/commission-meets/"') == 2
    # Named as the pages name them (<link rel="alternate" hreflang="en">): one set of alternates, not two.
    assert content.count('hreflang="en" href="https://press.example.org/press/commission-meets/"') == 2
    assert 'hreflang="en-gb"' not in content


def test_a_version_written_before_the_english_changed_says_so_and_links_the_english(client, release):
    version = make_release_version(release, "ru", title="Комиссия собирается", slug="komissiya",
                                   body="Слушания в Лондоне.")
    before = client.get(version.get_absolute_url())
    PressRelease.objects.filter(pk=release.pk).update(body="Hearings in Geneva.")  # corrected since
    after = client.get(version.get_absolute_url())

    note = "Английский текст изменился после того, как был сделан этот перевод."
    assert note not in text_of(before.content)
    assert f"{note} Читать английский текст." in text_of(after.content)
    assert {"href": "/press/commission-meets/", "hreflang": "en"} in tags(after.content, "a", within="article")
    assert "Слушания в Лондоне." in text_of(after.content)  # the version is still shown, with the note


def test_a_versions_structured_data_claims_only_the_corrections_its_words_carry(client, release):
    officer = make_staff_user("officer")
    with time_machine.travel(release.publish_at + datetime.timedelta(minutes=1), tick=False) as clock:
        services.save_release(release=release, by=officer, was_public=True)
        clock.shift(datetime.timedelta(minutes=1))
        release.body = "Corrected."
        release.save()
        services.record_edit(release=release, by=officer, was_public=True, kind="correction", note="Before.")
        clock.shift(datetime.timedelta(minutes=1))
        version = make_release_version(release, "ru", slug="komissiya")  # carries the first correction
        clock.shift(datetime.timedelta(minutes=1))
        release.body = "Corrected again."
        release.save()
        services.record_edit(release=release, by=officer, was_public=True, kind="correction", note="After.")

    def corrections(url):
        [article] = json_ld(client.get(url).content)
        return [correction["text"] for correction in article["correction"]]

    assert corrections(release.get_absolute_url()) == ["After.", "Before."]
    assert corrections(version.get_absolute_url()) == ["Before."]


def test_a_version_names_the_dateline_place_in_its_language_or_else_keeps_the_english_one(client, release):
    PressRelease.objects.filter(pk=release.pk).update(dateline_place="London")
    russian = make_release_version(release, "ru", slug="komissiya", dateline_place="Лондон")
    kazakh = make_release_version(release, "kk", slug="komissiya-kk")

    def place(version):
        return re.search(r'<span class="release__place">(.*?)</span>', client.get(version.get_absolute_url()).text)[1]

    assert (place(russian), place(kazakh)) == ("Лондон", "London")


def test_russian_search_finds_versions_in_russian(client, release):
    make_release_version(release, "ru", title="Комиссия собирается", slug="komissiya", body="Заседание комиссии.")

    main = text_of(client.get("/ru/press/search/?q=Заседание").content, "main")

    assert "Комиссия собирается" in main
    assert "Commission meets" not in text_of(client.get("/ru/press/search/?q=Commission").content, "main")


def test_russian_and_kazakh_searches_ignore_the_case_of_cyrillic_letters(client, release):
    make_release_version(release, "ru", title="Комиссия собирается", slug="komissiya", body="Жанболат Мамай.")
    make_release_version(release, "kk", title="Комиссия жиналады", slug="komissiya-kk", body="Жанболат Мамай.")

    for language, title in [("ru", "Комиссия собирается"), ("kk", "Комиссия жиналады")]:
        for query in ["мамай", "МАМАЙ", "жанболат мамай"]:
            found = text_of(client.get(f"/{language}/press/search/", {"q": query}).content, "main")
            assert title in found, (language, query)


def test_a_release_with_versions_in_both_languages_is_found_once(client, release):
    make_release_version(release, "ru", title="Комиссия собирается", slug="komissiya", body="Заседание Комиссии.")
    # Each word searched is in both versions: a second join to the versions would list the release twice.
    make_release_version(release, "kk", title="Комиссия жиналады", slug="komissiya-kk",
                         body="Комиссия отырысы. Комиссии.")

    assert text_of(client.get("/kk/press/search/?q=Комиссия").content, "main").count("Комиссия жиналады") == 1
    assert text_of(client.get("/ru/press/search/?q=Комиссии").content, "main").count("Комиссия собирается") == 1


@pytest.mark.postgres
def test_russian_search_stems_russian_words_and_kazakh_finds_words_by_their_start(client, release):
    make_release_version(release, "ru", title="Комиссия собирается", slug="komissiya", body="Заседание комиссии.")
    make_release_version(release, "kk", title="Комиссия жиналады", slug="komissiya-kk",
                         body="Комиссияның отырысы Мамаймен, 1.5 млн теңге, report.pdf.")

    assert "Комиссия собирается" in text_of(client.get("/ru/press/search/?q=заседания").content, "main")
    # Kazakh has no stemmer in PostgreSQL: a word finds the words it begins, its endings added.
    for query in ["отырысы", "отырыс", "Мамай", "комиссия отырыс", "мамай!", "1.5", "report.pdf"]:
        assert "Комиссия жиналады" in text_of(client.get("/kk/press/search/", {"q": query}).content, "main"), query
    assert "<mark>Мамаймен</mark>" in client.get("/kk/press/search/", {"q": "мамай"}).content.decode()
    for query in ["отырысқа", "ырыс", "комиссия жоқ", "!!!"]:  # a longer word, the middle of one, a word not there
        assert "Комиссия жиналады" not in text_of(client.get("/kk/press/search/", {"q": query}).content, "main"), query


def test_a_persons_page_quotes_them_in_the_pages_language(client, release):
    make_release_version(release, "ru", title="Комиссия собирается", slug="komissiya", quotes=["Мы выслушаем."])
    speaker = release.quotes.get().speaker
    english_only = make_release(title="Another release", quotes=[(speaker, "Only in English.")])

    main = text_of(client.get(f"/ru{speaker.get_absolute_url()}").content, "main")

    assert "Мы выслушаем." in main and "Комиссия собирается" in main
    assert "We will listen." not in main and english_only.title not in main and "Only in English." not in main


def _migrate(target=None):
    """Migrate the test database to ``target`` (app, name), or to the latest migrations; the apps as of there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = [target] if target else executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrated_back(transactional_db):
    """Migrations to be run back and forth: the database ends migrated to the latest, whatever the test did."""
    yield
    _migrate()


def test_migration_keeps_versions_written_against_the_english_as_it_stands_up_to_date(migrated_back):
    before = ("press", "0016_requested_again_at")
    old = _migrate(before)
    speaker = make_person()
    Release, Quote, Version = (old.get_model("press", name) for name in ("PressRelease", "Quote", "ReleaseTranslation"))
    placed = Release.objects.create(title="Commission meets", slug="commission-meets", dateline_place="London",
                                    standfirst="Summary.", body="Text.\n\n[quote 1]", notes_to_editors="Notes.",
                                    status="published", publish_at=timezone.now())
    Quote.objects.create(release=placed, speaker_id=speaker.pk, text="We will listen.", order=1)
    unplaced = Release.objects.create(title="No place", slug="no-place", status="published", publish_at=timezone.now())
    # The fingerprints as they were stored: the texts and the quotes, no place.
    then = english_fingerprint("Commission meets", "Summary.", "Text.\n\n[quote 1]", "Notes.", "1:We will listen.")
    earlier = english_fingerprint("Commission meets", "Summary.", "Earlier text.", "Notes.", "1:We will listen.")
    unplaced_then = english_fingerprint("No place", "", "", "")
    current = Version.objects.create(release=placed, language="ru", slug="ru", title="Т", ready=True,
                                     english_fingerprint=then)
    behind = Version.objects.create(release=placed, language="kk", slug="kk", title="Т", ready=True,
                                    english_fingerprint=earlier)
    plain = Version.objects.create(release=unplaced, language="ru", slug="ru-2", title="Т", ready=True,
                                   english_fingerprint=unplaced_then)

    _migrate()

    def states(release):
        release = PressRelease.objects.prefetch_related("quotes", "translations").get(pk=release.pk)
        return [(status["code"], status["state"]) for status in translations.language_status(release)]

    assert states(placed) == [("ru", "ready"), ("kk", "out_of_date")]
    assert states(unplaced) == [("ru", "ready"), ("kk", "missing")]
    assert ReleaseTranslation.objects.get(pk=behind.pk).english_fingerprint == earlier

    _migrate(before)  # back: each version stores the fingerprint it had

    assert dict(ReleaseTranslation.objects.values_list("pk", "english_fingerprint")) == {
        current.pk: then, behind.pk: earlier, plain.pk: unplaced_then}
