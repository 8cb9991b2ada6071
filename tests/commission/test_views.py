import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse

from commission.current import current_commission
from commission.models import Commission, KeyArea, MediaContact, Membership
from commission.web import cache as page_cache
from tests.factories import days_from_today
from tests.htmltools import json_ld, switcher, tags

pytestmark = pytest.mark.django_db


def _populate(commission, make_member, members):
    make_member(commission, role=Membership.Role.CHAIR, full_name="Lord Chair KC")
    for _ in range(members - 1):
        make_member(commission)
    for n in range(members):
        KeyArea.objects.create(commission=commission, text=f"Area {n}", order=n, is_subpoint=n % 2 == 1)
        MediaContact.objects.create(commission=commission, name=f"Contact {n}", phone=f"+44 20 0000 000{n}")


def test_about_lists_commissioners_mandate_and_contacts(client, commission, make_member):
    _populate(commission, make_member, 3)
    response = client.get(reverse("commission:about"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="person-card"') == 3
    assert "Lord Chair KC" in body
    assert "Chair</p>" in body
    assert "<li>Area 0\n      <ul><li>Area 1</li></ul>" in body
    assert 'href="tel:+442000000002"' in body


def test_the_commission_page_is_marked_current_in_the_main_menu(client, commission):
    html = client.get(reverse("commission:about")).content

    assert tags(html, "a", within="nav", aria_current="page") == [{"href": "/commission/", "aria-current": "page"}]


@pytest.mark.parametrize("members", [1, 12])
def test_about_query_count_does_not_grow_with_members(client, commission, make_member, members,
                                                      django_assert_num_queries):
    _populate(commission, make_member, members)
    client.get(reverse("commission:about"))  # the first render also reads the commission and its contacts: kept per content version
    # its members (with people) and key areas
    with django_assert_num_queries(2):
        client.get(reverse("commission:about"))


@pytest.mark.parametrize("size", [1, 8])
def test_home_query_count_does_not_grow(client, commission, make_member, make_release, make_topic, make_event,
                                        size, django_assert_num_queries):
    _populate(commission, make_member, size)
    for n in range(size):
        make_release(topics=[make_topic()])
        make_event(slots=[(days_from_today(n + 2, 10), days_from_today(n + 2, 11))])
    client.get(reverse("commission:home"))  # the first render also reads the commission and its contacts: kept per content version
    # latest releases, their topics; upcoming events, their slots, their display zones
    with django_assert_num_queries(5):
        response = client.get(reverse("commission:home"))
    assert response.status_code == 200


def test_home_shows_the_commission_in_one_paragraph(client, commission):
    response = client.get(reverse("commission:home"))
    assert '<p class="lede">An independent inquiry.</p>' in response.content.decode()


def test_home_without_any_commission_still_renders(client, db):
    response = client.get(reverse("commission:home"))
    assert response.status_code == 200
    assert "Nothing has been published yet." in response.content.decode()


def test_every_page_has_one_h1_skip_link_and_landmarks(client, commission, make_member):
    person = make_member(commission)
    for url in ["/", "/commission/", person.get_absolute_url()]:
        body = client.get(url).content.decode()
        assert body.count("<h1") == 1, url
        assert 'href="#main"' in body and '<main id="main"' in body and "<nav" in body and "<footer" in body


@pytest.mark.parametrize("edit", ["commission", "media contact"])
def test_header_and_footer_follow_edits_to_the_commission(client, commission, edit):
    client.get(reverse("press:list"))  # the commission is now kept for this content version
    if edit == "commission":
        commission.name = "Renamed Inquiry Commission"
        commission.save()
        expected = "Renamed Inquiry Commission"
    else:
        commission.media_contacts.create(name="New Press Officer", email="new@example.org")
        expected = "New Press Officer"
    assert expected in client.get(reverse("press:list")).content.decode()


def test_the_commission_is_read_once_per_content_version(client, commission, django_assert_num_queries):
    with django_assert_num_queries(4):  # the first page: releases, events, the commission and its contacts
        client.get(reverse("commission:home"))
    with django_assert_num_queries(0):  # another page, which reads nothing of its own: not the commission again
        client.get(reverse("commission:privacy"))


def test_a_commission_read_before_an_edit_commits_is_not_kept(commission, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        commission.name = "Renamed Inquiry Commission"
        commission.save()
        # Another app server, reading before the commit, still sees the old name and keeps it
        # under the version the save just made.
        stale = current_commission()
        stale.name = "Old Inquiry Commission"
        cache.set(f"public-pages:{page_cache.content_version()}:commission", stale)
    assert current_commission().name == "Renamed Inquiry Commission"


def test_a_site_without_a_commission_yet_shows_it_once_one_is_loaded(client, db):
    assert "Nothing has been published yet." in client.get("/").content.decode()
    # As load_seed run in another process would: this process's cache hears of no edit.
    Commission.objects.bulk_create([Commission(name="Seeded Commission", slug="seeded", short_description="x")])

    assert "Seeded Commission" in client.get("/").content.decode()


def test_a_person_named_only_in_an_unpublished_release_has_no_page_yet(client, make_person, make_release):
    person = make_person(full_name="Embargoed Witness KC")
    release = make_release(status="draft", publish_at=None, quotes=[(person, "Not yet.")])
    release.related_people.add(person)
    sitemap = client.get("/sitemap.xml").content.decode()

    assert client.get(person.get_absolute_url()).status_code == 404
    assert person.get_absolute_url() not in sitemap

    release.status = "published"
    release.publish_at = release.created_at
    release.save()
    assert client.get(person.get_absolute_url()).status_code == 200
    assert person.get_absolute_url() in client.get("/sitemap.xml").content.decode()


def test_the_benchmarks_baseline_view_is_not_part_of_the_site(client, db):
    assert client.get("/__bench__/bare/anything").status_code == 404


def test_the_home_page_describes_the_commission_as_an_organisation_in_its_language(client, commission):
    Commission.objects.filter(pk=commission.pk).update(name_ru="Следственная комиссия", website="")

    [english] = json_ld(client.get("/").content)
    [russian] = json_ld(client.get("/ru/").content)

    assert english == {"@context": "https://schema.org", "@type": "Organization", "name": commission.name,
                       "url": "http://127.0.0.1:8000/commission/", "description": commission.short_description}
    assert (russian["name"], russian["url"]) == ("Следственная комиссия", "http://127.0.0.1:8000/ru/commission/")


def test_every_page_names_the_site_icon_and_favicon_ico_leads_to_it(client, commission):
    icon = tags(client.get(reverse("commission:home")).content.decode(), "link", rel="icon")
    assert [link["href"] for link in icon] == ["/static/favicon.svg"]
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/favicon.svg")
    assert finders.find("favicon.svg")  # collected with the site's static files


def test_a_campaign_link_to_a_page_of_the_commission_lands_on_the_page_itself(client, settings, commission,
                                                                           make_member):
    settings.PAGE_CACHE_SECONDS = 600
    person = make_member(commission, full_name="Lord Chair KC")

    home = client.get("/ru/?gclid=Cj0KCQ&utm_campaign=launch", follow=True)
    others = [client.get(f"{url}?utm_source=x") for url in ("/commission/", person.get_absolute_url(), "/privacy/")]

    assert home.redirect_chain == [("/ru/", 301)]
    assert [a["href"] for a in switcher(home.content)] == ["/", "/ru/", "/kk/"]
    assert [(other.status_code, other.headers["Location"]) for other in others] == [
        (301, "/commission/"), (301, person.get_absolute_url()), (301, "/privacy/")]
