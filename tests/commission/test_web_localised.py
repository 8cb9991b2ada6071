"""The short texts kept in a column per language (commission/web/localised.py): the commission's name and texts, its
key areas, people's names and roles, media contacts' labels and topic names, on Russian and Kazakh pages; the English
where a column is empty, marked ``lang="en-gb"``; English pages as before."""

import io
import re

import pytest
from django.core.management import call_command

from commission.models import Commission, KeyArea, MediaContact, Membership, Person
from commission.seed_languages import COMMISSION, PEOPLE_TEXTS, TOPICS
from commission.web.localised import language_of, text_in
from press.models import Topic
from tests.factories import make_commission, make_member, make_person, make_release, make_release_version, make_topic
from tests.htmltools import json_ld, tags, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    commission = make_commission(
        name="Inquiry Commission", name_ru="Комиссия по расследованию", name_kk="Тергеу комиссиясы",
        short_description="An independent inquiry.", short_description_ru="Независимое расследование.",
        mandate_introduction="The key areas are:", mandate_introduction_ru="Основные направления:",
        convenor="Bindmans LLP",
    )
    KeyArea.objects.create(commission=commission, text="Investigating the courts.", text_ru="Изучение судов.",
                           order=1)
    MediaContact.objects.create(commission=commission, name="Press Office", name_ru="Пресс-служба",
                                email="press@example.org")
    chair = make_member(commission, Membership.Role.CHAIR, full_name="Lord Chair KC", full_name_ru="Лорд Чейр (KC)", short_name="Lord Chair",
                        short_name_ru="Лорд Чейр", slug="lord-chair", biography="A judge.",
                        biography_ru="Судья.")
    lawyer = make_person(full_name="Ann Lawyer", full_name_ru="Анна Лоуер", short_name="Ann Lawyer",
                         short_name_ru="Анна Лоуер", slug="ann-lawyer", role="Partner at Firm", role_ru="Партнёр Firm",
                         role_kk="", available_for_interview=True)
    topic = make_topic("Detention", name_ru="Задержание", slug="detention")
    release = make_release(topics=[topic], quotes=[(chair, "We went."), (lawyer, "We will appeal.")])
    release.related_people.set([chair, lawyer])
    release.media_contacts.set(MediaContact.objects.all())
    ru = make_release_version(release, "ru")
    make_release_version(release, "kk")
    return {"commission": commission, "chair": chair, "lawyer": lawyer, "topic": topic, "release": release, "ru": ru}


def _marked(html: bytes) -> list[str]:
    """The text of each element marked as written in English (but the language switcher's link to English)."""
    return [" ".join(re.sub(r"<[^>]+>", "", match.group(2)).split())
            for match in re.finditer(r'<(?!html\b)(\w+)(?![^>]*hreflang)[^>]*\blang="en-gb"[^>]*>(.*?)</\1>', html.decode(),
                                     flags=re.S)]


def test_text_in_takes_the_column_of_the_language_else_the_english():
    topic = Topic(name="Detention", name_ru="Задержание", name_kk="  ")

    assert [text_in(topic, "name", language) for language in ("en-gb", "ru", "kk")] == [
        "Detention", "Задержание", "Detention"]
    assert [language_of(topic, "name", language) for language in ("en-gb", "ru", "kk")] == ["en-gb", "ru", "en-gb"]
    # A dict in a row's place (a recorded version's speaker) without the columns: the English.
    assert text_in({"short_name": "Lord Chair"}, "short_name", "ru") == "Lord Chair"


def test_russian_pages_name_the_commission_in_russian_in_header_title_and_footer(client, site):
    html = client.get("/ru/").content

    assert tags(html, "a", **{"class": "site-name"}) == [{"class": "site-name", "href": "/ru/"}]
    assert text_of(html, "header").startswith("Комиссия по расследованию")
    assert text_of(html, "title").endswith("· Комиссия по расследованию")
    assert "Комиссия по расследованию" in text_of(html, "footer")
    assert text_of(html, "h1") == "Комиссия по расследованию"
    assert "Независимое расследование." in text_of(html, "main")
    assert _marked(html) == []


def test_an_empty_column_shows_the_english_marked_as_english(client, site):
    html = client.get("/kk/").content  # the name in Kazakh, the description not

    assert text_of(html, "h1") == "Тергеу комиссиясы"
    assert tags(html, "p", **{"class": "lede"}) == [{"class": "lede", "lang": "en-gb"}]
    assert "An independent inquiry." in _marked(html)
    assert "Press Office" in _marked(html)  # the footer's contact, without a Kazakh label


def test_english_pages_stay_english_and_unmarked(client, site):
    html = client.get("/commission/").content

    assert text_of(html, "h1") == "Inquiry Commission"
    assert "Lord Chair KC" in text_of(html) and "Investigating the courts." in text_of(html)
    assert _marked(html) == []


def test_the_commission_page_in_russian(client, site):
    html = client.get("/ru/commission/").content
    main = text_of(html)

    for russian in ("Комиссия по расследованию", "Независимое расследование.", "Основные направления:",
                    "Изучение судов.", "Лорд Чейр (KC)", "Судья.", "Пресс-служба", "Председатель"):
        assert russian in main, russian
    assert _marked(html) == []


