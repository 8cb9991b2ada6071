import datetime

import pytest
import time_machine
from django.utils import timezone

from commission.models import MediaContact
from events.models import Event
from press import services
from press.models import PressRelease, Revision
from tests.htmltools import json_ld, meta, switcher, tags, text_of

pytestmark = pytest.mark.django_db


# The list ------------------------------------------------------------------------------------------------------


def test_list_shows_newest_first_with_date_title_standfirst_and_topics(client, make_release, make_topic):
    now = timezone.now()
    topic = make_topic("Detention")
    make_release(title="Older release", publish_at=now - datetime.timedelta(days=3))
    make_release(
        title="Newer release", standfirst="What happened.", publish_at=datetime.datetime(2023, 1, 17, 12, tzinfo=datetime.UTC),
        topics=[topic],
    )
    make_release(title="Newest release", publish_at=now - datetime.timedelta(hours=1))

    response = client.get("/press/")

    assert response.status_code == 200
    text = text_of(response.content, "ol")
    assert text.index("Newest release") < text.index("Older release") < text.index("Newer release")
    assert text.endswith("17 January 2023 Newer release What happened. Topics: Detention")
    assert tags(response.content, "a", within="ol", href=f"/press/topics/{topic.slug}/") == [
        {"class": "tag", "href": f"/press/topics/{topic.slug}/"}
    ]


def test_list_pages_by_twenty(client, make_release):
    start = timezone.now() - datetime.timedelta(days=1)
    for n in range(25):
        make_release(title=f"Numbered {n:02d}", publish_at=start - datetime.timedelta(minutes=n))

    first = client.get("/press/")
    second = client.get("/press/?page=2")

    assert len(tags(first.content, "li", within="ol")) == 20
    assert "Numbered 00" in text_of(first.content) and "Numbered 19" in text_of(first.content)
    assert tags(first.content, "a", rel="next") == [{"rel": "next", "href": "?page=2"}]
    assert len(tags(second.content, "li", within="ol")) == 5
    assert "Numbered 24" in text_of(second.content)
    assert tags(second.content, "a", rel="prev") == [{"rel": "prev", "href": "?page=1"}]
    assert tags(second.content, "a", rel="next") == []


@pytest.mark.parametrize("number", ["3", "abc", "0", "-1", "1.5", "²", "99999999999999999999", "1e3", "9" * 5000])
def test_list_page_out_of_range_or_not_a_number_is_a_friendly_404(client, make_release, number):
    make_release()

    response = client.get("/press/", {"page": number})

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'href="/press/"' in response.content


def test_list_without_releases_says_so(client):
    response = client.get("/press/")

    assert response.status_code == 200
    assert "No press releases have been published yet." in text_of(response.content)


def test_a_tracked_link_to_the_archive_lands_on_its_choice_cached_with_every_link_clean(
        client, settings, make_release, make_topic, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 600
    topic = make_topic("Detention", slug="detention")
    for n in range(21):
        make_release(title=f"In 2023 no {n:02d}", topics=[topic],
                     publish_at=datetime.datetime(2023, 5, 1, tzinfo=datetime.UTC) - datetime.timedelta(hours=n))
    make_release(title="In 2024", topics=[topic], publish_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))

    response = client.get("/press/?utm_source=newsletter&year=2023&topic=detention&fbclid=x", follow=True)

    assert response.redirect_chain == [("/press/?year=2023&topic=detention", 301)]
    assert "In 2023 no 00" in text_of(response.content) and "In 2024" not in text_of(response.content)
    assert [a["href"] for a in switcher(response.content)] == [
        "/press/?year=2023&topic=detention", "/ru/press/?year=2023&topic=detention",
        "/kk/press/?year=2023&topic=detention"]
    with django_assert_num_queries(0):
        assert client.get("/press/?year=2023&topic=detention").content.count(b"In 2023 no") == 20
    # Every choice and page the archive links is a parameter the list reads: none is sent away.
    links = [a["href"] for a in tags(response.content, "a") if a.get("href", "").startswith("?")]
    assert "?year=2023&topic=detention&page=2" in links
    assert {client.get(f"/press/{link}").status_code for link in links} == {200}


