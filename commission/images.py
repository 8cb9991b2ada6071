"""Uploaded images: their model fields, validation with Pillow and web-sized renditions.

Portraits and hero images both go through here, so the rules for what an
upload may be (a real image, within size and pixel caps, no decompression
bomb) live in one place.
"""

import secrets
from contextlib import contextmanager
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from commission.web.text import latin_slug

# The tallest web copy: an image taller than this at a copy's width (a 1 × 50,000 px strip) is cut at the foot
# rather than made narrower, so that every copy is as wide as its ``srcset`` says. JPEG's own limit is 65,535.
MAX_COPY_HEIGHT = 16_000

# MPO: a JPEG with a second picture in it, as many phones write their photos (stored as a JPEG of the first).
ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}


@deconstructible
class RandomUploadPath:
    """An ``upload_to`` callable: keeps a readable stem (in Latin letters), adds a random suffix."""

    def __init__(self, folder: str, extension: str = ""):
        self.folder = folder
        # When set, every stored name ends with it, whatever the uploaded name says.
        self.extension = extension

    def __call__(self, instance, filename: str) -> str:
        path = PurePath(filename)
        stem = latin_slug(path.stem, max_length=40) or "file"
        return f"{self.folder}/{stem}-{secrets.token_hex(4)}{self.extension or path.suffix.lower()[:5]}"

    def __eq__(self, other):
        return (
            isinstance(other, RandomUploadPath) and other.folder == self.folder and other.extension == self.extension
        )


