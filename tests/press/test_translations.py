"""Language versions of releases (press/translations.py): the Russian and Kazakh pages show a release's
version in their language at its own address, never one that is not ready, and the versions link each other."""

import datetime
import re

import pytest
from django.utils import timezone

from press.models import PressRelease
from tests.factories import make_person, make_release, make_release_version
from tests.press.htmltools import tags, text_of

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

    assert (response.status_code, response["Location"]) == (301, "/ru/press/komissiya/")


def test_release_without_a_version_shows_english_marked_and_noted(client, release):
    response = client.get("/ru/press/commission-meets/")

    assert response.status_code == 200
    assert tags(response.content, "h1", **{"class": "release__title"}) == [{"class": "release__title", "lang": "en-gb"}]
    assert "Этот пресс-релиз не опубликован на русском языке" in text_of(response.content, "main")
    assert {"name": "robots", "content": "noindex"} in tags(response.content, "meta")
    assert alternates(response.content) == {}


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
