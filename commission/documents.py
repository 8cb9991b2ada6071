"""Uploaded documents (PDF): checked by their content, never their name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DOCUMENT_MAX_BYTES = 50 * 1024 * 1024


def validate_pdf(upload) -> None:
    """Refuse anything that does not start as a PDF does, or is over the size limit."""
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(DOCUMENT_MAX_BYTES / 1_048_576)},
            code="too_large",
        )
    upload.seek(0)
    start = upload.read(5)
    upload.seek(0)
    if start != b"%PDF-":
        raise ValidationError(_("Upload a PDF file."), code="format")