def test_a_release_or_topic_page_keeps_only_the_page_number(client, settings, make_release, make_topic):
    settings.PAGE_CACHE_SECONDS = 600
    topic = make_topic("Detention", slug="detention")
    release = make_release(slug="commission-meets", topics=[topic])

    on_topic = client.get("/press/topics/detention/?ref=home&page=1")
    on_release = client.get("/ru/press/commission-meets/?page=2&utm_medium=email", follow=True)

    assert (on_topic.status_code, on_topic.headers["Location"]) == (301, "/press/topics/detention/?page=1")
    assert on_release.redirect_chain == [("/ru/press/commission-meets/", 301)]
    assert [a["href"] for a in switcher(on_release.content)] == [
        release.get_absolute_url(), "/ru/press/commission-meets/", "/kk/press/commission-meets/"]


# Topic pages ----------------------------------------------------------------------------------------------------


def test_topic_page_lists_its_published_releases(client, make_release, make_topic):
    topic, other = make_topic("Detention"), make_topic("Travel")
    make_release(title="On detention", topics=[topic])
    make_release(title="On travel", topics=[other])

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 200
    assert len(tags(response.content, "h1")) == 1
    assert "Press releases on Detention" in text_of(response.content)
    assert "On detention" in text_of(response.content)
    assert "On travel" not in text_of(response.content)


def test_unknown_topic_is_404(client):
    assert client.get("/press/topics/nothing-here/").status_code == 404


# One release ----------------------------------------------------------------------------------------------------


@pytest.fixture
def full_release(make_release, make_person, make_topic, commission, png):
    commission.about = "The Commission is **independent**."
    commission.save()
    MediaContact.objects.create(commission=commission, name="Press Office", email="press@example.org")
    speaker = make_person(short_name="Lord Macdonald", role="Chair to the Commission", slug="lord-macdonald")
    release = make_release(
        title="A release & its <title>",
        slug="a-release",
        standfirst="One paragraph that sums it up.",
        dateline_place="London",
        body="Opening paragraph.\n\n[quote 1]\n\n# Press conference\n\n- Almaty\n  - in person\n- London\n\nEnd.",
        quotes=[(speaker, "We regard these developments as discourteous.\n\nSecond paragraph.")],
        publish_at=datetime.datetime(2023, 1, 17, 12, tzinfo=datetime.UTC),
        commission=commission,
        hero_image=png(width=1600, height=900),
        hero_alt="The courthouse",
        hero_caption="The court in Almaty.",
        hero_credit="Press office",
        last_updated_at=datetime.datetime(2023, 1, 18, 9, tzinfo=datetime.UTC),
        topics=[make_topic("Detention", slug="detention")],
    )
    release.related_people.set([speaker])
    Revision.objects.create(release=release, number=1, kind=Revision.Kind.UPDATE,
                            note="The time of the press conference was corrected.",
                            created_at=datetime.datetime(2023, 1, 18, 9, tzinfo=datetime.UTC))
    return release


def test_release_page_shows_dateline_title_standfirst_and_one_h1(client, full_release):
    response = client.get("/press/a-release/")

    assert response.status_code == 200
    assert len(tags(response.content, "h1")) == 1
    text = text_of(response.content)
    # The facts box comes right after the title (tests/press/test_views_facts_box.py), then the standfirst.
    assert text.startswith("London 17 January 2023 A release & its <title> At a glance For immediate release")
    assert " One paragraph that sums it up. Corrections and updates" in text
    assert tags(response.content, "time", within="main")[0] == {"datetime": "2023-01-17T12:00:00+00:00"}


