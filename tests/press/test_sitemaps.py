import datetime
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


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
        "https://press.example.org/": None,
        "https://press.example.org/commission/": None,
        "https://press.example.org/press/": None,
        "https://press.example.org/events/": None,
        f"https://press.example.org{person.get_absolute_url()}": None,
        "https://press.example.org/press/public-one/": "2023-01-17",
    }
    assert release.slug in response.content.decode()


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
