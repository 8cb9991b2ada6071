import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Event
from press.search import MAX_QUERY_LENGTH, SearchQuery, search_releases
from tests.htmltools import tags, text_of

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="checks the plain fallback; PostgreSQL uses full-text search"
)


def result_titles(response) -> list[str]:
    """The titles of the results, in order."""
    return [unescape(title) for title in re.findall(
        r'<h3 class="release-item__title" id="release-\d+"><a href="[^"]*">(.*?)</a></h3>', response.content.decode()
    )]


# Both databases ---------------------------------------------------------------------------------------------------


def test_search_page_without_a_query_shows_the_form_only(client, make_release, django_assert_num_queries):
    make_release()

    # the footer's commission only: nothing is searched
    with django_assert_num_queries(1):
        response = client.get("/press/search/", {"q": "   "})

    assert response.status_code == 200
    assert tags(response.content, "input", type="search") == [{
        "type": "search", "id": "press-search-q", "name": "q", "value": "", "maxlength": "200", "autocomplete": "off",
        "spellcheck": "true",
    }]
    assert "Type a few words" in text_of(response.content)


def test_search_finds_a_published_release(client, make_release):
    make_release(title="Meeting with the Deputy Foreign Minister cancelled", slug="cancelled")
    make_release(title="Something else entirely")

    response = client.get("/press/search/", {"q": "minister"})

    assert result_titles(response) == ["Meeting with the Deputy Foreign Minister cancelled"]


def test_search_never_finds_drafts_scheduled_or_withdrawn(client, make_release, hidden_releases):
    response = client.get("/press/search/", {"q": "zeppelins"})

    assert result_titles(response) == []
    assert "No press release or press conference matches “zeppelins”." in text_of(response.content)


def test_search_query_of_a_thousand_characters_is_cut_to_the_cap(client, make_release):
    make_release(title="Mamay")

    response = client.get("/press/search/", {"q": "mamay " + "x" * 994})

    assert response.status_code == 200
    assert f"only its first {MAX_QUERY_LENGTH} characters were used" in text_of(response.content)
    assert tags(response.content, "input", type="search")[0]["value"] == ("mamay " + "x" * 994)[:MAX_QUERY_LENGTH]


@pytest.mark.parametrize(
    "raw",
    ["\x00", "mamay\x00", "'", '"', "\\", "%", "_", "!", "&|", "-", "or", "(", "<script>", "a:*", "ðŸ\x80", "’"],
)
def test_search_survives_odd_input(client, make_release, raw):
    make_release()

    response = client.get("/press/search/", {"q": raw})

    assert response.status_code == 200


def test_search_results_page_past_the_end_is_404(client, make_release):
    make_release(title="Mamay")

    assert client.get("/press/search/", {"q": "mamay", "page": "2"}).status_code == 404
    assert client.get("/press/search/", {"q": "mamay", "page": "x"}).status_code == 404


def test_search_snippet_escapes_release_text(client, make_release):
    make_release(title="Mamay", standfirst="Mamay <script>alert(1)</script>", body="Mamay <img src=x onerror=alert(1)>")

    html = client.get("/press/search/", {"q": "mamay"}).content.decode()

    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert tags(html, "script") == []


def test_search_query_cleaning():
    assert SearchQuery.from_param("  a\x00b\n\tc  ") == SearchQuery(text="a b c", truncated=False)
    assert SearchQuery.from_param(None) == SearchQuery(text="", truncated=False)
    assert SearchQuery.from_param("y" * 201) == SearchQuery(text="y" * 200, truncated=True)


@pytest.mark.parametrize("size", [2, 12])
def test_search_runs_a_fixed_number_of_queries(client, make_release, make_topic, size, django_assert_num_queries):
    topics = [make_topic() for _ in range(size)]
    for _ in range(size):
        make_release(title="Mamay release", topics=topics)

    # results, their topics, matching press conferences, the footer's commission (none here, so no contacts query)
    with django_assert_num_queries(4):
        client.get("/press/search/", {"q": "mamay"})


def test_search_results_leave_body_and_image_unloaded(client, make_release):
    # A body may run to 100,000 characters; a row of results shows the title, date, standfirst or snippet.
    make_release(title="Mamay release", standfirst="About mamay.", body="mamay " * 1000)

    response = client.get("/press/search/", {"q": "mamay"})

    (release,) = response.context["page"].object_list
    assert {"body", "notes_to_editors", "hero_image", "hero_web"} <= release.get_deferred_fields()
    assert "<mark>mamay</mark>" in release.snippet


# SQLite: the plain fallback -----------------------------------------------------------------------------------


@sqlite_only
def test_fallback_matches_substrings_newest_first_and_marks_the_standfirst(client, make_release):
    now = timezone.now()
    make_release(title="Older Mamay", standfirst="About MAMAY & co.", publish_at=now - datetime.timedelta(days=2))
    make_release(title="Newer", body="mamay in the body", publish_at=now - datetime.timedelta(days=1))

    response = client.get("/press/search/", {"q": "mamay"})

    assert result_titles(response) == ["Newer", "Older Mamay"]
    assert '<p class="release-item__snippet">About <mark>MAMAY</mark> &amp; co.</p>' in response.content.decode()