def test_release_page_renders_body_in_order_with_quote_as_blockquote(client, full_release):
    response = client.get("/press/a-release/")

    text = text_of(response.content)
    assert (
        "Opening paragraph. We regard these developments as discourteous. Second paragraph. "
        "— Lord Macdonald, Chair to the Commission Press conference Almaty in person London End. Notes to editors"
    ) in text
    html = response.content.decode()
    assert '<figure class="quote">\n  <blockquote class="quote__text"><p>We regard' in html
    assert (
        '<figcaption class="quote__speaker">— <cite><a href="/commission/people/lord-macdonald/">Lord Macdonald</a>'
        '</cite>, <span class="quote__role">Chair to the Commission</span></figcaption>'
    ) in html
    assert "<h2>Press conference</h2>" in html
    assert "<ul>\n<li>Almaty\n<ul>\n<li>in person</li>\n</ul>\n</li>\n<li>London</li>\n</ul>" in html


def test_release_page_shows_log_hero_notes_contacts_topics(client, full_release):
    response = client.get("/press/a-release/")

    text = text_of(response.content)
    assert ("Corrections and updates Update, Wednesday 18 January 2023, 9:00am UTC: "
            "The time of the press conference was corrected.") in text
    assert tags(response.content, "img", within="main") == [{
        "src": full_release.hero_web.url, "alt": "The courthouse", "width": "1200", "height": "675",
        "decoding": "async",
    }]
    assert "The court in Almaty. Photo: Press office" in text
    assert "Notes to editors The Commission is independent. Media contacts" in text
    assert "Media contacts Press Office press@example.org" in text
    # Listed in the facts box at the top and under the text; the footer leaves out what the page lists.
    assert text.count("press@example.org") == 2
    assert tags(response.content, "a", within="main", href="/press/topics/detention/") == [
        {"href": "/press/topics/detention/"}
    ]
    assert "People in this release Lord Macdonald" in text


def test_release_notes_and_contacts_of_its_own_replace_the_commission_ones(client, full_release, commission):
    own = MediaContact.objects.create(commission=commission, name="Duty officer", phone="+44 20 0000 0000")
    full_release.media_contacts.set([own])
    full_release.notes_to_editors = "Only for this release."
    full_release.save()

    text = text_of(client.get("/press/a-release/").content)

    assert "Notes to editors Only for this release. Media contacts Duty officer +44 20 0000 0000" in text
    assert "independent" not in text


def test_release_page_meta_canonical_opengraph_twitter(client, full_release, settings):
    settings.SITE_URL = "https://press.example.org"

    html = client.get("/press/a-release/").content

    url = "https://press.example.org/press/a-release/"
    assert tags(html, "link", rel="canonical") == [{"rel": "canonical", "href": url}]
    image = f"https://press.example.org{full_release.hero_web.url}"
    assert {key: meta(html, key) for key in [
        "og:type", "og:title", "og:description", "og:url", "og:image", "og:image:alt", "article:published_time",
        "article:modified_time", "twitter:card", "twitter:title", "twitter:image",
    ]} == {
        "og:type": "article", "og:title": "A release & its <title>", "og:description": "One paragraph that sums it up.",
        "og:url": url, "og:image": image, "og:image:alt": "The courthouse",
        "article:published_time": "2023-01-17T12:00:00+00:00", "article:modified_time": "2023-01-18T09:00:00+00:00",
        "twitter:card": "summary_large_image", "twitter:title": "A release & its <title>", "twitter:image": image,
    }


def test_release_page_json_ld_news_article(client, full_release, settings, commission):
    settings.SITE_URL = "https://press.example.org"

    [data] = json_ld(client.get("/press/a-release/").content)

    organisation = {"@type": "Organization", "name": commission.name, "url": "https://press.example.org/commission/"}
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "A release & its <title>",
        "description": "One paragraph that sums it up.",
        "inLanguage": "en-gb",
        "url": "https://press.example.org/press/a-release/",
        "mainEntityOfPage": "https://press.example.org/press/a-release/",
        "datePublished": "2023-01-17T12:00:00+00:00",
        "dateModified": "2023-01-18T09:00:00+00:00",
        "author": organisation,
        "publisher": organisation,
        "image": [f"https://press.example.org{full_release.hero_web.url}"],
        "dateline": "London",
        "keywords": ["Detention"],
    }


