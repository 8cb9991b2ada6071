from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from commission import documents
from commission.models import MediaDocument, MediaImage

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_metadata(width=2000, height=1000, *, orientation=1, name="photo.jpg") -> SimpleUploadedFile:
    """A JPEG as a camera writes it: EXIF with a GPS position, a camera model, an orientation, a colour profile."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Camera X100"  # Model
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 57.0, 0.0)})
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif, icc_profile=b"\0" * 128 + b"profile", comment=b"secret")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(size=2048, name="report.pdf") -> SimpleUploadedFile:
    data = b"%PDF-1.7\n" + b"0" * (size - 9)
    return SimpleUploadedFile(name, data, content_type="application/pdf")


IMAGE_FIELDS = {
    "title": "The commissioners in Almaty",
    "alt_text": "Five people stand in front of a white building.",
    "caption": "The commissioners before the first hearing.",
    "credit": "Jane Smith / Commission",
    "licence": "CC BY 4.0",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    "taken_on": "2026-01-20",
}


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
