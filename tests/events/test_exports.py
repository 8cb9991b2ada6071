"""Registrations leaving the site (events/exports.py): the CSV list and one person's data as JSON."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from events.models import Event, Registration
from tests.events.adminforms import CHANGELIST, action
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db

S = Registration.Status


def test_csv_export_has_a_bom_a_header_and_one_row_per_registrant(officer_client, make_event, make_registration):
    event = make_event(title="Briefing")
    make_registration(event, name="Zoë Ångström", email="registrant1@example.org", organisation="=HYPERLINK(\"http://evil\")", status=S.CONFIRMED,
                      accessibility_needs="Step-free access")
    make_registration(make_event(), name="Other event")

    response = officer_client.get(reverse("admin:events_event_registrations_csv", args=[event.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="registrations-{event.slug}.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:7] == ["Press conference", "Name", "Email", "Organisation", "Role", "Attendance", "Status"]
    assert len(rows) == 2
    assert rows[1][:8] == ["Briefing", "Zoë Ångström", "registrant1@example.org", "'=HYPERLINK(\"http://evil\")",
                           "Journalist", "In person", "Confirmed", "Step-free access"]


@pytest.mark.parametrize(
    ("stored", "cell"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tTab", "'\tTab"),
     ("\rCR", "'\rCR"), ("＝1+1", "'＝1+1"), ("Org;=cmd|' /C calc'!A0", "Org;'=cmd|' /C calc'!A0"),
     ("Org,+1", "Org,'+1"), ("Line\n@SUM(A1)", "Line\n'@SUM(A1)"), ("Plain, with a comma", "Plain, with a comma")],
)
def test_every_csv_cell_is_guarded_and_quoted(officer_client, make_event, make_registration, stored, cell):
    event = make_event()
    Event.objects.filter(pk=event.pk).update(title=stored)  # titles are checked in the admin; guard anyway
    make_registration(event, name=stored, organisation=stored, accessibility_needs=stored, status=S.CONFIRMED)

    response = officer_client.get(reverse("admin:events_event_registrations_csv", args=[event.pk]))

    content = response.content.decode("utf-8-sig")
    [header, row] = list(csv.reader(io.StringIO(content)))
    assert (row[0], row[1], row[3], row[7]) == (cell, cell, cell, cell)
    assert content.startswith('"Press conference","Name",') and content.count('"') % 2 == 0
    assert content.split("\r\n")[1].startswith(f'"{cell[:1]}')  # every cell quoted, the title first
    # Split at every ";" and line break, as a spreadsheet with ";" as its list separator may: no part starts a
    # formula either (a leading quote only opens a quoted cell).
    for line in re.split(r"\r\n|\r|\n", content):
        for part in line.split(";"):
            assert not part.removeprefix('"').startswith(("=", "+", "-", "@", "＝")), part


def test_csv_export_action_on_selected_registrations(officer_client, make_event, make_registration):
    event = make_event()
    chosen = make_registration(event, name="Chosen")
    make_registration(event, name="Not chosen")

    response = action(officer_client, "export_csv", [chosen])

    body = response.content.decode("utf-8-sig")
    assert "Chosen" in body and "Not chosen" not in body


def test_export_needs_its_own_permission(client, make_event, make_registration):
    client.force_login(make_staff_user("viewer", ["events.view_registration"]))
    event = make_event()
    make_registration(event)

    assert client.get(CHANGELIST).status_code == 200
    assert client.get(reverse("admin:events_event_registrations_csv", args=[event.pk])).status_code == 403
    assert "export_csv" not in client.get(CHANGELIST).text



def test_export_person_json_action(officer_client, make_event, make_registration):
    first, second = make_event(), make_event()
    selected = make_registration(first, email="ann@example.org")
    make_registration(second, email="ann@example.org")

    response = action(officer_client, "export_person_json", [selected])

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="registrations-annexampleorg.json"'
    data = json.loads(response.content)
    assert (data["email"], len(data["registrations"])) == ("ann@example.org", 2)
