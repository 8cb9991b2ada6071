"""Registrations leaving the site as files: a CSV list for the door or a spreadsheet, one person's data as JSON.

Both are personal data: the responses are attachments that no cache may keep.
"""

import csv
import datetime
import json
import re

from django.http import HttpResponse
from django.utils import timezone as django_tz
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CSV_FIELDS = [
    ("name", _("Name")), ("email", _("Email")), ("organisation", _("Organisation")), ("role", _("Role")),
    ("attendance", _("Attendance")), ("status", _("Status")), ("accessibility_needs", _("Accessibility needs")),
    ("created_at", _("Registered")), ("confirmed_at", _("Confirmed address")), ("promoted_at", _("Promoted")),
    ("cancelled_at", _("Cancelled")), ("checked_in_at", _("Checked in")),
]


def _private_attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# A cell starting with one of these is read as a formula by spreadsheets (OWASP, CSV injection), the
# full-width forms included, which some applications fold into the plain ones.
FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")


# A separator or line break inside a cell, followed by a formula start.
_FORMULA_AFTER_SEPARATOR = re.compile("([,;\t\r\n])([" + re.escape("".join(sorted(FORMULA_STARTS - {"\t", "\r", "\n"})))
                                      + "])")


def _csv_cell(value) -> str:
    """One cell as plain text (OWASP's CSV-injection guidance): a value that starts like a formula gets a
    leading ``'``, and so does every part of it after a ``,``, ``;``, tab or line break. Every cell is also
    written in double quotes (``QUOTE_ALL``). The quotes keep the cell whole where the file is read with
    ``,``; but a spreadsheet whose list separator is ``;`` splits the line at a ``;`` inside the quotes, and
    the part after it must not start a formula either."""
    if isinstance(value, datetime.datetime):
        return django_tz.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = "" if value is None else str(value)
    text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'\2", text)
    if text[:1] in FORMULA_STARTS:
        text = "'" + text
    return text


def registrations_csv(queryset, filename: str) -> HttpResponse:
    """UTF-8 with a byte-order mark, so Excel reads accented names right; one row per registration
    (``queryset`` should select the event). Every cell, the header and the press conference's title
    included, goes through ``_csv_cell`` and is quoted."""
    response = _private_attachment(HttpResponse(content_type="text/csv; charset=utf-8"), filename)
    response.write("\ufeff")
    writer = csv.writer(response, quoting=csv.QUOTE_ALL)
    writer.writerow([_csv_cell(gettext("Press conference")), *(_csv_cell(label) for _field, label in CSV_FIELDS)])
    for registration in queryset:
        row = [_csv_cell(registration.event.title)]
        for field, _label in CSV_FIELDS:
            value = getattr(registration, field)
            display = getattr(registration, f"get_{field}_display", None)
            row.append(_csv_cell(display() if display else value))
        writer.writerow(row)
    return response


def person_json(data: dict, *, email: str) -> HttpResponse:
    """``services.export_person``'s answer for one address, as a JSON file (a subject access request)."""
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    return _private_attachment(response, f"registrations-{slugify(email)}.json")
