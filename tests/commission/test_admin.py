from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commission.models import Commission, KeyArea, MediaContact, Membership, Person
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated(commission, make_member):
    make_member(commission, role=Membership.Role.CHAIR)
    MediaContact.objects.create(commission=commission, name="Press office", email="press@example.org")
    return commission


@pytest.mark.parametrize("model", [Commission, Person, MediaContact])
def test_admin_changelist_renders_for_staff(staff_client, populated, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = staff_client.get(url, {"q": "a"})
    assert response.status_code == 200


@pytest.mark.parametrize("model", [Commission, Person, MediaContact])
def test_admin_change_form_renders_for_staff(staff_client, populated, model):
    obj = model.objects.first()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response.context["original"] == obj


def test_admin_commission_form_has_member_key_area_and_contact_inlines(staff_client, populated):
    response = staff_client.get(reverse("admin:commission_commission_change", args=[populated.pk]))
    inline_models = [formset.opts.model for formset in response.context["inline_admin_formsets"]]
    assert inline_models == [Membership, KeyArea, MediaContact]


def test_admin_add_forms_render_for_staff(staff_client, db):
    for name in ["commission_commission", "commission_person", "commission_mediacontact"]:
        assert staff_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_ensure_local_admin_prints_a_password_that_signs_in_at_the_admin_path(db):
    out = StringIO()
    call_command("ensure_local_admin", stdout=out)
    password = out.getvalue().split("Password: ")[1].split()[0]

    assert f"Sign in at http://127.0.0.1:8000{reverse('admin:index')}" in out.getvalue()
    assert get_user_model().objects.get(username="admin").check_password(password)
    out = StringIO()
    call_command("ensure_local_admin", stdout=out)
    assert out.getvalue() == "An admin account already exists; its password is unchanged.\n"


def test_admin_pages_are_branded_with_the_commissions_press_office(staff_client, commission):
    index = staff_client.get(reverse("admin:index")).content.decode()
    login = Client().get(reverse("admin:login")).content.decode()

    assert "Inquiry Commission press office" in index
    assert "<title>Releases, press conferences and registrations | Inquiry Commission press office</title>" in index
    assert "Django administration" not in index
    assert "Inquiry Commission press office" in login
    assert "Django" not in login


def test_admin_brand_follows_a_renamed_commission(staff_client, commission):
    commission.name = "Harbour Inquiry"
    commission.save()

    assert "Harbour Inquiry press office" in staff_client.get(reverse("admin:index")).content.decode()



def _commission_page_queries(client, members: int) -> int:
    commission = factories.make_commission(slug=f"commission-{members}")
    for _ in range(members):
        factories.make_member(commission)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("admin:commission_commission_change", args=[commission.pk])).status_code == 200
    return len(captured)


def test_the_commission_page_reads_its_members_names_with_the_rows(staff_client):
    # The person picker (Django's AutocompleteSelect) reads each row's chosen person: one query a row, allowed
    # for; the row's own name is read with the rows.
    one = _commission_page_queries(staff_client, 1)  # first: it also fills the caches later pages share
    assert _commission_page_queries(staff_client, 8) - one <= 7
