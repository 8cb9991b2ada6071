"""The release page in a real browser: complete without JavaScript, nothing from another host, prints on A4."""

import re

import pytest

# The pages are read from the module's shared site; the mark only has pytest-django create the test database.
pytestmark = pytest.mark.django_db


def test_release_page_works_without_javascript_and_requests_only_its_own_host(browser, shared_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    hosts = []
    page.on("request", lambda request: hosts.append(request.url.split("/")[2]))

    page.goto(shared_site["release"])

    assert page.locator("h1").count() == 1
    assert page.locator("blockquote").count() == 2
    assert set(hosts) == {shared_site["host"]}
    context.close()


def test_release_prints_on_a4(page, shared_site):
    page.goto(shared_site["release"])
    page.emulate_media(media="print")

    pdf = page.pdf(format="A4", prefer_css_page_size=True)

    assert (page.locator(".site-header").is_hidden(), page.locator(".site-footer").is_hidden()) == (True, True)
    assert page.locator("article.release").is_visible()
    # Every external link in the text prints its address after it.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.release__notes a[href^=\"http\"]'), '::after').content"
    ) == '" (https://www.inquirycommission.com)"'
    assert pdf.startswith(b"%PDF-")
    assert 3 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 5
