import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from commission.images import validate_image
from commission.models import Person
from tests.factories import jpeg_with_metadata

pytestmark = pytest.mark.django_db


def _upload(data: bytes, name="portrait.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_validate_image_accepts_a_real_png(png):
    validate_image(png())


def test_validate_image_refuses_text_named_png():
    with pytest.raises(ValidationError, match="not an image"):
        validate_image(_upload(b"<?php echo 'hello'; ?>"))


def test_validate_image_refuses_truncated_image(png):
    data = png(64, 64).read()
    with pytest.raises(ValidationError, match="not an image or is damaged"):
        validate_image(_upload(data[: len(data) // 2]))


def test_validate_image_refuses_over_the_byte_cap(settings, png):
    settings.IMAGE_MAX_BYTES = 50
    with pytest.raises(ValidationError, match="the limit is"):
        validate_image(png(64, 64))


def test_validate_image_refuses_over_the_pixel_cap(settings, png):
    settings.IMAGE_MAX_PIXELS = 100
    with pytest.raises(ValidationError, match="11 × 10 pixels"):
        validate_image(png(11, 10))


def blank_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of ``width`` × ``height`` black pixels, as Pillow writes one (bit depth 1, grey,
    deflate level 6), written row by row from one row's bytes: Pillow took a second for 30,000 × 30,000."""
    row = b"\x00" + bytes((width + 7) // 8)  # filter type 0, then the row's pixels, eight to a byte
    compressor = zlib.compressobj(6)
    pixels = [compressor.compress(row * 1000) for _ in range(height // 1000)]
    pixels += [compressor.compress(row * (height % 1000)), compressor.flush()]

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", b"".join(pixels)) + chunk(b"IEND", b""))


def test_blank_png_is_the_png_pillow_reads():
    image = Image.open(BytesIO(blank_png(3000, 2001)))
    image.load()
    assert (image.format, image.mode, image.size, image.getextrema()) == ("PNG", "1", (3000, 2001), (0, 0))


def test_validate_image_refuses_decompression_bomb_without_decoding(settings):
    settings.IMAGE_MAX_PIXELS = 40_000_000
    # A 30,000 × 30,000 PNG compresses to about a tenth of a megabyte but would need ~2.7 GB decoded.
    with pytest.raises(ValidationError, match="more than 40 megapixels, the limit") as refused:
        validate_image(_upload(blank_png(30_000, 30_000), "bomb.png"))
    assert refused.value.code == "too_many_pixels"  # not "not an image or damaged": it is one, too large


def _add_jane_doe(client, portrait, portrait_alt):
    """Add Jane Doe (slug ``jane-doe``) on the admin's person form, with ``portrait``."""
    return client.post(
        "/admin/commission/person/add/",
        {"full_name": "Jane Doe KC", "short_name": "Jane Doe", "slug": "jane-doe", "portrait": portrait,
         "portrait_alt": portrait_alt},
    )


def test_admin_portrait_not_an_image_shows_error_and_stores_nothing(staff_client, media_root):
    response = _add_jane_doe(staff_client, _upload(b"not an image at all", "jane.png"), "Jane Doe")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "portrait": ["Upload a valid image. The file you uploaded was either not an image or a corrupted image."]
    }
    assert not Person.objects.filter(slug="jane-doe").exists()
    stored = [path for path in media_root.rglob("*") if path.is_file()]
    assert stored == []


def test_admin_portrait_real_image_is_stored_with_rendition(staff_client, png):
    response = _add_jane_doe(staff_client, png(600, 600), "Jane Doe in chambers")
    assert response.status_code == 302
    person = Person.objects.get(slug="jane-doe")
    assert (person.portrait_width, person.portrait_height) == (480, 480)


def test_admin_portrait_over_pixel_cap_shows_our_error(settings, staff_client, png):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    response = staff_client.post(
        "/admin/commission/person/add/",
        {"full_name": "J", "short_name": "J", "slug": "j", "portrait": png(1200, 1000), "portrait_alt": "J"},
    )
    assert response.context["adminform"].form.errors == {
        "portrait": ["The image is 1200 × 1000 pixels; the limit is 1 megapixels."]
    }
    assert not Person.objects.filter(slug="j").exists()


@pytest.mark.parametrize("field", ["hero", "portrait"])
def test_a_phone_photo_as_hero_or_portrait_is_stored_upright_without_its_gps_or_camera(field, make_release,
                                                                                      commission):
    photo = jpeg_with_metadata(1200, 600, orientation=6)  # "rotate 90° clockwise to view"
    if field == "hero":
        item = make_release(hero_image=photo, hero_alt="A courthouse in Almaty")
        original, web = item.hero_image, item.hero_web
    else:
        item = Person.objects.create(full_name="J", short_name="J", slug="j", portrait=photo, portrait_alt="J")
        original, web = item.portrait, item.portrait_web

    for stored in (original, web):
        with Image.open(stored.path) as image:
            assert image.width < image.height, stored.name  # upright: 600 wide, 1200 high, or scaled so
            assert dict(image.getexif()) == {}, stored.name


def test_a_phone_photo_with_a_second_picture_in_it_is_accepted_and_stored_as_a_jpeg(commission):
    buffer = BytesIO()
    Image.new("RGB", (400, 300), (20, 54, 93)).save(buffer, format="MPO", save_all=True,
                                                    append_images=[Image.new("RGB", (400, 300))])
    upload = SimpleUploadedFile("phone.jpg", buffer.getvalue(), content_type="image/jpeg")

    validate_image(upload)
    person = Person.objects.create(full_name="J", short_name="J", slug="j", portrait=upload, portrait_alt="J")

    with Image.open(person.portrait.path) as image:
        assert (image.format, image.size) == ("JPEG", (400, 300))


def test_a_transparent_image_gets_a_white_background_in_its_web_copy(commission):
    buffer = BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")

    person = Person.objects.create(full_name="J", short_name="J", slug="j", portrait=upload, portrait_alt="J")

    with Image.open(person.portrait_web.path) as web:
        assert web.convert("RGB").getpixel((0, 0)) == (255, 255, 255)


def test_a_16_bit_grey_image_keeps_its_greys_in_its_web_copy(commission):
    buffer = BytesIO()
    grey = Image.new("I;16", (300, 200), 0x8000)  # mid-grey in 16 bits
    grey.paste(Image.new("I;16", (150, 200), 0x2000), (0, 0))  # dark grey on the left half
    grey.save(buffer, format="PNG")
    upload = SimpleUploadedFile("scan.png", buffer.getvalue(), content_type="image/png")

    person = Person.objects.create(full_name="K", short_name="K", slug="k", portrait=upload, portrait_alt="K")

    with Image.open(person.portrait_web.path) as web:
        dark, mid = web.convert("L").getpixel((10, 100)), web.convert("L").getpixel((290, 100))
    assert abs(dark - 0x20) <= 3 and abs(mid - 0x80) <= 3  # not clipped to white


@pytest.mark.parametrize(("field", "size", "web_size"), [
    ("portrait", (600, 12000), (480, 9600)),  # narrowed to the portrait's 480 by its width, not its height
    ("portrait", (96, 1920), (96, 1920)),
    ("hero", (1600, 9000), (1200, 6750)),
    ("hero", (240, 4800), (240, 4800)),
])
def test_a_tall_hero_or_portrait_gets_a_web_copy_as_wide_as_it_can_be(field, size, web_size, make_release, commission,
                                                                     png):
    if field == "hero":
        item = make_release(hero_image=png(*size), hero_alt="A long chart")
        web, width, height = item.hero_web, item.hero_width, item.hero_height
    else:
        item = Person.objects.create(full_name="J", short_name="J", slug="j", portrait=png(*size), portrait_alt="J")
        web, width, height = item.portrait_web, item.portrait_width, item.portrait_height

    with Image.open(web.path) as image:
        assert image.size == web_size
    assert (width, height) == web_size  # what the page's width and height attributes say
