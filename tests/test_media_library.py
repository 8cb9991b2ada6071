import datetime
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from commission import documents, images
from commission.models import MediaDocument, MediaImage
from commission.web.links import absolute_url
from events.models import Event, EventDocument, EventImage
from press.models import PressRelease, ReleaseDocument, ReleaseImage
from tests.events.adminforms import event_data, formset
from tests.factories import IMAGE_FIELDS, ORIENTATION, jpeg_with_metadata, make_release_version
from tests.htmltools import text_of
from tests.press.adminforms import form_data

pytestmark = pytest.mark.django_db

def pdf(size=2048, name="report.pdf") -> SimpleUploadedFile:
    data = b"%PDF-1.7\n" + b"0" * (size - 9)
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def staff_client(officer_client):
    """The library and the attachments as the press office uses them: as a member of the Press officer group."""
    return officer_client


def add_image(staff_client, upload, **fields):
    return staff_client.post("/admin/commission/mediaimage/add/", {**IMAGE_FIELDS, **fields, "file": upload})


def stored_files(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def test_image_upload_stores_the_original_without_metadata_at_full_resolution(staff_client, media_root):
    response = add_image(staff_client, jpeg_with_metadata(2000, 1000))

    assert response.status_code == 302
    image = MediaImage.objects.get()
    with Image.open(image.file.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (2000, 1000)
        assert dict(stored.getexif()) == {}
        assert "comment" not in stored.info
        assert stored.info["icc_profile"] == b"\0" * 128 + b"profile"
    assert (image.width, image.height) == (2000, 1000)
    assert image.file_size == image.file.size


def test_an_images_credit_caption_and_alt_text_can_be_corrected_keeping_its_file(staff_client, png):
    assert add_image(staff_client, png(800, 600)).status_code == 302
    image = MediaImage.objects.get()
    stored = image.file.name

    response = staff_client.post(f"/admin/commission/mediaimage/{image.pk}/change/",
                                 {**IMAGE_FIELDS, "credit": "John Smith / Commission", "alt_text": "Five people."})

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.credit, image.alt_text, image.file.name) == ("John Smith / Commission", "Five people.", stored)
    assert (image.width, image.height) == (800, 600)


def test_image_upload_applies_the_orientation_to_the_pixels(staff_client):
    add_image(staff_client, jpeg_with_metadata(600, 400, orientation=6))  # "rotate 90° clockwise to view"

    image = MediaImage.objects.get()
    assert (image.width, image.height) == (400, 600)
    with Image.open(image.file.path) as stored:
        assert ORIENTATION not in stored.getexif()


def test_every_rendition_is_without_metadata_and_as_wide_as_named(staff_client):
    add_image(staff_client, jpeg_with_metadata(2000, 1000))

    image = MediaImage.objects.get()
    assert [(r["width"], r["height"]) for r in image.renditions] == [(480, 240), (960, 480), (1600, 800)]
    for rendition in image.renditions:
        with Image.open(image.file.storage.path(rendition["name"])) as stored:
            assert stored.size == (rendition["width"], rendition["height"])
            assert dict(stored.getexif()) == {}
    assert image.srcset == ", ".join(f"/media/{r['name']} {r['width']}w" for r in image.renditions)
    assert image.web["width"] == 960


def test_a_tall_image_gets_copies_as_wide_as_its_srcset_says(staff_client, png):
    add_image(staff_client, png(1000, 6000))  # a long infographic

    image = MediaImage.objects.get()

    assert [(r["width"], r["height"]) for r in image.renditions] == [(480, 2880), (960, 5760), (1000, 6000)]
    for rendition in image.renditions:
        with Image.open(image.file.storage.path(rendition["name"])) as stored:
            assert stored.size == (rendition["width"], rendition["height"])
    assert image.srcset == ", ".join(f"/media/{r['name']} {width}w" for r, width in zip(image.renditions,
                                                                                       (480, 960, 1000), strict=True))


def test_a_narrow_tall_image_gets_one_copy_its_own_width(staff_client, png):
    add_image(staff_client, png(300, 6000))

    assert [(r["width"], r["height"]) for r in MediaImage.objects.get().renditions] == [(300, 6000)]


def test_an_absurdly_tall_image_keeps_its_width_and_is_cut_at_the_foot(staff_client, png, monkeypatch):
    monkeypatch.setattr(images, "MAX_COPY_HEIGHT", 4000)
    add_image(staff_client, png(600, 12000))

    assert [(r["width"], r["height"]) for r in MediaImage.objects.get().renditions] == [(480, 4000), (600, 4000)]


def test_a_small_image_gets_no_rendition_wider_than_itself(staff_client, png):
    add_image(staff_client, png(700, 350))

    assert [r["width"] for r in MediaImage.objects.get().renditions] == [480, 700]


def test_stored_extension_is_that_of_the_real_format(staff_client):
    add_image(staff_client, jpeg_with_metadata(100, 50, name="photo.png"))

    assert MediaImage.objects.get().file.name.endswith(".jpg")


def test_a_gif_is_stored_as_png(staff_client):
    buffer = BytesIO()
    Image.new("P", (50, 40)).save(buffer, format="GIF")
    add_image(staff_client, SimpleUploadedFile("logo.gif", buffer.getvalue(), content_type="image/gif"))

    image = MediaImage.objects.get()
    assert image.file.name.endswith(".png")
    with Image.open(image.file.path) as stored:
        assert stored.format == "PNG"


def test_image_upload_of_a_text_file_is_refused_next_to_the_field_and_nothing_stored(staff_client, media_root):
    response = add_image(staff_client, SimpleUploadedFile("photo.jpg", b"<?php echo 1; ?>"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["file"]
    assert "image" in errors["file"][0]
    assert response.context["adminform"].form.data["title"] == IMAGE_FIELDS["title"]  # what was typed is kept
    assert not MediaImage.objects.exists()
    assert stored_files(media_root) == []


def test_image_without_credit_licence_or_alt_text_is_refused(staff_client, png):
    response = add_image(staff_client, png(10, 10), credit="", licence="", alt_text="")

    assert set(response.context["adminform"].form.errors) == {"credit", "licence", "alt_text"}
    assert not MediaImage.objects.exists()


def test_image_fields_have_limits(staff_client, png):
    response = add_image(staff_client, png(10, 10), title="x" * 201, caption="x" * 1001, credit="x" * 201,
                         licence="x" * 201, alt_text="x" * 251, licence_url="not a link")

    assert set(response.context["adminform"].form.errors) == {
        "title", "caption", "credit", "licence", "alt_text", "licence_url"
    }


def test_document_upload_stores_the_pdf_with_its_size(staff_client):
    response = staff_client.post("/admin/commission/mediadocument/add/",
                                 {"title": "Interim report", "description": "The first findings.", "file": pdf(5000)})

    assert response.status_code == 302
    document = MediaDocument.objects.get()
    assert document.file_size == 5000
    assert document.file.name.startswith("library/documents/report-")
    assert document.file.name.endswith(".pdf")


def test_document_named_pdf_that_is_not_one_is_refused(staff_client, media_root):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = staff_client.post("/admin/commission/mediadocument/add/", {"title": "Report", "file": fake})

    assert response.context["adminform"].form.errors == {"file": ["Upload a PDF file."]}
    assert stored_files(media_root) == []


def test_document_over_the_size_limit_is_refused(staff_client, monkeypatch):
    monkeypatch.setattr(documents, "DOCUMENT_MAX_BYTES", 3 * 1_048_576)
    response = staff_client.post("/admin/commission/mediadocument/add/",
                                 {"title": "Report", "file": pdf(4 * 1_048_576)})

    assert response.context["adminform"].form.errors == {"file": ["The file is 4.0 MB; the limit is 3 MB."]}
    assert not MediaDocument.objects.exists()


def test_document_stored_name_ends_in_pdf_whatever_it_was_called(staff_client):
    staff_client.post("/admin/commission/mediadocument/add/", {"title": "Report", "file": pdf(name="report.exe")})

    assert MediaDocument.objects.get().file.name.endswith(".pdf")


# Releases and press conferences show their media.

@pytest.fixture
def make_document():
    def make(title="Interim report", size=1_258_291):
        return MediaDocument.objects.create(title=title, file=pdf(size))

    return make


def test_release_page_media_section_shows_images_with_credit_licence_renditions_and_download(
    client, make_release, make_image
):
    release = make_release()
    image = make_image(width=2000, height=1000)
    ReleaseImage.objects.create(release=release, image=image)

    html = client.get(release.get_absolute_url()).content.decode()

    assert '<h2 id="media-heading">Media</h2>' in html
    assert f'src="{image.web["url"]}" srcset="{image.srcset}"' in html
    assert " 480w, " in image.srcset and image.srcset.endswith(" 1600w")
    assert f'alt="{image.alt_text}"' in html
    assert "The commissioners before the first hearing." in html
    assert "Photo: Jane Smith / Commission" in html
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in html
    assert f'<a href="{image.file.url}" download="commissioners.png">Download full resolution' in html
    assert f"(PNG, 2000&nbsp;×&nbsp;1000&nbsp;px, {filesizeformat(image.file_size)})" in html


def test_on_a_russian_page_the_media_written_in_english_say_so(client, make_release, make_image, png):
    """The library's words are English only: a screen reader reads them as English on a Russian page."""
    release = make_release(hero_image=png(1600, 900), hero_alt="A hearing room.", hero_caption="The hearing room.")
    image = make_image()
    ReleaseImage.objects.create(release=release, image=image)
    ReleaseDocument.objects.create(release=release, document=MediaDocument.objects.create(
        title="Interim report", description="The first findings.", file=pdf()))
    version = make_release_version(release, "ru", title="Комиссия собирается", slug="komissiya")

    russian = client.get(f"/ru/press/{version.slug}/").content.decode()
    english = client.get(release.get_absolute_url()).content.decode()

    for marked in [f'alt="{image.alt_text}" lang="en-gb"', '<span class="media__title" lang="en-gb">',
                   '<span class="media__caption" lang="en-gb">The commissioners', 'download="interim-report.pdf" lang="en-gb">Interim report',
                   '<span class="media__caption" lang="en-gb">The first findings.',
                   'alt="A hearing room." lang="en-gb"', '<span lang="en-gb">The hearing room.</span>']:
        assert marked in russian, marked
    assert 'lang="en-gb"' not in english[english.index('<figure class="release__hero">'):english.index("</main>")]


def test_release_page_lists_documents_with_type_and_size(client, make_release, make_document):
    release = make_release()
    document = make_document()
    ReleaseDocument.objects.create(release=release, document=document)

    html = client.get(release.get_absolute_url()).content.decode()

    assert f'<a href="{document.file.url}" type="application/pdf" download="interim-report.pdf">Interim report</a>' in html
    assert "(PDF, 1.2\xa0MB)" in html
    # Paper cannot follow the link: the printed release says where its media are.
    assert ("This press release online, with its photos and documents to download: "
            f"{absolute_url(release.get_absolute_url())}</p>") in html


def test_a_file_with_a_russian_or_kazakh_title_downloads_under_its_title_in_latin_letters(
    client, make_release, png
):
    release = make_release()
    document = MediaDocument.objects.create(title="Доклад комиссии 2026", file=pdf(name="Доклад комиссии 2026.pdf"))
    image = MediaImage.objects.create(**{**IMAGE_FIELDS, "title": "Қазақстан: тыңдау", "taken_on": None},
                                      file=png(600, 400, name="Фото героя.png"))
    ReleaseDocument.objects.create(release=release, document=document)
    ReleaseImage.objects.create(release=release, image=image)

    html = client.get(release.get_absolute_url()).content.decode()

    assert f'<a href="{document.file.url}" type="application/pdf" download="doklad-komissii-2026.pdf">' in html
    assert f'<a href="{image.file.url}" download="qazaqstan-tyndau.png">Download full resolution' in html
    # Stored under a random name still, readable in Latin letters too.
    assert re.fullmatch(r"library/documents/doklad-komissii-2026-[0-9a-f]{8}\.pdf", document.file.name)
    assert re.fullmatch(r"library/images/foto-geroya-[0-9a-f]{8}\.png", image.file.name)


def test_a_title_with_nothing_to_spell_in_latin_letters_downloads_under_the_stored_name(
    client, make_release, make_document
):
    release = make_release()
    document = MediaDocument.objects.create(title="《报告》", file=pdf(name="report.pdf"))
    ReleaseDocument.objects.create(release=release, document=document)

    html = client.get(release.get_absolute_url()).content.decode()

    assert re.fullmatch(r"report-[0-9a-f]{8}\.pdf", document.download_name)
    assert f'download="{document.download_name}"' in html


def test_release_media_come_in_their_order(client, make_release, make_image, make_document):
    release = make_release()
    for order, title in ((2, "Second"), (1, "First")):
        ReleaseImage.objects.create(release=release, image=make_image(title), order=order)
        ReleaseDocument.objects.create(release=release, document=make_document(f"{title} report"), order=order)

    html = client.get(release.get_absolute_url()).content.decode()

    assert html.index(">First<") < html.index(">Second<")
    assert html.index("First report") < html.index("Second report")


def test_a_page_without_media_has_no_media_section(client, make_release):
    html = client.get(make_release().get_absolute_url()).content.decode()

    assert "media-heading" not in html
    assert "photos and documents" not in html


def test_draft_and_embargoed_release_attachments_appear_on_no_public_page(
    client, make_release, make_image, make_document, make_member, commission
):
    speaker = make_member(commission)
    public = make_release(quotes=[(speaker, "Said in public.")])
    hidden = [
        make_release(status="draft", publish_at=None, quotes=[(speaker, "Said in a draft.")]),
        make_release(publish_at=timezone.now() + datetime.timedelta(days=1), quotes=[(speaker, "Embargoed.")]),
    ]
    secrets = []
    for release in hidden:
        image, document = make_image(f"Secret {release.pk}"), make_document(f"Secret report {release.pk}")
        ReleaseImage.objects.create(release=release, image=image, is_share_image=True)
        ReleaseDocument.objects.create(release=release, document=document)
        secrets += [image.file.url, image.web["url"], image.largest["url"], document.file.url, image.title,
                    document.title]

    for url in ("/", "/press/", public.get_absolute_url(), speaker.get_absolute_url(), "/commission/",
                "/press/feed/rss/", "/sitemap.xml", "/events/"):
        content = client.get(url).content.decode()
        assert not [secret for secret in secrets if secret in content], url
    for release in hidden:
        assert client.get(release.get_absolute_url()).status_code == 404


def test_event_page_shows_its_media(client, make_event, make_image, make_document):
    event = make_event()
    image, document = make_image("At the venue"), make_document("Agenda")
    EventImage.objects.create(event=event, image=image)
    EventDocument.objects.create(event=event, document=document)

    html = client.get(event.get_absolute_url()).content.decode()

    assert f'srcset="{image.srcset}"' in html
    assert f'<a href="{document.file.url}" type="application/pdf" download="agenda.pdf">Agenda</a>' in html


@pytest.mark.parametrize("owner", ["release", "event"])
def test_media_cost_the_same_queries_however_many_there_are(
    client, make_release, make_event, make_image, make_document, owner
):
    def add_media(target, n):
        kind_image, kind_document, key = ((ReleaseImage, ReleaseDocument, "release") if owner == "release"
                                          else (EventImage, EventDocument, "event"))
        for i in range(n):
            kind_image.objects.create(**{key: target}, image=make_image(f"{key} image {i}", 600, 300), order=i)
            kind_document.objects.create(**{key: target}, document=make_document(f"{key} doc {i}"), order=i)

    def count(target):
        url = target.get_absolute_url()
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make = make_release if owner == "release" else make_event
    one, many = make(), make()
    add_media(one, 1)
    add_media(many, 5)

    assert count(one) == count(many)


def test_image_taken_in_the_future_is_refused(staff_client, png):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = add_image(staff_client, png(10, 10), taken_on=tomorrow.isoformat())

    assert response.context["adminform"].form.errors == {"taken_on": ["The date taken cannot be in the future."]}


def test_release_admin_attaches_images_in_order_with_one_share_image(staff_client, make_image, make_document):
    first, second, document = make_image("First"), make_image("Second"), make_document()
    data = form_data(
        body="Text without quotes.",
        **{"image_attachments-TOTAL_FORMS": "2",
           "image_attachments-0-image": str(second.pk), "image_attachments-0-order": "2",
           "image_attachments-1-image": str(first.pk), "image_attachments-1-order": "1",
           "image_attachments-1-is_share_image": "on",
           "document_attachments-TOTAL_FORMS": "1",
           "document_attachments-0-document": str(document.pk), "document_attachments-0-order": "1"},
    )

    response = staff_client.post("/admin/press/pressrelease/add/", data)

    assert response.status_code == 302
    release = PressRelease.objects.get()
    assert [(a.image.title, a.is_share_image) for a in release.image_attachments.all()] == [
        ("First", True), ("Second", False)
    ]
    assert [a.document for a in release.document_attachments.all()] == [document]
    # Each saved row is headed by the item's title, not "ReleaseImage object (1)".
    page = text_of(staff_client.get(f"/admin/press/pressrelease/{release.pk}/change/").content, "body")
    assert "object (" not in page
    assert all(title in page for title in ("First", "Second", str(document)))


def test_release_admin_refuses_two_share_images_next_to_the_rows(staff_client, make_image):
    first, second = make_image("First"), make_image("Second")
    data = form_data(
        body="Text without quotes.",
        **{"image_attachments-TOTAL_FORMS": "2",
           "image_attachments-0-image": str(first.pk), "image_attachments-0-order": "1",
           "image_attachments-0-is_share_image": "on",
           "image_attachments-1-image": str(second.pk), "image_attachments-1-order": "2",
           "image_attachments-1-is_share_image": "on"},
    )

    response = staff_client.post("/admin/press/pressrelease/add/", data)

    assert response.status_code == 200
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert formsets["image_attachments"].non_form_errors() == ["Tick one share image at most."]
    assert not PressRelease.objects.exists()


def test_release_admin_refuses_a_share_image_too_small_for_link_previews_next_to_its_row(staff_client, make_image):
    small = make_image("Logo", width=400, height=200)
    data = form_data(body="Text without quotes.",
                     **{"image_attachments-TOTAL_FORMS": "1", "image_attachments-0-image": str(small.pk),
                        "image_attachments-0-order": "1", "image_attachments-0-is_share_image": "on"})

    response = staff_client.post("/admin/press/pressrelease/add/", data)

    assert response.status_code == 200
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert formsets["image_attachments"].errors[0]["is_share_image"] == [
        "A share image needs at least 600 × 315 pixels; this one is 400 × 200, which link previews show small or "
        "blurred."]
    assert not PressRelease.objects.exists()


def test_press_conference_admin_attaches_media_and_speakers(staff_client, make_event, make_image, make_person):
    event = make_event()
    speaker, image = make_person(), make_image()
    data = {**event_data(event.commission, slug="with-media", speakers=[str(speaker.pk)]),
            **formset("image_attachments", [{"image": str(image.pk), "order": "1"}])}

    response = staff_client.post("/admin/events/event/add/", data)

    assert response.status_code == 302
    saved = Event.objects.get(slug="with-media")
    assert [a.image for a in saved.image_attachments.all()] == [image]
    assert list(saved.speakers.all()) == [speaker]
