"""Uploaded images: validation with Pillow and web-sized renditions.

Portraits and hero images both go through here, so the rules for what an
upload may be (a real image, within size and pixel caps, no decompression
bomb) live in one place.
"""

import secrets
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@deconstructible
class RandomUploadPath:
    """An ``upload_to`` callable: keeps a readable stem, adds a random suffix."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        path = PurePath(filename)
        stem = slugify(path.stem)[:40] or "image"
        return f"{self.folder}/{stem}-{secrets.token_hex(4)}{path.suffix.lower()[:5]}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and other.folder == self.folder


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
    upload.seek(0)
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
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not an image or is damaged."), code="invalid") from None
    finally:
        upload.seek(0)


def make_rendition(source, *, max_width: int, name: str) -> ContentFile:
    """A re-encoded JPEG no wider than ``max_width``: metadata stripped, safe to serve."""
    # Close the file afterwards only if it was opened here: an upload not yet saved must stay open.
    opened_here = source.closed
    source.open("rb")
    try:
        source.seek(0)
        with Image.open(source) as image:
            image = image.convert("RGB")
            image.thumbnail((max_width, max_width * 4))
            buffer = BytesIO()
            image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    finally:
        if opened_here:
            source.close()
    stem = slugify(PurePath(name).stem)[:40] or "image"
    return ContentFile(buffer.getvalue(), name=f"{stem}.jpg")


def refresh_rendition(instance, *, source_field: str, rendition_field: str, max_width: int) -> None:
    """Rebuild ``rendition_field`` from ``source_field`` when a new source was uploaded.

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
    # The rendition is always a JPEG: name it so, whatever the source's extension.
    rendition.save(
        f"{PurePath(source.name).stem}.jpg", make_rendition(source, max_width=max_width, name=source.name), save=False
    )
