"""The newsroom's side of a release's language versions (press/translation_admin.py): versions are edited on the
release's page, and its list and page say which are missing or out of date."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from press import services
from press.models import PressRelease, ReleaseTranslation
from tests.factories import (
    make_person,
    make_release,
    make_release_version,
    make_staff_user,
)
from tests.htmltools import form_fields, text_of
from tests.press.adminforms import change_data, change_url

pytestmark = pytest.mark.django_db


def column(client, url) -> str:
    return " ".join(text_of(client.get(url).content, "main").split())


def test_release_list_and_page_say_which_versions_are_ready_missing_or_out_of_date(staff_client):
    release = make_release(title="Commission meets", quotes=[(make_person(), "We will listen.")])
    make_release_version(release, "ru")

    assert "Русский: ready · Қазақша: missing" in column(staff_client, "/admin/press/pressrelease/")

    quote = release.quotes.get()
    quote.text = "We will listen carefully."
    quote.save()

    assert "Русский: out of date: the English changed since it was written · Қазақша: missing" in column(
        staff_client, "/admin/press/pressrelease/")
    assert "Русский: out of date" in column(staff_client, change_url(release))


def test_changing_only_the_english_dateline_place_marks_the_versions_out_of_date(staff_client):
    release = make_release(title="Commission meets", dateline_place="London")
    make_release_version(release, "ru", dateline_place="Лондон")
    make_release_version(release, "kk")

    response = staff_client.post(change_url(release), change_data(release, dateline_place="Almaty",
                                                                   change_kind="minor"))

    assert response.status_code == 302, text_of(response.content, "main")
    assert PressRelease.objects.get(pk=release.pk).dateline_place == "Almaty"
    out_of_date = "out of date: the English changed since it was written"
    assert f"Русский: {out_of_date} · Қазақша: {out_of_date}" in column(staff_client, "/admin/press/pressrelease/")
    assert f"Русский: {out_of_date}" in column(staff_client, change_url(release))


def as_a_browser_sends(page, press="_save", **typed):
    """The post form of ``page`` as a browser sends it after ``typed`` is typed in: every line break as CRLF (the
    HTML standard), where what the seed or a command stored has LF."""
    sent = {name: [value.replace("\n", "\r\n") for value in values]
            for name, values in form_fields(page.content, press).items()}
    return {**sent, **typed}


def test_saving_the_english_from_a_browser_leaves_versions_nobody_touched_out_of_date(staff_client):
    release = make_release(title="Commission meets", dateline_place="London", body="Opening.\n\nClosing.",
                           quotes=[(make_person(), "We will\nlisten.")])
    make_release_version(release, "ru", body="Вступление.\n\nЗаключение.\n", quotes=["Мы\nвыслушаем."])  # as the seed
    make_release_version(release, "kk", standfirst="Бір.\nЕкі.")

    response = staff_client.post(change_url(release), as_a_browser_sends(
        staff_client.get(change_url(release)), dateline_place="Almaty", change_kind="minor"))

    assert response.status_code == 302, text_of(response.content, "main")
    out_of_date = "out of date: the English changed since it was written"
    assert f"Русский: {out_of_date} · Қазақша: {out_of_date}" in column(staff_client, "/admin/press/pressrelease/")
    version = release.translations.get(language="ru")
    version_page = f"/admin/press/releasetranslation/{version.pk}/change/"
    assert staff_client.post(version_page, as_a_browser_sends(staff_client.get(version_page))).status_code == 302
    assert f"Русский: {out_of_date}" in column(staff_client, change_url(release))


def test_a_version_written_on_the_release_page_is_up_to_date_and_goes_public_with_it(staff_client, client,
                                                                                     admin_user):
    release = make_release(slug="commission-meets")
    data = change_data(release, **{
        "translations-TOTAL_FORMS": "1", "translations-0-language": "ru", "translations-0-slug": "komissiya",
        "translations-0-title": "Комиссия собирается", "translations-0-standfirst": "", "translations-0-body": "Текст.",
        "translations-0-notes_to_editors": "", "translations-0-ready": "on",
    })

    response = staff_client.post(change_url(release), data)

    assert response.status_code == 302, text_of(response.content, "main")
    version = ReleaseTranslation.objects.get(release=release)
    assert version.english_fingerprint and version.written_at
    assert "Русский: ready" in column(staff_client, "/admin/press/pressrelease/")
    client.logout()
    assert client.get("/ru/press/komissiya/").status_code == 200

    services.unpublish_release(release=release, by=admin_user)  # returning to draft takes its versions with it

    assert client.get("/ru/press/komissiya/").status_code == 404
    assert "Комиссия собирается" not in client.get("/ru/press/").content.decode()


def test_ticking_that_a_version_matches_the_english_brings_it_up_to_date(staff_client):
    release = make_release()
    version = make_release_version(release, "kk")
    release.body = "A corrected body."
    release.save()
    data = change_data(release, **{
        "translations-TOTAL_FORMS": "1", "translations-INITIAL_FORMS": "1", "translations-0-id": str(version.pk),
        "translations-0-release": str(release.pk), "translations-0-language": "kk", "translations-0-slug": version.slug,
        "translations-0-title": version.title, "translations-0-standfirst": version.standfirst,
        "translations-0-body": version.body, "translations-0-notes_to_editors": "", "translations-0-ready": "on",
        "translations-0-matches_english": "on",
    })

    assert "Қазақша: out of date" in column(staff_client, "/admin/press/pressrelease/")
    assert staff_client.post(change_url(release), data).status_code == 302
    assert "Қазақша: ready" in column(staff_client, "/admin/press/pressrelease/")


def test_the_versions_list_reads_each_rows_state_without_a_query_per_row(staff_client, django_assert_max_num_queries):
    def add_release():
        make_release_version(make_release(quotes=[(make_person(), "We will listen.")]), "ru")

    add_release()
    with django_assert_max_num_queries(50) as one_row:
        assert staff_client.get("/admin/press/releasetranslation/").status_code == 200
    for _ in range(5):
        add_release()
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        page = column(staff_client, "/admin/press/releasetranslation/")
    assert page.count("ready") >= 6


def _version_page_queries(client, quotes: int) -> int:
    release = make_release(quotes=[(make_person(), f"Quote number {n}.") for n in range(quotes)])
    version = make_release_version(release, "ru")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/admin/press/releasetranslation/{version.pk}/change/")
    assert page.content.decode().count("Quote number 0.") >= 1
    return len(captured)


def test_a_versions_page_lists_the_quotes_to_translate_in_as_many_queries_however_many_quotes(staff_client):
    _version_page_queries(staff_client, 1)  # what the admin reads once and then keeps (the site's name) is read
    assert _version_page_queries(staff_client, 20) == _version_page_queries(staff_client, 1)


def test_a_versions_quote_rows_offer_only_that_releases_quotes(staff_client):
    other = make_release(title="Other", quotes=[(make_person(), "Not this release's words.")])
    release = make_release(quotes=[(make_person(), "This release's words.")])
    version = make_release_version(release, "ru")

    page = staff_client.get(f"/admin/press/releasetranslation/{version.pk}/change/").content.decode()

    assert "This release&#x27;s words." in page and "Not this release" not in page
    assert other.quotes.get().text == "Not this release's words."  # there to be left out


def test_who_may_read_only_versions_sees_no_draft_or_embargoed_releases_words(client):
    public = make_release(title="Public release")
    draft = make_release(title="Draft about zeppelins", status=PressRelease.Status.DRAFT, publish_at=None)
    make_release_version(public, "ru", title="Публичный релиз")
    hidden = make_release_version(draft, "ru", title="Черновик о цеппелинах")
    client.force_login(make_staff_user("translator", ["press.view_releasetranslation"]))

    listing = client.get("/admin/press/releasetranslation/")
    page = client.get(f"/admin/press/releasetranslation/{hidden.pk}/change/", follow=True)

    assert "Публичный релиз" in listing.content.decode()
    assert "цеппелин" not in listing.content.decode() and "zeppelins" not in listing.content.decode()
    assert "цеппелин" not in page.content.decode() and "zeppelins" not in page.content.decode()
