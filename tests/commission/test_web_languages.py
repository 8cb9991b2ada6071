"""The public pages in English, Russian and Kazakh (commission/web/languages.py, commission/web/times.py).

English stays at its old addresses and never varies by the browser's language; Russian and Kazakh pages
live under /ru/ and /kk/, speak their language in the interface and in dates, and link each other. The seed
release and press conferences have Russian and Kazakh versions (press/seed_versions.py,
events/seed_versions.py), each at its own address: tests/press/test_translations.py and
tests/events/test_translations.py test the versions' rules in detail.
"""

import datetime
import io
import re
import zoneinfo

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from commission.web import times
from commission.web.links import absolute_url
from events import tokens
from events.models import Event, Registration
from events.seed import SAMPLE_SLUG
from events.seed_versions import SAMPLE_VERSIONS
from press.models import PressRelease, ReleaseTranslation
from press.seed import SLUG
from press.seed_versions import VERSIONS
from tests.factories import SIGN_UP_FORM, make_registration, make_staff_user
from tests.htmltools import switcher, tags, text_of
from tests.press.versions import correct_release

pytestmark = pytest.mark.django_db

LANGUAGES = {"en-gb": "", "ru": "/ru", "kk": "/kk"}  # language: its address prefix
EVENT = f"/events/{SAMPLE_SLUG}/"
# Each version's own slug, in place of the English one.
OWN_SLUGS = {language: {SLUG: VERSIONS[language]["slug"], SAMPLE_SLUG: SAMPLE_VERSIONS[language]["slug"]}
             for language in ("ru", "kk")}


def address(language: str, path: str) -> str:
    """The page at English ``path`` in ``language``: under its prefix, with the release's and the press
    conference's own slugs in that language."""
    for english, own in OWN_SLUGS.get(language, {}).items():
        path = path.replace(f"/{english}/", f"/{own}/")
    return LANGUAGES[language] + path
# The interface's words in English; none may be left on a Russian or Kazakh page (the content is left out of the
# text searched: titles, bodies, names; the version history shows the English text as it was recorded).
ENGLISH_INTERFACE = [
    "Press releases", "Press conferences", "Register", "Search", "Privacy notice",
    "Media enquiries", "Latest press releases", "All press releases", "Upcoming", "How to attend",
    "Add to your calendar", "Notes to editors", "Corrections and updates", "Version history", "Commissioners",
    "Mandate", "Check your email", "Confirm your registration", "Your registration", "Full name",
    "Email address", "Follow new releases", "Topics", "Related press releases", "Your seat is confirmed",
    "Staff journalist", "Freelance journalist", "Editor", "Producer", "camera operator",
    "Published",  # a version's kind in the history
]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The seed content and sample press conference, a corrected release (for its history pages) and two
    registrations (for the confirmation and registration pages): made once, rolled back after the module.
    Yields every public page's English path."""
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        call_command("load_seed", sample=True, verbosity=0, stdout=io.StringIO())
        correct_release(PressRelease.objects.get(slug=SLUG), by=make_staff_user("language-officer"))
        sample = Event.objects.get(slug=SAMPLE_SLUG)
        pending = make_registration(sample)
        confirmed = make_registration(sample, status=Registration.Status.CONFIRMED)
        yield {
            "home": "/",
            "commission": "/commission/",
            "person": "/commission/people/lord-macdonald/",
            "privacy": "/privacy/",
            "release list": "/press/",
            "release": f"/press/{SLUG}/",
            "topic": "/press/topics/zhanbolat-mamay/",
            "search": "/press/search/?q=Mamay",
            "release history": f"/press/{SLUG}/history/",
            "release version": f"/press/{SLUG}/history/1/",
            "release changes": f"/press/{SLUG}/history/2/changes/",
            "event list": "/events/",
            "event": EVENT,
            "registration form": f"{EVENT}register/",
            "registration sent": f"{EVENT}register/sent/",
            "confirmation": f"{EVENT}confirm/{tokens.make_token(pending, tokens.CONFIRM)}/",
            "registration": f"{EVENT}registration/{tokens.make_token(confirmed, tokens.MANAGE)}/",
            "accreditation form": "/press/accreditation/",
            "email alerts form": "/press/alerts/",
        }
        transaction.set_rollback(True)


