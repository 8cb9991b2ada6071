"""Registrations leaving the site (events/exports.py): the CSV list and one person's data as JSON."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.models import Registration
from tests.events.test_registration_admin import CHANGELIST, action, text

pytestmark = pytest.mark.django_db

S = Registration.Status


def test_csv_export_has_a_bom_a_header_and_one_row_per_registrant(officer_client, make_event, make_registration):
    event = make_event(title="Briefing")
    make_registration(event, name="Zoë Ångström", organisation="=HYPERLINK(\"http://evil\")", status=S.CONFIRMED,
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


def test_csv_export_action_on_selected_registrations(officer_client, make_event, make_registration):
    event = make_event()
    chosen = make_registration(event, name="Chosen")
    make_registration(event, name="Not chosen")

    response = action(officer_client, "export_csv", [chosen])

    body = response.content.decode("utf-8-sig")
    assert "Chosen" in body and "Not chosen" not in body


def test_export_needs_its_own_permission(client, django_user_model, make_event, make_registration):
    user = django_user_model.objects.create_user("viewer", "v@example.org", "pw-long-enough-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(user)
    event = make_event()
    make_registration(event)

    assert client.get(CHANGELIST).status_code == 200
    assert client.get(reverse("admin:events_event_registrations_csv", args=[event.pk])).status_code == 403
    assert "export_csv" not in text(client.get(CHANGELIST))



def test_export_person_json_action(officer_client, make_event, make_registration):
    first, second = make_event(), make_event()
    selected = make_registration(first, email="ann@example.org")
    make_registration(second, email="ann@example.org")

    response = action(officer_client, "export_person_json", [selected])

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="registrations-annexampleorg.json"'
    data = json.loads(response.content)
    assert (data["email"], len(data["registrations"])) == ("ann@example.org", 2)