@pytest.mark.parametrize("website", ["https://commission.example.org", ""])
def test_release_publisher_and_event_organizer_are_the_same_organisation(
    client, make_release, make_event, commission, settings, website,
):
    settings.SITE_URL = "https://press.example.org"
    commission.website = website
    commission.save()
    release = make_release(commission=commission)
    event = make_event()

    [article] = json_ld(client.get(release.get_absolute_url()).content)
    [conference] = json_ld(client.get(event.get_absolute_url()).content)

    assert article["publisher"] == article["author"] == conference["organizer"] == {
        "@type": "Organization", "name": "Inquiry Commission",
        "url": website or "https://press.example.org/commission/",
    }


def test_json_ld_cannot_close_its_script_element(client, make_release):
    make_release(slug="nasty", title="</script><script>alert(1)</script>", standfirst="<!-- & -->")

    html = client.get("/press/nasty/").content.decode()

    assert "</script><script>alert(1)" not in html
    assert json_ld(html)[0]["headline"] == "</script><script>alert(1)</script>"
    assert json_ld(html)[0]["description"] == "<!-- & -->"


def test_release_page_loads_nothing_from_another_host(client, full_release, settings):
    settings.SITE_URL = "https://press.example.org"

    html = client.get("/press/a-release/").content

    loaded = [a.get("src") for name in ("img", "script", "iframe", "video", "audio", "source")
              for a in tags(html, name) if a.get("src")]
    loaded += [a["href"] for a in tags(html, "link") if a.get("rel") in {"stylesheet", "icon", "preload"}]
    assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded)


def test_every_page_links_the_feeds(client, full_release, make_person):
    person = make_person()
    for url in ["/", "/commission/", person.get_absolute_url(), "/press/", "/press/a-release/",
                "/press/search/", "/press/topics/detention/"]:
        html = client.get(url).content
        assert [(a["type"], a["href"]) for a in tags(html, "link", rel="alternate") if "type" in a] == [
            ("application/rss+xml", "/press/feed/rss/"), ("application/atom+xml", "/press/feed/atom/"),
        ], url


def test_nav_links_to_the_press_list_and_marks_it_current(client):
    html = client.get("/press/").content

    assert tags(html, "a", within="nav", href="/press/", aria_current="page") == [{"href": "/press/", "aria-current": "page"}]


def test_release_without_commission_uses_the_site_commission(client, make_release, commission):
    commission.about = "Site boilerplate."
    commission.save()
    MediaContact.objects.create(commission=commission, name="Site press office", email="site@example.org")
    make_release(slug="plain", commission=None)

    text = text_of(client.get("/press/plain/").content)

    assert "Notes to editors Site boilerplate. Media contacts Site press office site@example.org" in text


# Home ------------------------------------------------------------------------------------------------------------


def test_home_lists_the_latest_published_releases(client, make_release, commission):
    now = timezone.now()
    for n in range(4):
        make_release(title=f"Home release {n}", publish_at=now - datetime.timedelta(days=n + 1))

    response = client.get("/")

    text = text_of(response.content)
    assert "Latest press releases" in text
    assert [name in text for name in ["Home release 0", "Home release 1", "Home release 2", "Home release 3"]] == [
        True, True, True, False,
    ]
    assert tags(response.content, "a", within="main", href="/press/") == [{"href": "/press/"}]


# Visibility: nothing unpublished anywhere the public looks --------------------------------------------------------


