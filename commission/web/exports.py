"""Files for spreadsheets and downloads that hold personal data, as every app writes them: each CSV cell guarded
against formula injection, and the response an attachment no cache may keep."""

import csv
import datetime
import re

from django.http import HttpResponse
from django.utils import timezone as django_tz


def private_attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# A cell starting with one of these is read as a formula by spreadsheets (OWASP, CSV injection), the
# full-width forms included, which some applications fold into the plain ones.
FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")


# A separator or line break inside a cell, followed by a formula start.
_FORMULA_AFTER_SEPARATOR = re.compile("([,;\t\r\n])([" + re.escape("".join(sorted(FORMULA_STARTS - {"\t", "\r", "\n"})))
                                      + "])")


def csv_cell(value) -> str:
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


def csv_response(filename: str, header, rows) -> HttpResponse:
    """A CSV attachment: UTF-8 with a byte-order mark, so Excel reads accented names right; every cell, the
    header's too, through ``csv_cell`` and quoted."""
    response = private_attachment(HttpResponse(content_type="text/csv; charset=utf-8"), filename)
    response.write("\ufeff")
    writer = csv.writer(response, quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(label) for label in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response


def shown_value(obj, field: str):
    """A field's value as the admin shows it: a choice's label rather than its stored key."""
    display = getattr(obj, f"get_{field}_display", None)
    return display() if display else getattr(obj, field)
