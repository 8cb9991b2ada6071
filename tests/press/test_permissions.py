from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from press import permissions
from press.permissions import PRESS_OFFICER_GROUP, PRESS_OFFICER_PERMISSIONS, sync_press_officer_group

pytestmark = pytest.mark.django_db

EXPECTED = {
    ("press", "add_pressrelease"), ("press", "change_pressrelease"), ("press", "delete_pressrelease"),
    ("press", "view_pressrelease"), ("press", "publish_pressrelease"), ("press", "send_embargoed"),
    ("press", "add_quote"), ("press", "change_quote"), ("press", "delete_quote"), ("press", "view_quote"),
    ("press", "add_topic"), ("press", "change_topic"), ("press", "delete_topic"), ("press", "view_topic"),
    ("press", "add_previewlink"), ("press", "change_previewlink"), ("press", "view_previewlink"),
    ("press", "view_previewlinkuse"),
    ("press", "view_accreditation"), ("press", "change_accreditation"), ("press", "delete_accreditation"),
    ("press", "export_accreditation"),
    ("press", "view_alertsubscription"), ("press", "delete_alertsubscription"),
    ("commission", "change_commission"), ("commission", "view_commission"),
    ("commission", "add_mediacontact"), ("commission", "change_mediacontact"), ("commission", "delete_mediacontact"),
    ("commission", "view_mediacontact"),
    ("commission", "add_person"), ("commission", "change_person"), ("commission", "view_person"),
    ("commission", "view_membership"), ("commission", "view_keyarea"),
    ("events", "add_event"), ("events", "change_event"), ("events", "view_event"),
    ("events", "add_slot"), ("events", "change_slot"), ("events", "delete_slot"), ("events", "view_slot"),
    ("events", "add_displayzone"), ("events", "change_displayzone"), ("events", "delete_displayzone"),
    ("events", "view_displayzone"), ("events", "view_eventchange"),
    ("events", "view_registration"), ("events", "change_registration"), ("events", "delete_registration"),
    ("events", "export_registration"),
    # Language versions, written by the press office (press/translation_admin.py, events/translation_admin.py).
    *{(app, f"{action}_{model}") for app, model in (("press", "releasetranslation"), ("press", "quotetranslation"),
                                                   ("events", "eventtranslation"), ("events", "displayzonetranslation"))
      for action in ("add", "change", "delete", "view")},
    # The media library, and what releases and press conferences attach from it (README, "Media library").
    *{(app, f"{action}_{model}") for app, model in (("commission", "mediaimage"), ("commission", "mediadocument"),
                                                   ("press", "releaseimage"), ("press", "releasedocument"),
                                                   ("events", "eventimage"), ("events", "eventdocument"))
      for action in ("add", "change", "delete", "view")},
}


def group_permissions():
    return set(Group.objects.get(name=PRESS_OFFICER_GROUP).permissions.values_list("content_type__app_label", "codename"))


def test_migrations_leave_the_group_with_exactly_the_newsroom_permissions():
    assert group_permissions() == EXPECTED


def test_sync_removes_permissions_granted_by_hand():
    group = Group.objects.get(name=PRESS_OFFICER_GROUP)
    group.permissions.add(Permission.objects.get(codename="delete_user"))

    assert sync_press_officer_group() == []
    assert group_permissions() == EXPECTED


def test_sync_reports_permissions_of_models_not_there_yet(monkeypatch):
    monkeypatch.setitem(permissions.PRESS_OFFICER_PERMISSIONS, "press", [*PRESS_OFFICER_PERMISSIONS["press"],
                                                                          "launch_rocket"])

    assert sync_press_officer_group() == ["press.launch_rocket"]
    assert group_permissions() == EXPECTED


def test_data_migration_recreates_the_group():
    Group.objects.filter(name=PRESS_OFFICER_GROUP).delete()
    migration = import_module("press.migrations.0002_press_officer_group")

    class SchemaEditor:
        class connection:
            alias = "default"

    migration.create_group(apps, SchemaEditor)

    assert group_permissions() == EXPECTED