def html_lang(html: bytes) -> str:
    return tags(html, "html")[0]["lang"]


def alternates(html: bytes) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in tags(html, "link", rel="alternate") if "hreflang" in link}


def interface_text(html: bytes) -> str:
    """The header's and the main part's text, without the content the press office writes (headings and
    links of releases and press conferences, their bodies, quotes and names)."""
    html = html.decode()
    html = re.sub(r'<(h1|h2|h3)[^>]*class="(release-item__title|event-card__title)[^"]*"[^>]*>.*?</\1>', "", html,
                  flags=re.S)
    html = re.sub(r"<h1[^>]*>.*?</h1>", "", html, flags=re.S)
    html = re.sub(r'<(div|section|blockquote|figure)[^>]*class="[^"]*\b(prose|quote|release__body|diff__part)\b.*?</\1>',
                  "", html, flags=re.S)
    return text_of(html, "header") + " " + text_of(html, "main")


def test_every_public_page_answers_in_each_language_with_its_lang(client, site):
    for name, path in site.items():
        for language in LANGUAGES:
            response = client.get(address(language, path))

            assert response.status_code == 200, (name, language)
            assert html_lang(response.content) == language, (name, language)
            assert response["Content-Language"] == language, (name, language)


def test_history_pages_lead_back_to_the_release_in_the_pages_language_under_its_title_there(client, site):
    """The history is the English text's; the way back is to the release as the reader left it."""
    for language in LANGUAGES:
        release_page = address(language, site["release"])
        assert client.get(release_page).status_code == 200  # the page itself, not a redirect to it
        for name in ("release history", "release version", "release changes"):
            html = client.get(address(language, site[name])).content
            back = {a["href"] for a in tags(html, "a") if re.fullmatch(r"(/ru|/kk)?/press/[^/]+/", a["href"])}
            assert back == {release_page}, (language, name, back)
        title = VERSIONS[language]["title"] if language in VERSIONS else PressRelease.objects.get(slug=SLUG).title
        history = client.get(address(language, site["release history"])).text
        back_link = re.search(r'<p class="history__back">(.*?)</p>', history, re.S).group(1)
        assert title in text_of(back_link, within="a"), (language, back_link)


def test_the_newest_version_names_the_english_release_page_canonical_in_every_language(client, site):
    """Its text is the English: search engines are sent to the English page, not to an address that redirects."""
    english = absolute_url(site["release"])
    for language in LANGUAGES:
        html = client.get(address(language, site["release version"].replace("/history/1/", "/history/2/"))).content

        assert tags(html, "link", rel="canonical") == [{"rel": "canonical", "href": english}], language


def test_russian_and_kazakh_pages_leave_no_english_interface_words(client, site):
    for path in site.values():
        for language in ("ru", "kk"):
            text = interface_text(client.get(address(language, path)).content)

            left = [words for words in ENGLISH_INTERFACE if re.search(rf"\b{words}\b", text)]
            assert left == [], (address(language, path), left)


def marked_english(html: bytes) -> list[bytes]:
    """The elements marked as written in English, but the page's own ``<html>`` and the language switcher's link
    to the English page."""
    return [match.group(0) for match in re.finditer(rb'<(?!html\b)(\w+)(?![^>]*hreflang)[^>]*\blang="en-gb"[^>]*>.*?</\1>',
                                                    html, flags=re.S)]