# Press conferences ---------------------------------------------------------------------------------------------


def result_kinds(response) -> list[str]:
    """Each result as "kind: title", in page order."""
    html = response.content.decode()
    return [f"{kind}: {unescape(title)}" for kind, title in re.findall(
        r'<span class="result-kind">(.*?)</span>.*?<h3 class="release-item__title" id="[a-z]+-\d+"><a href="[^"]*">'
        r'(.*?)</a></h3>', html, flags=re.DOTALL,
    )]


def test_search_finds_press_conferences_and_releases_each_with_its_kind(client, make_release, make_event):
    make_release(title="Zhanbolat Mamay sentenced")
    event = make_event(title="Press conference on the Mamay verdict", summary="The commission answers questions.")
    make_event(title="Unrelated briefing")

    response = client.get("/press/search/", {"q": "mamay"})

    assert result_kinds(response) == [
        "Press conference: Press conference on the Mamay verdict",
        "Press release: Zhanbolat Mamay sentenced",
    ]
    assert tags(response.content, "a", href=event.get_absolute_url()) == [{"href": event.get_absolute_url()}]


def test_search_finds_a_press_conference_by_its_summary_alone(client, make_event):
    make_event(title="Briefing", summary="Questions on the zeppelin hearings.")

    response = client.get("/press/search/", {"q": "zeppelin"})

    assert result_kinds(response) == ["Press conference: Briefing"]
    assert "No press release or press conference" not in text_of(response.content)


def test_search_never_finds_a_draft_or_not_yet_public_press_conference(client, make_event):
    make_event(title="Draft zeppelin briefing", status=Event.Status.DRAFT)
    make_event(title="Scheduled zeppelin briefing", publish_at=timezone.now() + datetime.timedelta(days=1))
    make_event(title="Timeless zeppelin briefing", slots=[])

    response = client.get("/press/search/", {"q": "zeppelin"})

    assert result_kinds(response) == []
    assert "No press release or press conference matches “zeppelin”." in text_of(response.content)


def test_search_runs_a_fixed_number_of_queries_with_press_conferences(client, make_release, make_event, commission,
                                                                    django_assert_num_queries):
    for size in (1, 5):
        for _ in range(size):
            make_release(title="Mamay release")
            make_event(title="Mamay press conference")
        client.get("/press/search/", {"q": "mamay"})  # reads the commission for this content version
        # releases, their topics, press conferences with their times
        with django_assert_num_queries(3):
            client.get("/press/search/", {"q": "mamay"})


# PostgreSQL: full-text search -----------------------------------------------------------------------------------


@pytest.mark.postgres
def test_full_text_ranks_title_matches_first_and_stems_words(client, make_release):
    now = timezone.now()
    make_release(title="Witnesses heard", body="The meetings were cancelled.", publish_at=now - datetime.timedelta(days=1))
    make_release(title="Meeting cancelled", body="Nothing more.", publish_at=now - datetime.timedelta(days=5))
    make_release(title="Unrelated", body="Weather report.")

    response = client.get("/press/search/", {"q": "meeting"})

    assert result_titles(response) == ["Meeting cancelled", "Witnesses heard"]


@pytest.mark.postgres
def test_full_text_snippet_highlights_matches_and_escapes_the_rest(client, make_release):
    make_release(title="T", standfirst="", body="The court <b>revoked</b> permission & rescinded it.")

    html = client.get("/press/search/", {"q": "revoked"}).content.decode()

    # ts_headline drops what looks like tags and trims fragments; the rest is escaped.
    assert '<p class="release-item__snippet">court <mark>revoked</mark> permission &amp; rescinded</p>' in html


@pytest.mark.postgres
def test_full_text_accepts_web_search_syntax(client, make_release):
    make_release(title="Mamay detained", standfirst="", body="House arrest.")
    make_release(title="Mamay released", standfirst="", body="Free.")

    response = client.get("/press/search/", {"q": 'mamay -released "house arrest"'})

    assert result_titles(response) == ["Mamay detained"]


@pytest.mark.postgres
def test_full_text_finds_press_conferences_by_stem_and_ranks_title_first(client, make_event):
    make_event(title="Witnesses heard", description="The meetings were recorded.")
    make_event(title="Meeting with journalists", description="Nothing more.")
    make_event(title="Unrelated", description="Weather report.")

    response = client.get("/press/search/", {"q": "meeting"})

    assert result_kinds(response) == ["Press conference: Meeting with journalists", "Press conference: Witnesses heard"]


@pytest.mark.postgres
def test_full_text_search_uses_the_gin_index(make_release):
    for n in range(300):
        make_release(title=f"Release {n}", body="Ordinary words." if n else "A rare zeppelin.")
    sql, params = search_releases("zeppelin").query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE press_pressrelease")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "press_release_search" in plan, plan


def test_search_page_field_label_does_not_repeat_its_heading(client, db):
    html = client.get("/press/search/").content.decode()
    assert '<label for="press-search-q">Words to look for</label>' in html
    # The release list's search box keeps the label that says what it searches.
    assert '<label for="press-search-q">Search press releases and press conferences</label>' in client.get("/press/").content.decode()
