"""The release form's quotes: numbering new rows, their place under the body, and the error summary."""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory

from press.models import PressRelease, Quote
from tests.htmltools import text_of
from tests.press.adminforms import ADD_URL, change_data, change_url, form_data, with_quotes

pytestmark = pytest.mark.django_db


def _order_value(html, prefix):
    return re.search(rf'name="quotes-{prefix}-order"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="quotes-{prefix}-order"',
                     html).group(1)


def test_a_quote_added_on_a_new_release_is_number_1(staff_client):
    html = staff_client.get(ADD_URL).content.decode()

    assert _order_value(html, "__prefix__") == "1"


def test_a_quote_added_to_a_release_takes_the_next_free_number(staff_client, make_release, make_person):
    release = make_release(quotes=[(make_person(), "One"), (make_person(), "Two")])
    release.quotes.filter(order=2).update(order=4)

    html = staff_client.get(change_url(release)).content.decode()

    assert _order_value(html, "__prefix__") == "5"


def test_extra_quote_rows_are_numbered_one_after_another(admin_user, make_release, make_person):
    release = make_release(quotes=[(make_person(), "One"), (make_person(), "Two")])
    request = RequestFactory().get(change_url(release))
    request.user = admin_user
    inline = next(i for i in admin.site.get_model_admin(PressRelease).get_inline_instances(request, release)
                  if i.model is Quote)

    formset = inline.get_formset(request, release, extra=2)(instance=release)

    assert [form.initial["order"] for form in formset.forms] == [1, 2, 3, 4]


def test_two_new_quotes_numbered_by_the_form_save_with_both_placed(staff_client, make_person):
    first, second = make_person(), make_person()
    data = with_quotes(form_data(body="Opening.\n\n[quote 1]\n\nMiddle.\n\n[quote 2]"),
                       {"order": "1", "speaker": str(first.pk), "text": "First."},
                       {"order": "2", "speaker": str(second.pk), "text": "Second."})

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 302
    assert list(PressRelease.objects.get().quotes.values_list("order", "speaker", "text")) == [
        (1, first.pk, "First."), (2, second.pk, "Second."),
    ]


def test_quotes_sit_right_under_the_body(staff_client, make_release, make_person):
    html = staff_client.get(change_url(make_release(quotes=[(make_person(), "Said.")]))).content.decode()

    body, quotes = html.index('name="body"'), html.index('id="quotes-group"')
    publication = html.index(">Publication</h2>")
    links = html.index('id="preview_links-group"')
    assert body < quotes < publication < links


def test_error_summary_lists_every_error_with_a_link_to_its_field(staff_client, make_person):
    speaker = make_person()
    data = with_quotes(form_data(title="", body="Opening.\n\n[quote 3]"),
                       {"order": "1", "speaker": str(speaker.pk), "text": "First."},
                       {"order": "1", "speaker": "", "text": "Second."})

    response = staff_client.post(ADD_URL, data)

    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    links = re.findall(r'<li>(?:<a href="([^"]*)">)?(.*?)(?:</a>)?</li>', summary)
    assert links == [
        ("#id_title", "Title: This field is required."),
        ("#quotes-group", "Two quotes have number 1: give each quote its own number."),
        ("#quotes-group", "The body places [quote 3], but there is no quote 3 below."),
        ("#id_quotes-1-speaker", "Quote 2, Speaker: This field is required."),
    ]
    assert html.index('class="error-summary"') < html.index('name="title"')
    assert 'autofocus' in summary
    assert PressRelease.objects.count() == 0
    assert "Second." in text_of(response.content, "body")  # what was typed is kept


def test_error_summary_links_a_date_and_time_to_its_date_box(staff_client, make_release):
    release = make_release()
    response = staff_client.post(change_url(release), change_data(release, publish_at_0="not a date"))

    summary = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S).group(0)
    assert 'href="#id_publish_at_0"' in summary


def test_a_form_without_errors_has_no_summary(staff_client, make_release):
    assert 'class="error-summary"' not in staff_client.get(change_url(make_release())).content.decode()


def test_the_release_forms_times_name_the_site_zone(staff_client, make_release, settings):
    settings.TIME_ZONE = "Europe/London"
    release = make_release()

    form = staff_client.get(change_url(release)).content.decode()
    schedule = staff_client.get(f"/admin/press/pressrelease/{release.pk}/schedule/").content.decode()

    assert '<span class="datetime-zone" id="id_publish_at_zone">time in <span class="datetime-zone__name">Europe/London</span></span>' in form
    assert '<span class="datetime-zone" id="id_publish_at_zone">time in <span class="datetime-zone__name">Europe/London</span></span>' in schedule
    assert "admin/css/widgets.css" in schedule  # the calendar and clock buttons' icons
