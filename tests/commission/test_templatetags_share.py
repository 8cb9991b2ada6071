from types import SimpleNamespace

import pytest
from django.db import IntegrityError

from events.jsonld import country_code
from events.models import EventImage
from press.models import ReleaseImage
from tests import htmltools

pytestmark = pytest.mark.django_db

SITE = "https://press.example.org"


def head_tags(response) -> SimpleNamespace:
    """The page's ``<meta property/name>`` contents by key (``meta``) and its canonical links (``canonical``)."""
    assert response.status_code == 200
    meta = {}
    for attrs in htmltools.tags(response.text, "meta"):
        if key := attrs.get("property") or attrs.get("name"):
            meta.setdefault(key, []).append(attrs["content"])
    return SimpleNamespace(meta=meta, canonical=[attrs["href"] for attrs in
                                                 htmltools.tags(response.text, "link", rel="canonical")])


def json_ld(response) -> dict:
    return htmltools.json_ld(response.text)[0]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def site(commission, make_member, make_release, make_event, make_topic, make_image):
    commission.share_image = make_image("Commission share image", 1600, 800)
    commission.save()
    topic = make_topic()
    member = make_member(commission)
    return {
        "home": "/",
        "commission": "/commission/",
        "person": member.get_absolute_url(),
        "privacy": "/privacy/",
        "release list": "/press/",
        "release": make_release(topics=[topic], quotes=[(member, "Words.")]).get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "event list": "/events/",
        "event": make_event().get_absolute_url(),
    }


@pytest.mark.parametrize("name", ["home", "commission", "person", "privacy", "release list", "release", "topic",
                                  "event list", "event"])
def test_every_public_page_has_share_tags_and_a_canonical_link(client, site, commission, name):
    path = site[name]

    tags = head_tags(client.get(path))

    share = commission.share_image
    assert tags.canonical == [f"{SITE}{path}"]
    assert tags.meta["og:url"] == [f"{SITE}{path}"]
    assert tags.meta["og:title"][0]
    assert tags.meta["og:description"][0]
    assert tags.meta["og:type"] == ["article" if name == "release" else "profile" if name == "person" else "website"]
    assert tags.meta["og:image"] == [f"{SITE}{share.largest['url']}"]
    assert tags.meta["og:image:width"] == ["1600"]
    assert tags.meta["og:image:height"] == ["800"]
    assert tags.meta["og:image:alt"] == [share.alt_text]
    assert tags.meta["twitter:card"] == ["summary_large_image"]
    assert tags.meta["twitter:image"] == tags.meta["og:image"]
    assert tags.meta["twitter:title"] == tags.meta["og:title"]


def test_page_titles_are_the_pages_own(client, site):
    assert head_tags(client.get(site["release list"])).meta["og:title"] == ["Press releases"]
    assert head_tags(client.get(site["event list"])).meta["og:title"] == ["Press conferences"]


def test_a_topic_name_is_escaped_once(client, make_topic, make_release):
    topic = make_topic(name="Courts & prisons")
    make_release(topics=[topic])

    assert head_tags(client.get(topic.get_absolute_url())).meta["og:title"] == ["Press releases on Courts & prisons"]


def test_the_releases_share_image_wins_over_the_commissions(client, site, make_release, make_image):
    release = make_release()
    ReleaseImage.objects.create(release=release, image=make_image("Other"), order=1)
    chosen = make_image("Chosen", 1200, 900)
    ReleaseImage.objects.create(release=release, image=chosen, order=2, is_share_image=True)

    tags = head_tags(client.get(release.get_absolute_url()))

    assert tags.meta["og:image"] == [f"{SITE}{chosen.largest['url']}"]
    assert (tags.meta["og:image:width"], tags.meta["og:image:height"]) == (["1200"], ["900"])
    assert tags.meta["og:title"] == [release.title]
    assert tags.meta["og:description"] == [release.standfirst]


def test_a_release_can_have_only_one_share_image(make_release, make_image):
    release = make_release()
    ReleaseImage.objects.create(release=release, image=make_image("One"), is_share_image=True)
    with pytest.raises(IntegrityError):
        ReleaseImage.objects.create(release=release, image=make_image("Two"), is_share_image=True)


def test_without_any_share_image_the_card_is_a_summary(client, commission, make_release):
    tags = head_tags(client.get(make_release().get_absolute_url()))

    assert "og:image" not in tags.meta
    assert tags.meta["twitter:card"] == ["summary"]


def test_a_small_share_image_makes_a_small_card(client, make_release, make_image):
    release = make_release(slug="small-picture")
    release.image_attachments.create(image=make_image("Logo", width=200, height=100), order=1, is_share_image=True)

    assert head_tags(client.get(release.get_absolute_url())).meta["twitter:card"] == ["summary"]


def test_a_later_page_of_a_list_is_its_own_canonical_page_and_other_queries_are_dropped(client, site):
    assert head_tags(client.get("/press/?utm_source=x")).canonical == [f"{SITE}/press/"]


def test_news_article_json_ld_lists_its_images(client, make_release, make_image):
    release = make_release()
    first, second = make_image("First"), make_image("Second")
    ReleaseImage.objects.create(release=release, image=first, order=1)
    ReleaseImage.objects.create(release=release, image=second, order=2)

    data = json_ld(client.get(release.get_absolute_url()))

    assert data["image"] == [f"{SITE}{first.largest['url']}", f"{SITE}{second.largest['url']}"]


def test_event_page_share_image_and_json_ld_image_are_its_first_image(client, site, make_event, make_image):
    event = make_event()
    image = make_image("At the venue")
    EventImage.objects.create(event=event, image=image)

    response = client.get(event.get_absolute_url())

    assert head_tags(response).meta["og:image"] == [f"{SITE}{image.largest['url']}"]
    assert json_ld(response)["image"] == [f"{SITE}{image.largest['url']}"]


def test_event_json_ld_without_images_has_the_commissions_share_image(client, site, commission):
    data = json_ld(client.get(site["event"]))

    assert data["image"] == [f"{SITE}{commission.share_image.largest['url']}"]


def test_event_json_ld_gives_the_country_as_an_iso_code(client, make_event):
    event = make_event(venue_country="United Kingdom", venue_city="London")

    data = json_ld(client.get(event.get_absolute_url()))

    assert data["location"][0]["address"]["addressCountry"] == "GB"


@pytest.mark.parametrize(("name", "code"), [
    ("Kazakhstan", "KZ"), ("United Kingdom", "GB"), ("  united   kingdom ", "GB"), ("UK", "GB"), ("kz", "KZ"),
    ("Atlantis", ""), ("", ""),
])
def test_country_code(name, code):
    assert country_code(name) == code


def test_an_error_page_has_no_share_tags_or_canonical_link(client, commission):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert 'rel="canonical"' not in response.content.decode()
    assert "og:" not in response.content.decode()