def test_the_seed_speaks_russian_and_kazakh_in_full(client, site):
    # Releases and press conferences by their versions; the commission's name, description and mandate, the
    # people's names and roles, the media contact and the topics by their Russian and Kazakh columns.
    for language in ("ru", "kk"):
        for path in (site["release"], site["event"], "/events/press-conference-2023-01-20/", site["release list"],
                     site["home"], site["event list"], site["commission"], site["person"], site["topic"],
                     "/commission/people/tayab-ali/", site["privacy"]):
            html = client.get(address(language, path)).content
            page = text_of(html, "html")

            for english in ("Kazakhstan", "Zhanbolat", "press conference", "Commission", "SAMPLE", "Almaty",
                            "Inquiry", "Lord", "Partner", "Press Office", "House of", "Visit to"):
                assert english not in page, (language, path, english)
            assert marked_english(html) == [], (language, path)


def test_only_the_version_history_shows_english_on_russian_and_kazakh_pages(client, site):
    # Corrections and updates are recorded for the English text: its pages show it so, marked, down to its title
    # in the history's lede (the link back names the release in the page's language, as the reader left it).
    for name, path in site.items():
        for language in ("ru", "kk"):
            marked = marked_english(client.get(address(language, path)).content)

            assert bool(marked) == (name in ("release history", "release version", "release changes")), (
                name, language)
    history = client.get(address("ru", site["release history"])).content.decode()
    assert history.count(f'«<span lang="en-gb">{PressRelease.objects.get(slug=SLUG).title}</span>»') == 1


def test_kazakh_and_russian_pages_name_the_sections_as_their_press_sites_do(client, site):
    russian = text_of(client.get("/ru/").content, "header")
    kazakh = text_of(client.get("/kk/").content, "header")

    assert "Пресс-релизы" in russian and "Пресс-конференции" in russian
    assert "Баспасөз релиздері" in kazakh and "Баспасөз конференциялары" in kazakh


def test_versions_are_in_the_pages_language_and_english_only_content_is_marked_english(client, site):
    english_only = PressRelease.objects.create(title="Only in English", slug="only-in-english", status="published",
                                               publish_at=PressRelease.objects.get(slug=SLUG).publish_at)
    for language in ("ru", "kk"):
        html = client.get(address(language, site["release"])).content
        fallback = client.get(f"/{language}{english_only.get_absolute_url()}").content

        assert tags(html, "h1", **{"class": "release__title"}) == [{"class": "release__title"}]
        assert tags(html, "div", **{"class": "release__body prose"}) == [{"class": "release__body prose"}]
        assert tags(fallback, "h1", **{"class": "release__title"}) == [{"class": "release__title", "lang": "en-gb"}]
    english = client.get(site["release"]).content
    assert tags(english, "h1", **{"class": "release__title"}) == [{"class": "release__title"}]


def test_language_versions_link_each_other_symmetrically(client, site):
    for name, path in site.items():
        maps = {language: alternates(client.get(address(language, path)).content) for language in LANGUAGES}

        expected = {
            "en": f"http://127.0.0.1:8000{path}",
            "ru": f"http://127.0.0.1:8000{address('ru', path)}",
            "kk": f"http://127.0.0.1:8000{address('kk', path)}",
            "x-default": f"http://127.0.0.1:8000{path}",
        }
        assert maps == {"en-gb": expected, "ru": expected, "kk": expected}, name


def test_the_switcher_keeps_the_reader_on_the_same_page(client, site):
    for name, path in site.items():
        for language in LANGUAGES:
            html = client.get(address(language, path)).content

            links = switcher(html)
            assert [(a["href"], a["lang"], a["hreflang"], a.get("aria-current")) for a in links] == [
                (path, "en-gb", "en", "true" if language == "en-gb" else None),
                (address("ru", path), "ru", "ru", "true" if language == "ru" else None),
                (address("kk", path), "kk", "kk", "true" if language == "kk" else None),
            ], (name, language)
    # Each named in its own language, the same on every page.
    assert text_of(client.get("/kk/press/").content, "header").endswith("English Русский Қазақша")