def _public_pages(client):
    pages = {
        "home": client.get("/"),
        "list": client.get("/press/"),
        "rss": client.get("/press/feed/rss/"),
        "atom": client.get("/press/feed/atom/"),
        "search": client.get("/press/search/", {"q": "zeppelins"}),
        "sitemap": client.get("/sitemap.xml"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in pages.items()}


def test_hidden_releases_are_absent_from_every_public_place(client, make_release, make_topic, hidden_releases):
    make_release(title="Public release", topics=[make_topic("Public topic", slug="public-topic")])

    pages = _public_pages(client)

    for name, html in pages.items():
        for word in ["Secret draft", "Embargoed release", "Withdrawn release", "secret-draft", "embargoed-release",
                     "withdrawn-release", "Embargoed draft topic", "Embargoed future topic", "Withdrawn topic",
                     "Release under embargo", "release-under-embargo", "Topic under embargo"]:
            assert word not in html, (name, word)
    assert "Public release" in pages["list"] and "Public release" in pages["rss"]
    for release in hidden_releases.values():
        assert client.get(release.get_absolute_url()).status_code == 404
    for topic in ["embargoed-draft-topic", "embargoed-future-topic", "withdrawn-topic", "topic-under-embargo"]:
        assert client.get(f"/press/topics/{topic}/").status_code == 404
    assert client.get("/press/topics/public-topic/").status_code == 200


def test_topic_page_of_a_public_topic_leaves_out_its_hidden_releases(client, make_release, make_topic, hidden_releases):
    topic = make_topic("Shared", slug="shared")
    make_release(title="Public on shared", topics=[topic])
    for release in hidden_releases.values():
        release.topics.add(topic)

    text = text_of(client.get("/press/topics/shared/").content)

    assert "Public on shared" in text
    assert "zeppelins" not in text


def test_scheduled_release_is_public_from_its_publication_time(client, make_release):
    instant = timezone.now() + datetime.timedelta(minutes=5)
    make_release(title="Goes live shortly", slug="goes-live", publish_at=instant)

    before = (client.get("/press/goes-live/").status_code, "Goes live shortly" in client.get("/press/").content.decode())
    with time_machine.travel(instant, tick=False):
        after = (client.get("/press/goes-live/").status_code,
                 "Goes live shortly" in client.get("/press/").content.decode())

    assert (before, after) == ((404, False), (200, True))


# Preview links ----------------------------------------------------------------------------------------------------


def test_preview_link_shows_the_draft_with_a_banner_and_logs_the_use(client, make_release, press_officer):
    release = make_release(title="Draft under review", slug="draft-review", status=PressRelease.Status.DRAFT,
                           publish_at=None)
    link = services.create_preview_link(release=release, created_by=press_officer)

    response = client.get(link.get_absolute_url())

    assert response.status_code == 200
    assert "Preview. This is a draft: the public cannot see it." in text_of(response.content, "body")
    assert tags(response.content, "h1") and "Draft under review" in text_of(response.content)
    assert (response["X-Robots-Tag"], response["Cache-Control"], response["Referrer-Policy"]) == (
        "noindex, nofollow", "private, no-store", "no-referrer",
    )
    assert meta(response.content, "robots") == "noindex, nofollow"
    assert link.uses.count() == 1


def test_preview_of_a_scheduled_release_and_last_update_read_in_the_house_time_style(client, make_release, settings,
                                                                                    press_officer):
    settings.TIME_ZONE = "Europe/London"
    settings.TIME_STYLE = "24h"
    year = timezone.now().year + 1
    scheduled = make_release(status=PressRelease.Status.PUBLISHED,
                             publish_at=datetime.datetime(year, 7, 1, 9, 5, tzinfo=datetime.UTC))
    updated = make_release(slug="updated", last_updated_at=datetime.datetime(2023, 7, 1, 21, 5, tzinfo=datetime.UTC))
    Revision.objects.create(release=updated, number=1, kind=Revision.Kind.UPDATE, note="The venue is added.",
                            created_at=updated.last_updated_at)

    banner = text_of(client.get(services.create_preview_link(release=scheduled, created_by=press_officer).get_absolute_url()).content, "body")
    page = text_of(client.get(updated.get_absolute_url()).content)

    when = datetime.datetime(year, 7, 1)
    assert f"Not public yet: scheduled for {when:%A} 1 July {year}, 10:05 BST." in banner
    assert "Update, Saturday 1 July 2023, 22:05 BST: The venue is added." in page


def test_preview_link_is_gone_once_expired_or_revoked_or_forged(client, make_release, admin_user):
    release = make_release(title="Draft under review", status=PressRelease.Status.DRAFT, publish_at=None)
    expired = services.create_preview_link(
        release=release, created_by=admin_user, now=timezone.now() - datetime.timedelta(days=8)
    )
    revoked = services.revoke_preview_link(link=services.create_preview_link(release=release, created_by=admin_user),
                                           revoked_by=admin_user)
    good = services.create_preview_link(release=release, created_by=admin_user)
    token = good.get_absolute_url().split("/")[-2]

    urls = [
        expired.get_absolute_url(),
        revoked.get_absolute_url(),
        f"/press/preview/{token[:-2]}xx/",
        f"/press/preview/{token.split(':')[0]}/",
        "/press/preview/forged:signature/",
    ]
    responses = [client.get(url) for url in urls]

    assert [r.status_code for r in responses] == [410] * 5
    assert all(b"Draft under review" not in r.content for r in responses)
    assert all(b"This preview link no longer works" in r.content for r in responses)
    assert all("no-store" in r["Cache-Control"] for r in responses)
    assert release.preview_links.filter(uses__isnull=False).count() == 0


# Query counts -----------------------------------------------------------------------------------------------------


def _populate(make_release, make_topic, make_person, commission, size):
    topics = [make_topic() for _ in range(size)]
    people = [make_person() for _ in range(size)]
    for _ in range(size):
        release = make_release(commission=commission, topics=topics, quotes=[(p, "Said.") for p in people])
        release.related_people.set(people)
    return release


@pytest.mark.parametrize("size", [2, 12])
def test_list_runs_a_fixed_number_of_queries(client, make_release, make_topic, make_person, commission, size,
                                             django_assert_num_queries):
    _populate(make_release, make_topic, make_person, commission, size)

    client.get("/press/")  # the first render also reads the commission and its contacts: kept per content version
    # releases, their topics (the archive's counts are kept per content version: tests/press/test_archive.py)
    with django_assert_num_queries(2):
        response = client.get("/press/")
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_topic_page_runs_a_fixed_number_of_queries(client, make_release, make_topic, make_person, commission, size,
                                                   django_assert_num_queries):
    release = _populate(make_release, make_topic, make_person, commission, size)
    topic = release.topics.first()

    client.get(topic.get_absolute_url())  # the first render also reads the commission and its contacts: kept per content version
    # the topic, releases, their topics
    with django_assert_num_queries(3):
        response = client.get(topic.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_release_page_runs_a_fixed_number_of_queries(client, make_release, make_topic, make_person, make_event,
                                                     commission, size, django_assert_num_queries):
    release = _populate(make_release, make_topic, make_person, commission, size)
    for n in range(size):
        MediaContact.objects.create(commission=commission, name=f"Contact {n}", email=f"c{n}@example.org")
        make_event().related_releases.add(release)

    client.get(release.get_absolute_url())  # the first render also reads the commission and its contacts: kept per content version
    # release, quotes + speakers, topics, people, its own contacts, its library images, its documents;
    # related events, their slots, their zones; its versions (the corrections and updates, dateModified,
    # the count of versions); its language versions (the switcher and hreflang)
    with django_assert_num_queries(12):
        response = client.get(release.get_absolute_url())
    assert response.status_code == 200




def test_release_page_shows_its_published_press_conference_with_times(client, make_release, make_event):
    release = make_release()
    event = make_event(title="Briefing in Almaty", slots=[(datetime.datetime(2030, 1, 18, 15, 30),
                                                           datetime.datetime(2030, 1, 18, 16, 30))])
    draft = make_event(title="Draft briefing", status=Event.Status.DRAFT, publish_at=None)
    event.related_releases.add(release)
    draft.related_releases.add(release)

    body = client.get(release.get_absolute_url()).content.decode()

    assert f'<a href="{event.get_absolute_url()}">Briefing in Almaty</a>' in body
    assert "<li>3:30pm ALMT – Almaty, Kazakhstan</li>" in body
    assert "<li>10:30am GMT – London, UK</li>" in body
    assert "Draft briefing" not in body
