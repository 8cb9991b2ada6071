"""A release's "Download as PDF": its page printed by Chromium (commission/web/pdf.py), once per printed version,
for public releases only.

Most tests print with a stand-in for Chromium (a shell script that writes "%PDF-" and the page it was given, and
counts its runs); one prints with the machine's real Chromium and reads the text back with pdftotext.
"""

import datetime
import hashlib
import re
import shutil
import subprocess
import threading

import pytest
from django.core.cache import cache
from django.utils import timezone

from commission.models import MediaContact
from commission.web import pdf, versions
from commission.web.links import absolute_url
from press import services
from press.models import PressRelease
from tests.htmltools import tags
from tests.prerequisites import skip_or_fail

pytestmark = pytest.mark.django_db

FAKE_CHROMIUM = """#!/bin/sh
echo run >> '{runs}'
{before}
for argument in "$@"; do
  case "$argument" in --print-to-pdf=*) out="${{argument#--print-to-pdf=}}";; esac
  page="$argument"
done
printf '%%PDF-1.7 stand-in\\n' > "$out"
cat "${{page#file://}}" >> "$out"
"""


class FakeChromium:
    def __init__(self, folder, settings, *, before=""):
        self.runs_file = folder / "runs"
        self.path = folder / "chromium"
        self.path.write_text(FAKE_CHROMIUM.format(runs=self.runs_file, before=before))
        self.path.chmod(0o755)
        settings.CHROMIUM_PATH = str(self.path)

    @property
    def runs(self) -> int:
        return len(self.runs_file.read_text().splitlines()) if self.runs_file.exists() else 0


@pytest.fixture
def chromium(tmp_path, settings):
    return FakeChromium(tmp_path, settings)


def pdf_url(release):
    return f"/press/{release.slug}/pdf/"


def without_nonce(content: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]*"', b"", content)


def test_pdf_of_a_public_release_is_its_printed_page_as_an_attachment(client, chromium, make_release):
    release = make_release(title="Commission hears evidence", slug="commission-hears-evidence")

    response = client.get(pdf_url(release))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="commission-hears-evidence.pdf"'
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
    assert response["X-Robots-Tag"] == "noindex"
    assert response.content.startswith(b"%PDF-")
    printed = response.content.decode()
    assert "<h1 class=\"release__title\">Commission hears evidence</h1>" in printed
    assert "Download as PDF" not in printed  # the printed page does not offer itself
    assert chromium.runs == 1


def test_pdf_is_printed_from_a_file_with_the_local_stylesheet_and_links_leading_to_the_site(
        client, chromium, settings, make_release):
    settings.SITE_URL = "https://press.example.org"
    release = make_release()

    printed = client.get(pdf_url(release)).content.decode()

    stylesheet = tags(printed.encode(), "link", rel="stylesheet")[0]["href"]
    assert stylesheet == (settings.BASE_DIR / "static" / "css" / "site.css").as_uri()
    assert '<head><base href="https://press.example.org/">' in printed


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_pdf_of_a_release_not_public_is_the_same_404_as_a_missing_one_and_prints_nothing(
        client, chromium, make_release, state):
    if state == "draft":
        release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    else:
        release = make_release(publish_at=timezone.now() + datetime.timedelta(days=1))

    response = client.get(pdf_url(release))
    missing = client.get("/press/no-such-release/pdf/")

    assert response.status_code == missing.status_code == 404
    assert without_nonce(response.content) == without_nonce(missing.content)
    assert chromium.runs == 0


def test_second_download_of_the_same_version_is_served_without_printing_again(client, chromium, make_release):
    release = make_release()

    first = client.get(pdf_url(release))
    second = client.get(pdf_url(release))

    assert chromium.runs == 1
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_query_strings_cannot_make_chromium_print_the_same_release_again_and_again(client, chromium, make_release):
    # The page's language links keep the query string: printed as is, each new one was a new print (a DoS).
    release = make_release()

    responses = [client.get(f"{pdf_url(release)}?x={n}", follow=True) for n in range(3)]

    assert [response.status_code for response in responses] == [200, 200, 200]
    assert len({response.content for response in responses}) == 1
    assert chromium.runs == 1