def test_a_persons_page_in_russian_and_in_kazakh(client, site):
    russian = client.get("/ru/commission/people/ann-lawyer/").content
    kazakh = client.get("/kk/commission/people/ann-lawyer/").content
    chair = client.get("/ru/commission/people/lord-chair/").content

    assert text_of(russian, "h1") == "Анна Лоуер"
    assert text_of(russian, "title").startswith("Анна Лоуер ·")
    assert tags(russian, "p", **{"class": "person__role"}) == [{"class": "person__role"}]
    assert "Партнёр Firm" in text_of(russian)
    # No Kazakh name or role: the English, marked.
    assert text_of(kazakh, "h1") == "Ann Lawyer" and tags(kazakh, "h1") == [{"lang": "en-gb"}]
    assert tags(kazakh, "p", **{"class": "person__role"}) == [{"class": "person__role", "lang": "en-gb"}]
    # A commissioner's seat: the role in the interface's words, the commission in its Russian name.
    assert "Председатель, Комиссия по расследованию" in text_of(chair)


def test_a_release_version_attributes_its_quotes_and_files_its_topics_in_its_language(client, site):
    html = client.get(f"/ru/press/{site['ru'].slug}/").content
    main = text_of(html)

    assert "— Лорд Чейр" in main and "— Анна Лоуер, Партнёр Firm" in main
    assert [a["href"] for a in tags(html, "a", within="footer") if "/topics/" in a["href"]] == [
        "/ru/press/topics/detention/"]
    assert "Задержание" in main and "Detention" not in main
    assert "Анна Лоуер, Партнёр Firm" in text_of(html, "aside")  # available for interview
    assert "Пресс-служба" in text_of(html, "aside")
    assert _marked(html) == []
    organisations = [item["author"]["name"] for item in json_ld(html) if "author" in item]
    assert organisations == ["Комиссия по расследованию"]


def test_topic_pages_lists_and_the_archive_name_the_topic_in_the_pages_language(client, site):
    topic_page = client.get("/ru/press/topics/detention/").content
    release_list = client.get("/ru/press/").content
    archive = client.get("/ru/press/?topic=detention").content

    assert "Задержание" in text_of(topic_page, "h1")
    assert "Задержание" in text_of(topic_page, "title")
    assert [a for a in tags(release_list, "a", **{"class": "tag"})] == [
        {"class": "tag", "href": "/ru/press/topics/detention/"}]
    assert "Задержание" in text_of(release_list) and "Detention" not in text_of(release_list)
    assert "Задержание" in text_of(archive, "title") and "Detention" not in text_of(archive)  # "Showing … on …"


def test_the_alerts_form_offers_the_topics_in_the_pages_language(client, site):
    assert "Задержание" in text_of(client.get("/ru/press/alerts/").content)
    assert "Detention" in text_of(client.get("/press/alerts/").content)


def test_the_feeds_title_names_the_commission_in_the_feeds_language(client, site):
    russian = client.get("/ru/press/feed/rss/").content.decode()
    english = client.get("/press/feed/rss/").content.decode()

    assert "Комиссия по расследованию</title>" in russian and "<category>Задержание</category>" in russian
    assert "Inquiry Commission</title>" in english and "<category>Detention</category>" in english


def test_load_seed_fills_the_columns_and_leaves_a_press_officers_words_alone():
    call_command("load_seed", verbosity=0, stdout=io.StringIO())
    commission = Commission.objects.get()
    macdonald = Person.objects.get(slug="lord-macdonald")

    assert (commission.name_ru, commission.name_kk) == (COMMISSION["name"]["ru"], COMMISSION["name"]["kk"])
    assert (macdonald.short_name_ru, macdonald.role_kk) == ("Лорд Макдональд", "Комиссия төрағасы")
    assert Topic.objects.get(slug="zhanbolat-mamay").name_ru == TOPICS["zhanbolat-mamay"]["ru"] == "Жанболат Мамай"
    assert all(area.text_ru and area.text_kk for area in KeyArea.objects.all())
    assert MediaContact.objects.get().name_ru == "Пресс-служба Bindmans"

    Person.objects.filter(slug="tayab-ali").update(role_ru="Адвокат", role="Senior partner", role_kk="")
    call_command("load_seed", verbosity=0, stdout=io.StringIO())

    tayab = Person.objects.get(slug="tayab-ali")
    assert tayab.role_ru == "Адвокат"  # the press officer's
    assert tayab.role_kk == ""  # the English was rewritten: the seed's Kazakh no longer translates it
    assert tayab.short_name_kk == PEOPLE_TEXTS["tayab-ali"]["short_name"]["kk"] == "Таяб Әли"


def test_press_officers_write_the_russian_and_kazakh_on_the_admin_pages(admin_client, site):
    pages = {
        f"/admin/commission/commission/{site['commission'].pk}/change/": ("name_ru", "mandate_conclusion_kk",
                                                                          "key_areas-0-text_kk",
                                                                          "media_contacts-0-name_ru"),
        f"/admin/commission/person/{site['lawyer'].pk}/change/": ("full_name_ru", "short_name_kk", "role_ru",
                                                                  "organisation_kk", "biography_ru"),
        f"/admin/press/topic/{site['topic'].pk}/change/": ("name_ru", "name_kk"),
    }
    for path, fields in pages.items():
        names = {attrs.get("name") for element in ("input", "textarea")
                 for attrs in tags(admin_client.get(path).content, element)}

        assert set(fields) <= names, path

    response = admin_client.post(f"/admin/press/topic/{site['topic'].pk}/change/",
                                 {"name": "Detention", "name_ru": "Задержание", "name_kk": "Қамау", "slug": "detention"})

    assert response.status_code == 302
    assert Topic.objects.get(slug="detention").name_kk == "Қамау"
