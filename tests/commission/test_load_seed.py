import os
from io import StringIO

import pytest
from django.core.management import call_command

from commission.models import Commission, KeyArea, MediaContact, Membership, Person
from tests.forkserver import run_manage

pytestmark = pytest.mark.django_db


def _load():
    out = StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


def _snapshot():
    models = [Commission, KeyArea, MediaContact, Membership, Person]
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in models}


def test_load_seed_creates_the_commission_its_chair_and_two_co_commissioners(db):
    _load()
    commission = Commission.objects.get()
    seats = [(m.person.full_name, m.role) for m in commission.memberships.select_related("person")]
    assert seats == [
        ("Lord Ken Macdonald of River Glaven Kt KC", Membership.Role.CHAIR),
        ("Sir Robert Buckland KC MP", Membership.Role.CO_COMMISSIONER),
        ("Rushanara Ali MP", Membership.Role.CO_COMMISSIONER),
    ]
    assert commission.convenor == "Bindmans LLP" and commission.convenor_is_secretariat
    assert Person.objects.get(slug="tayab-ali").role == "Partner at Bindmans LLP"
    assert commission.media_contacts.count() == 1


def test_load_seed_mandate_has_two_key_areas_with_three_nested(db):
    _load()
    tree = Commission.objects.get().key_area_tree()
    assert [len(subareas) for _, subareas in tree] == [0, 3]
    assert tree[1][1][1].text.startswith("Allegations of torture")


def test_load_seed_twice_changes_nothing(db):
    _load()
    before = _snapshot()
    output = _load()
    assert _snapshot() == before
    assert output.splitlines()[-1].startswith("Seed loaded: 0 created,")


def test_load_seed_never_overwrites_admin_edits(db):
    _load()
    Person.objects.filter(slug="lord-macdonald").update(short_name="Lord Macdonald of River Glaven")
    Commission.objects.update(name="Edited name")
    output = _load()
    assert Person.objects.get(slug="lord-macdonald").short_name == "Lord Macdonald of River Glaven"
    assert Commission.objects.get().name == "Edited name"
    assert "kept    commission: Edited name (already present, left as it is)" in output


def test_load_seed_on_unmigrated_database_says_to_migrate(tmp_path):
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = run_manage(["load_seed"], env=env)  # a process of its own (tests/forkserver.py)
    assert result.returncode == 1
    assert result.stderr == "CommandError: The database is not migrated: run `python manage.py migrate` first.\n"


def test_commission_page_after_seed_shows_three_commissioners(client, db):
    _load()
    body = client.get("/commission/").content.decode()
    for name in ["Lord Ken Macdonald of River Glaven Kt KC", "Sir Robert Buckland KC MP", "Rushanara Ali MP"]:
        assert name in body
    assert body.count('class="person-card"') == 3
