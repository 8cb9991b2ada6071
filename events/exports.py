"""Registrations leaving the site as files: a CSV list for the door or a spreadsheet, one person's data as JSON.

Both are personal data: the responses are attachments that no cache may keep.
"""

import json

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commission.web.exports import csv_response, shown_value
from commission.web.exports import private_attachment as _private_attachment

CSV_FIELDS = [
    ("name", _("Name")), ("email", _("Email")), ("organisation", _("Organisation")), ("role", _("Role")),
    ("attendance", _("Attendance")), ("status", _("Status")), ("accessibility_needs", _("Accessibility needs")),
    ("created_at", _("Registered")), ("confirmed_at", _("Confirmed address")), ("promoted_at", _("Promoted")),
    ("cancelled_at", _("Cancelled")), ("checked_in_at", _("Checked in")),
]


def registrations_csv(queryset, filename: str) -> HttpResponse:
    """One row per registration (``queryset`` should select the event), every cell guarded and quoted."""
    rows = (
        [registration.event.title, *(shown_value(registration, field) for field, _label in CSV_FIELDS)]
        for registration in queryset
    )
    return csv_response(filename, [gettext("Press conference"), *(label for _field, label in CSV_FIELDS)], rows)


def person_json(data: dict, *, email: str) -> HttpResponse:
    """``services.export_person``'s answer for one address, as a JSON file (a subject access request)."""
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    return _private_attachment(response, f"registrations-{slugify(email)}.json")