def test_matching_etag_gets_not_modified(client, chromium, make_release):
    release = make_release()
    etag = client.get(pdf_url(release))["ETag"]

    response = client.get(pdf_url(release), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert chromium.runs == 1


def test_new_version_of_the_release_is_printed_anew(client, chromium, make_release):
    release = make_release(title="First title")
    first = client.get(pdf_url(release))

    release.title = "Corrected title"
    release.save()
    second = client.get(pdf_url(release))

    assert chromium.runs == 2
    assert second["ETag"] != first["ETag"]
    assert "Corrected title" in second.content.decode()


def test_change_to_what_the_release_prints_from_elsewhere_prints_it_anew(client, chromium, make_release, commission):
    release = make_release(commission=commission)
    client.get(pdf_url(release))

    MediaContact.objects.create(commission=commission, name="Aigerim Press", email="press@example.org")
    second = client.get(pdf_url(release))

    assert chromium.runs == 2
    assert "Aigerim Press" in second.content.decode()


def test_release_returned_to_draft_loses_its_pdf(client, chromium, make_release, admin_user):
    release = make_release()
    assert client.get(pdf_url(release)).status_code == 200

    services.unpublish_release(release=release, by=admin_user)
    response = client.get(pdf_url(release))

    assert response.status_code == 404
    assert chromium.runs == 1


def test_page_offers_the_pdf_with_a_link_that_says_so(client, chromium, make_release):
    release = make_release()

    response = client.get(release.get_absolute_url())

    assert tags(response.content, "a", href=pdf_url(release)) == [
        {"href": pdf_url(release), "type": "application/pdf", "download": None}
    ]
    assert "Download as PDF" in response.content.decode()


def test_without_chromium_there_is_no_link_and_the_address_is_a_404(client, settings, monkeypatch, make_release):
    settings.CHROMIUM_PATH = ""
    monkeypatch.setenv("PATH", "/nonexistent")
    release = make_release()

    page = client.get(release.get_absolute_url())
    response = client.get(pdf_url(release))

    assert page.status_code == 200
    assert tags(page.content, "a", href=pdf_url(release)) == []
    assert response.status_code == 404




def test_chromium_that_fails_gives_a_503_page_not_a_500(client, tmp_path, settings, make_release):
    FakeChromium(tmp_path, settings, before="exit 3")
    release = make_release(title="Failing print")

    response = client.get(pdf_url(release))

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "PDF not available" in response.content.decode()
    assert f'href="{release.get_absolute_url()}"' in response.content.decode()


def test_chromium_that_hangs_is_stopped_after_the_time_limit(client, tmp_path, settings, monkeypatch, make_release):
    FakeChromium(tmp_path, settings, before="exec sleep 30")
    monkeypatch.setattr(pdf, "PRINT_SECONDS", 0.5)

    response = client.get(pdf_url(make_release()))

    assert response.status_code == 503


def test_only_a_few_chromiums_run_at_once_however_many_releases_are_asked_for(client, chromium, monkeypatch,
                                                                           make_release):
    # Each print is a Chromium of some hundred megabytes: fifty releases asked for at once must not start fifty.
    monkeypatch.setattr(pdf, "SLOT_WAIT_SECONDS", 0)
    keeper = versions.keeper()
    held = [f"printed-pdf:slot:{n}" for n in range(pdf.PRINT_SLOTS)]
    for name in held:  # other requests are printing other releases
        assert keeper.lock(name, 60)
    release = make_release()

    busy = client.get(pdf_url(release))
    for name in held:
        keeper.unlock(name)
    printed = client.get(pdf_url(release))

    assert busy.status_code == 503 and busy["Retry-After"] == "60"
    assert printed.status_code == 200
    assert chromium.runs == 1


def test_page_printed_by_another_process_is_waited_for_not_printed_again(chromium):
    html = "<!doctype html><html><head></head><body>Waited for</body></html>"
    digest_key = "printed-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    keeper = versions.keeper()
    assert keeper.lock(f"{digest_key}:printing", 60)  # another process is printing this page
    result = {}
    waiting = threading.Thread(target=lambda: result.setdefault("printed", pdf.print_once(html)))
    waiting.start()

    cache.set(digest_key, b"%PDF-printed elsewhere", timeout=60)
    keeper.unlock(f"{digest_key}:printing")
    waiting.join(timeout=10)

    assert result["printed"].content == b"%PDF-printed elsewhere"
    assert chromium.runs == 0


# With the machine's Chromium ------------------------------------------------------------------------------------

def test_real_chromium_prints_the_release_text_on_a4_without_navigation(client, settings, make_release, make_person,
                                                                       commission):
    settings.CHROMIUM_PATH = ""
    if not pdf.available():
        skip_or_fail("no Chromium on PATH", "apt-get install -y chromium")
    if shutil.which("pdftotext") is None:
        skip_or_fail("no pdftotext", "apt-get install -y poppler-utils")
    speaker = make_person(full_name="Aidos Sarym", short_name="Aidos Sarym")
    MediaContact.objects.create(commission=commission, name="Dana Press Officer", email="press@example.org")
    release = make_release(
        commission=commission, title="Commission publishes interim findings", dateline_place="Almaty",
        body="The commission met today.\n\n[quote 1]\n\nIt will report again in March.",
        quotes=[(speaker, "Every witness was heard.")], notes_to_editors="The commission was launched in 2022.",
    )

    response = client.get(pdf_url(release))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\s*\]", response.content))
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}  # A4
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True,
                          check=True, timeout=30).stdout.decode()
    text = " ".join(text.split())
    for shown in ("Commission publishes interim findings", "Almaty", "The commission met today.",
                  "Every witness was heard.", "Aidos Sarym", "It will report again in March.", "Notes to editors",
                  "The commission was launched in 2022.", "Media contacts", "Dana Press Officer",
                  f"This press release online: {absolute_url(release.get_absolute_url())}"):
        assert shown in text, shown
    for hidden in ("Skip to main content", "Download as PDF", "Press conferences"):
        assert hidden not in text, hidden


def test_pdf_in_another_interface_language_is_its_own_print(client, chromium, make_release):
    release = make_release()

    page = client.get(f"/ru{release.get_absolute_url()}")
    english = client.get(pdf_url(release))
    russian = client.get(f"/ru{pdf_url(release)}")

    assert tags(page.content, "a", href=f"/ru{pdf_url(release)}") == [
        {"href": f"/ru{pdf_url(release)}", "type": "application/pdf", "download": None}
    ]
    assert "Скачать в PDF" in page.content.decode()
    assert chromium.runs == 2
    assert russian["ETag"] != english["ETag"]
    assert "Контакты для СМИ" in russian.content.decode()


def test_preview_of_a_release_offers_no_pdf(staff_client, chromium, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    preview = staff_client.get(f"/admin/press/pressrelease/{release.pk}/preview/")

    assert preview.status_code == 200
    assert tags(preview.content, "a", href=pdf_url(release)) == []