def test_following_the_switcher_shows_the_same_release_and_press_conference_in_that_language(client, site):
    versions = {"release": {v.language: v.title for v in ReleaseTranslation.objects.filter(release__slug=SLUG)},
                "event": {language: text["title"] for language, text in SAMPLE_VERSIONS.items()}}
    for name in ("release", "event"):
        english = client.get(site[name]).content
        for a in switcher(english)[1:]:
            other = client.get(a["href"]).content

            assert html_lang(other) == a["lang"]
            assert text_of(other, "h1") == versions[name][a["lang"]]
            assert tags(other, "time")[0]["datetime"] == tags(english, "time")[0]["datetime"]


def normalised(content: bytes) -> bytes:
    """The page without what differs per response: the CSP nonce and the CSRF token."""
    content = re.sub(rb'nonce="[^"]+"', b'nonce=""', content)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_english_pages_stay_at_their_addresses_whatever_the_browser_asks_for(site):
    for name, path in site.items():
        plain = Client().get(path)
        asking = Client(HTTP_ACCEPT_LANGUAGE="ru,kk;q=0.9")
        asking.cookies["django_language"] = "kk"
        russian_browser = asking.get(path)

        assert plain.status_code == russian_browser.status_code == 200, name
        assert html_lang(russian_browser.content) == "en-gb", name
        assert normalised(russian_browser.content) == normalised(plain.content), name
        # (Pages with a form say Vary: Cookie, for their CSRF cookie; the language cookie changes nothing.)
        assert "Accept-Language" not in russian_browser.get("Vary", ""), name


def test_the_page_cache_never_serves_one_language_for_another(settings, site):
    settings.PAGE_CACHE_SECONDS = 600
    for path in (site["home"], site["release list"], site["release"], site["event"]):
        cache.clear()
        first_russian = Client(HTTP_ACCEPT_LANGUAGE="ru").get(address("ru", path))
        then_english = Client(HTTP_ACCEPT_LANGUAGE="ru").get(path)
        then_kazakh = Client().get(address("kk", path))
        again_english = Client(HTTP_ACCEPT_LANGUAGE="kk").get(path)

        assert [html_lang(r.content) for r in (first_russian, then_english, then_kazakh, again_english)] == [
            "ru", "en-gb", "kk", "en-gb"], path
        assert normalised(again_english.content) == normalised(then_english.content), path


def test_sitemap_robots_and_admin_keep_their_english_addresses_and_feeds_have_one_per_language(client, site,
                                                                                              admin_client):
    for path in ("/press/feed/rss/", "/press/feed/atom/", "/events/feed/", "/events/calendar.ics",
                 "/ru/press/feed/rss/", "/kk/press/feed/atom/", "/ru/events/feed/", "/kk/events/calendar.ics",
                 "/sitemap.xml", "/robots.txt", "/admin/"):
        response = (admin_client if path == "/admin/" else client).get(path)

        assert response.status_code == 200, path
    assert client.get("/ru/sitemap.xml").status_code == 404
    assert client.get("/ru/admin/").status_code == 404


def test_russian_and_kazakh_pages_link_their_own_feeds_and_calendar_files(client, site):
    for language in ("ru", "kk"):
        prefix = LANGUAGES[language]
        hrefs = {a["href"] for a in tags(client.get(f"{prefix}/press/").content, "a")}
        hrefs |= {a["href"] for a in tags(client.get(f"{prefix}/events/").content, "a")}
        hrefs |= {a["href"] for a in tags(client.get(address(language, EVENT)).content, "a")}
        feeds = {href for href in hrefs if "/feed/" in href or href.endswith(".ics")}

        assert feeds == {f"{prefix}/press/feed/rss/", f"{prefix}/press/feed/atom/", f"{prefix}/events/feed/",
                         f"{prefix}/events/calendar.ics", f"{address(language, EVENT)}calendar.ics"}, prefix


def test_a_russian_page_leaves_no_russian_behind_for_what_runs_next(client, site):
    client.get("/ru/press/")

    assert (translation.get_language(), reverse("press:list")) == ("en-gb", "/press/")


def test_error_pages_speak_the_language_of_their_address_and_link_no_versions(client, site):
    response = client.get("/kk/no-such-page/")

    assert response.status_code == 404
    assert html_lang(response.content) == "kk"
    assert "Бет табылмады" in text_of(response.content, "main")
    assert alternates(response.content) == {} and switcher(response.content) == []