def validate_image(upload) -> None:
    """Refuse anything that is not a real, reasonably sized image.

    Checks the content, never the file name: size in bytes, the format Pillow
    finds, the pixel count (before decoding, so a decompression bomb is
    refused without being expanded), and that the pixels actually decode.
    """
    max_bytes = settings.IMAGE_MAX_BYTES
    max_pixels = settings.IMAGE_MAX_PIXELS
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(max_bytes / 1_048_576, 1)},
            code="too_large",
        )
    # Open: an image already stored (its record edited, the file unchanged) may have been closed by the
    # model reading its width and height.
    with _reading(upload):
        try:
            with Image.open(upload) as image:
                if image.format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("Upload a JPEG, PNG, WebP or GIF image."), code="format"
                    )
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("The image is %(w)s × %(h)s pixels; the limit is %(limit)s megapixels.")
                        % {"w": width, "h": height, "limit": max_pixels // 1_000_000},
                        code="too_many_pixels",
                    )
                image.load()
        except ValidationError:
            raise
        except Image.DecompressionBombError:
            # Pillow refuses at opening an image of over twice its own pixel limit, before its size can be read.
            raise ValidationError(
                _("The image has more than %(limit)s megapixels, the limit.") % {"limit": max_pixels // 1_000_000},
                code="too_many_pixels",
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(_("The file is not an image or is damaged."), code="invalid") from None
        finally:
            upload.seek(0)


def picture_field(verbose_name, folder: str) -> models.ImageField:
    """An optional uploaded picture (a portrait, a hero image) that pages show through its web copy."""
    return models.ImageField(
        verbose_name, upload_to=RandomUploadPath(folder), blank=True, validators=[validate_image],
        help_text=gettext_lazy("JPEG, PNG, WebP or GIF. A web-sized copy is made automatically."),
    )


def alt_text_field(verbose_name, **options) -> models.CharField:
    """A picture's description for people who cannot see it."""
    return models.CharField(
        verbose_name, max_length=250, help_text=gettext_lazy("Describe the picture for people who cannot see it."),
        **options,
    )


def web_copy_field(folder: str, *, prefix: str) -> models.ImageField:
    """The web copy of a ``picture_field`` that ``refresh_rendition`` makes, its size in ``<prefix>_width`` and
    ``<prefix>_height``."""
    return models.ImageField(upload_to=RandomUploadPath(f"{folder}/web"), blank=True, editable=False,
                             width_field=f"{prefix}_width", height_field=f"{prefix}_height")


@contextmanager
def _reading(source):
    """``source`` open at its start; closed afterwards only if it was opened here (an upload not yet
    saved must stay open)."""
    opened_here = source.closed
    source.open("rb")
    source.seek(0)
    try:
        yield source
    finally:
        if opened_here:
            source.close()


def _for_jpeg(image: Image.Image) -> Image.Image:
    """``image`` upright and in RGB, its transparent parts on white: a JPEG has no transparency, and a
    straight conversion shows black where there was nothing."""
    image = ImageOps.exif_transpose(image)
    if image.mode.startswith("I;16") or image.mode == "I":
        # 16-bit grey (a scan, a PNG from a graphics tool): its greys into 8 bits; converted straight, every
        # value over 255 would be white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _web_copy(image: Image.Image, width: int) -> Image.Image:
    """``image`` ``width`` pixels wide, or as wide as it is when narrower, its height in proportion however
    tall it is; one taller than ``MAX_COPY_HEIGHT`` at that width keeps its top, cut to that height."""
    width = min(width, image.width)
    height = max(1, round(image.height * width / image.width))
    if height > MAX_COPY_HEIGHT:
        image = image.crop((0, 0, image.width, min(image.height, round(MAX_COPY_HEIGHT * image.width / width))))
        height = MAX_COPY_HEIGHT
    if image.size == (width, height):
        return image.copy()
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def store_cleaned(upload) -> None:
    """Store a new upload (a model's file field, not yet saved) as its cleaned original: upright, without GPS,
    camera or other metadata, since the original is public at its address too (``clean_original``)."""
    cleaned = clean_original(upload, name=upload.name)
    upload.save(cleaned.name, cleaned, save=False)


def refresh_rendition(instance, *, source_field: str, rendition_field: str, max_width: int) -> None:
    """Rebuild ``rendition_field`` from ``source_field`` when a new source was uploaded, storing the upload
    cleaned (``clean_original``).

    Call from ``save()`` before the row is written. A new upload is not yet
    committed to storage; a stored source that has its rendition costs nothing.
    (Comparing file names failed here: the stored name gets a random suffix
    after the rendition is made, so every second save rebuilt it.)
    """
    source = getattr(instance, source_field)
    rendition = getattr(instance, rendition_field)
    if not source:
        if rendition:
            setattr(instance, rendition_field, None)
        return
    if rendition and getattr(source, "_committed", True):
        return
    if not getattr(source, "_committed", True):
        store_cleaned(source)
    # The rendition is always a JPEG: name it so, whatever the source's extension.
    [(_width, _height, copy)] = make_renditions(source, widths=[max_width], name=source.name)
    rendition.save(f"{PurePath(source.name).stem}.jpg", copy, save=False)


# The format a cleaned original is stored in, and its extension: a GIF becomes a PNG of its first frame.
STORED_FORMATS = {"JPEG": ("JPEG", ".jpg"), "MPO": ("JPEG", ".jpg"), "PNG": ("PNG", ".png"), "WEBP": ("WEBP", ".webp"),
                  "GIF": ("PNG", ".png")}


def clean_original(source, *, name: str) -> ContentFile:
    """The full-resolution image without its metadata (EXIF, GPS, XMP, comments), safe to hand out.

    Re-encoded at full size with its orientation applied to the pixels and its colour profile kept;
    the file name's extension is that of the format actually written.
    """
    with _reading(source), Image.open(source) as opened:
        stored_format, extension = STORED_FORMATS[opened.format]
        icc_profile = opened.info.get("icc_profile")
        image = ImageOps.exif_transpose(opened)
        if stored_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        elif stored_format == "PNG" and image.mode == "P":
            image = image.convert("RGBA")
        # Only the pixels and the colour profile go into the new file: nothing else of the old one.
        clean = Image.new(image.mode, image.size)
        clean.paste(image)
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if stored_format == "JPEG":
        options.update(quality=95, subsampling=0, optimize=True)
    elif stored_format == "WEBP":
        options.update(quality=95)
    buffer = BytesIO()
    clean.save(buffer, format=stored_format, **options)
    stem = latin_slug(PurePath(name).stem, max_length=40) or "image"
    return ContentFile(buffer.getvalue(), name=f"{stem}{extension}")


def make_renditions(source, *, widths, name: str) -> list[tuple[int, int, ContentFile]]:
    """JPEG copies ``widths`` wide for a ``srcset``, as ``(width, height, file)``; none wider than the source,
    so a small image gets fewer (and never two of one width), and none narrower than named because it is tall."""
    with _reading(source), Image.open(source) as opened:
        image = _for_jpeg(opened)
    stem = latin_slug(PurePath(name).stem, max_length=40) or "image"
    renditions = []
    for width in sorted({min(width, image.width) for width in widths}):
        copy = _web_copy(image, width)
        buffer = BytesIO()
        copy.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
        renditions.append((copy.width, copy.height, ContentFile(buffer.getvalue(), name=f"{stem}-{copy.width}.jpg")))
    return renditions
