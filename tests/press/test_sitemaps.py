import datetime
import re
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE = "https://press.example.org"


def _locations(content):
    root = ET.fromstring(content)
    return {
        url.find("s:loc", NS).text: (url.find("s:lastmod", NS).text if url.find("s:lastmod", NS) is not None else None)
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_commission_pages_people_and_published_releases(client, make_release, make_person,
                                                                      hidden_releases, settings):
    settings.SITE_URL = "https://press.example.org"
    person = make_person(slug="lord-macdonald")
    release = make_release(slug="public-one", publish_at=datetime.datetime(2023, 1, 17, 12, tzinfo=datetime.UTC),
                           quotes=[(person, "Quoted, so listed.")])

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert _locations(response.content) == {
        **{f"https://press.example.org{prefix}{path}": None
           for prefix in ("", "/ru", "/kk")
           for path in ("/", "/commission/", "/press/", "/events/", "/commission/people/lord-macdonald/")},
        "https://press.example.org/press/public-one/": "2023-01-17",
    }
    assert release.slug in response.content.decode()


def _alternates(content) -> dict[str, dict[str, str]]:
    """Each entry's address: its alternates, ``hreflang`` → address."""
    root = ET.fromstring(content)
    return {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in root.findall("s:url", NS)
    }


@pytest.mark.parametrize("path", ["/", "/commission/", "/press/", "/events/", "/commission/people/lord-macdonald/"])
def test_the_sitemap_lists_the_russian_and_kazakh_pages_each_naming_all_three(client, make_release, make_person,
                                                                               settings, path):
    settings.SITE_URL = SITE
    make_release(quotes=[(make_person(slug="lord-macdonald"), "Quoted, so listed.")])
    expected = {"en": f"{SITE}{path}", "ru": f"{SITE}/ru{path}", "kk": f"{SITE}/kk{path}", "x-default": f"{SITE}{path}"}

    alternates = _alternates(client.get("/sitemap.xml").content)

    for address in (f"{SITE}{path}", f"{SITE}/ru{path}", f"{SITE}/kk{path}"):
        assert alternates[address] == expected, address


@pytest.mark.parametrize("path", ["/ru/", "/kk/commission/people/lord-macdonald/"])
def test_the_sitemaps_alternates_are_those_the_page_itself_declares(client, make_release, make_person, settings,
                                                                    path):
    settings.SITE_URL = SITE
    make_release(quotes=[(make_person(slug="lord-macdonald"), "Quoted, so listed.")])

    html = client.get(path).content.decode()
    declared = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))

    assert _alternates(client.get("/sitemap.xml").content)[f"{SITE}{path}"] == declared


def test_the_sitemap_lists_no_address_robots_txt_keeps_crawlers_from(client, make_release, make_person, settings):
    settings.SITE_URL = SITE
    make_release(quotes=[(make_person(), "Quoted, so listed.")])
    disallowed = [line.removeprefix("Disallow: ") for line in client.get("/robots.txt").content.decode().splitlines()
                  if line.startswith("Disallow: ")]

    listed = [address.removeprefix(SITE) for address in _locations(client.get("/sitemap.xml").content)]

    assert {"/ru/press/", "/kk/press/"} <= set(listed)
    assert [path for path in listed if any(path.startswith(rule) for rule in disallowed)] == []


def test_sitemap_lastmod_follows_updates(client, make_release, settings):
    settings.SITE_URL = "https://press.example.org"
    make_release(
        slug="updated-one", publish_at=datetime.datetime(2024, 5, 1, 9, tzinfo=datetime.UTC),
        last_updated_at=datetime.datetime(2024, 5, 6, 10, tzinfo=datetime.UTC),
    )

    locations = _locations(client.get("/sitemap.xml").content)

    assert locations["https://press.example.org/press/updated-one/"] == "2024-05-06"


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_paths(client, settings):
    settings.SITE_URL = "https://press.example.org"

    response = client.get("/robots.txt")

    assert (response.status_code, response["Content-Type"]) == (200, "text/plain; charset=utf-8")
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /press/search/\n"
        "Disallow: /press/preview/\n"
        "Disallow: /ru/press/search/\n"  # and in the other languages
        "Disallow: /ru/press/preview/\n"
        "Disallow: /kk/press/search/\n"
        "Disallow: /kk/press/preview/\n"
        "\n"
        "Sitemap: https://press.example.org/sitemap.xml\n"
    )