def test_signing_up_on_a_russian_page_sends_the_russian_email_with_russian_links(client, site,
                                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address("ru", site["registration form"]),
                               {**SIGN_UP_FORM, "email": "ru-reader@example.org"})

    assert response.status_code == 302 and response["Location"].startswith("/ru/")
    message = mail.outbox[-1]
    assert message.subject == f"Подтвердите регистрацию: {SAMPLE_VERSIONS['ru']['title']}"
    assert re.search(rf"http://127\.0\.0\.1:8000{address('ru', EVENT)}confirm/", message.body)
    left = [words for words in ("Hello", "Please confirm", "registered", "How we use", "London, UK")
            if words in message.body]
    assert left == []
    assert "http://127.0.0.1:8000/ru/privacy/" in message.body and "Лондон, Великобритания" in message.body
    assert "Комиссия по расследованию задержания Жанболата Мамая" in message.body  # signed in the email's language


# Dates and times: commission/web/times.py, in each language's own style.
FRIDAY_AFTERNOON = datetime.datetime(2023, 1, 20, 15, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


@pytest.mark.parametrize(("language", "full", "short", "day", "month"), [
    ("en-gb", "Friday 20 January 2023, 3:30pm GMT", "Friday 20 January", "20 January 2023", "January 2023"),
    ("ru", "пятница, 20 января 2023, 15:30 GMT", "пятница, 20 января", "20 января 2023", "январь 2023"),
    ("kk", "2023 жылғы 20 қаңтар, жұма, 15:30 GMT", "20 қаңтар, жұма", "2023 жылғы 20 қаңтар", "2023 жылғы қаңтар"),
])
def test_dates_and_times_follow_the_language(language, full, short, day, month, settings):
    settings.TIME_ZONE = "Europe/London"
    with translation.override(language):
        assert times.date_and_time(FRIDAY_AFTERNOON) == full
        assert times.format_date(FRIDAY_AFTERNOON, year=False) == short
        assert times.format_date(FRIDAY_AFTERNOON, weekday=False) == day
        assert times.format_month(FRIDAY_AFTERNOON) == month


def test_russian_and_kazakh_use_the_24_hour_clock_whatever_the_house_style(settings):
    settings.TIME_STYLE = "12h-dot"
    noon = datetime.time(12, 0)
    with translation.override("ru"):
        assert (times.format_time(noon), times.format_time(datetime.time(9, 5)), times.time_style()) == (
            "12:00", "09:05", "24h")
    with translation.override("kk"):
        assert times.format_time(datetime.time(21, 45)) == "21:45"
    with translation.override("en-gb"):
        assert (times.format_time(noon), times.format_time(datetime.time(21, 45))) == ("12 noon", "9.45pm")


def test_russian_plurals_take_the_right_form():
    with translation.override("ru"):
        assert [times.format_duration(datetime.timedelta(hours=n)) for n in (1, 2, 5, 21, 22, 25)] == [
            "1 час", "2 часа", "5 часов", "21 час", "22 часа", "25 часов"]


def test_the_privacy_notice_is_written_in_russian_and_kazakh(client, site):
    for language in ("ru", "kk"):
        text = text_of(client.get(address(language, site["privacy"])).content, "main")

        english = re.findall(r"\b(the|and|your|we|you|data|registration)\b", text, flags=re.IGNORECASE)
        assert english == [], (language, english)
        assert len(text) > 2000, language


@pytest.mark.parametrize(("language", "size"), [("en-gb", "35.2\xa0KB"), ("ru", "35,2\xa0КБ"), ("kk", "35,2\xa0КБ")])
def test_a_file_size_is_written_as_the_pages_language_writes_numbers(language, size):
    # A document's size on a release's page (its Media section) is Django's filesizeformat.
    with translation.override(language):
        assert Template("{{ bytes|filesizeformat }}").render(Context({"bytes": 36045})) == size
