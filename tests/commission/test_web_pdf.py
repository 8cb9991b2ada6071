"""commission/web/pdf.py: which Chromium prints, and the page it is given (files, never the network)."""

import pytest

from commission.web import pdf


def test_static_and_local_media_addresses_become_files_and_others_stay(settings, media_root):
    (media_root / "library").mkdir(parents=True)
    (media_root / "library" / "a-480.jpg").write_bytes(b"jpeg")
    (media_root / "library" / "a-960.jpg").write_bytes(b"jpeg")
    html = ('<html><head><link rel="stylesheet" href="/static/css/site.css"></head><body>'
            '<img src="/media/library/a-480.jpg" srcset="/media/library/a-480.jpg 480w, /media/library/a-960.jpg 960w">'
            '<img src="https://bucket.example.org/b.jpg"><img src="/media/library/missing.jpg">'
            '<a href="/press/">Releases</a></body></html>')

    page = pdf._local_assets(html)

    small, large = (media_root / "library" / "a-480.jpg").as_uri(), (media_root / "library" / "a-960.jpg").as_uri()
    assert f'href="{(settings.BASE_DIR / "static" / "css" / "site.css").as_uri()}"' in page
    assert f'<img src="{small}" srcset="{small} 480w, {large} 960w">' in page
    # Not local: left as it was, and Chromium resolves no host name, so it is not fetched.
    assert '<img src="https://bucket.example.org/b.jpg">' in page
    assert '<img src="/media/library/missing.jpg">' in page
    assert '<a href="/press/">Releases</a>' in page


def test_chromium_is_found_on_path_when_not_configured(settings, tmp_path, monkeypatch):
    browser = tmp_path / "chromium-browser"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    settings.CHROMIUM_PATH = ""
    monkeypatch.setenv("PATH", str(tmp_path))

    assert pdf.chromium_path() == str(browser)


@pytest.mark.parametrize("configured", ["/nonexistent/chromium", "not-executable", "folder"])
def test_configured_chromium_that_is_not_an_executable_file_counts_as_none(settings, tmp_path, configured):
    (tmp_path / "not-executable").write_text("#!/bin/sh\n")
    (tmp_path / "folder").mkdir()
    settings.CHROMIUM_PATH = str(tmp_path / configured)

    assert pdf.available() is False


def test_a_link_to_a_local_file_keeps_its_site_address_not_the_servers_folder(settings, media_root):
    # Only what Chromium loads becomes a file; a link stays an address on the site (by the page's <base>), or
    # the PDF would give every reader a dead file:/// link naming the server's folders.
    (media_root / "library").mkdir(parents=True)
    (media_root / "library" / "report.pdf").write_bytes(b"%PDF-1.7")
    html = ('<html><head></head><body><p><a href="/media/library/report.pdf">The report</a> '
            '<a href="/static/css/site.css">style</a></p></body></html>')

    page = pdf._local_assets(html)

    assert '<a href="/media/library/report.pdf">The report</a>' in page
    assert '<a href="/static/css/site.css">style</a>' in page
    assert "file:" not in page
