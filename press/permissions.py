"""The "Press officer" group: exactly what running the newsroom needs, nothing more.

This list is the one definition of the group. Data migrations call
``sync_press_officer_group(apps)`` and ``post_migrate`` calls it again, so a
permission added here (the events app adds its codenames to the dict) reaches
the group on the next ``migrate``. Permissions granted by hand are removed.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

PRESS_OFFICER_GROUP = "Press officer"

PRESS_OFFICER_PERMISSIONS: dict[str, list[str]] = {
    "press": [
        "add_pressrelease", "change_pressrelease", "delete_pressrelease", "view_pressrelease",
        "publish_pressrelease",
        # Embargoed releases: sent to accredited journalists before they are public, and withdrawn (press/embargo.py).
        "send_embargoed",
        "add_quote", "change_quote", "delete_quote", "view_quote",
        # Language versions of releases and their translated quotes.
        "add_releasetranslation", "change_releasetranslation", "delete_releasetranslation",
        "view_releasetranslation",
        "add_quotetranslation", "change_quotetranslation", "delete_quotetranslation", "view_quotetranslation",
        "add_topic", "change_topic", "delete_topic", "view_topic",
        # Links are revoked, never deleted, so their use log stays.
        "add_previewlink", "change_previewlink", "view_previewlink",
        "view_previewlinkuse",
        # Accreditation requests are personal data: view to read them; change to approve, reject and revoke;
        # export for the CSV; delete to erase one person's data.
        "view_accreditation", "change_accreditation", "delete_accreditation", "export_accreditation",
        # Alert subscribers change their own choice; the office reads the list and deletes one on request.
        "view_alertsubscription", "delete_alertsubscription",
        # A release's images and documents from the media library, in order.
        "add_releaseimage", "change_releaseimage", "delete_releaseimage", "view_releaseimage",
        "add_releasedocument", "change_releasedocument", "delete_releasedocument", "view_releasedocument",
    ],
    "commission": [
        # Notes-to-editors boilerplate and media contacts live on the commission.
        "change_commission", "view_commission",
        "add_mediacontact", "change_mediacontact", "delete_mediacontact", "view_mediacontact",
        # Quoted speakers: a new lawyer may need a profile; removing people is not the newsroom's call.
        "add_person", "change_person", "view_person",
        "view_membership", "view_keyarea",
        # The media library: an image or a document still attached somewhere cannot be deleted (PROTECT).
        "add_mediaimage", "change_mediaimage", "delete_mediaimage", "view_mediaimage",
        "add_mediadocument", "change_mediadocument", "delete_mediadocument", "view_mediadocument",
    ],
    "events": [
        # Press conferences are cancelled, not deleted: their registrants hang on them.
        "add_event", "change_event", "view_event",
        "add_slot", "change_slot", "delete_slot", "view_slot",
        "add_displayzone", "change_displayzone", "delete_displayzone", "view_displayzone",
        # Language versions of press conferences and their translated place names.
        "add_eventtranslation", "change_eventtranslation", "delete_eventtranslation", "view_eventtranslation",
        "add_displayzonetranslation", "change_displayzonetranslation", "delete_displayzonetranslation",
        "view_displayzonetranslation",
        # A press conference's images and documents from the media library, in order.
        "add_eventimage", "change_eventimage", "delete_eventimage", "view_eventimage",
        "add_eventdocument", "change_eventdocument", "delete_eventdocument", "view_eventdocument",
        # The change log is written by the site, never edited.
        "view_eventchange",
        # Registrants are personal data: view to see them; change for check-in, promote, cancel and
        # resend; export for the CSV and JSON exports; delete to erase one person's registrations.
        "view_registration", "change_registration", "delete_registration", "export_registration",
    ],
}


def sync_press_officer_group(apps=None, *, using: str = "default") -> list[str]:
    """Make the group hold exactly ``PRESS_OFFICER_PERMISSIONS``; return the codenames not found.

    ``apps`` is a migration's historical registry (or the live one when
    omitted). A permission whose model does not exist yet is reported, not
    an error: the migration that creates that model syncs again.
    """
    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    # Permissions are normally created after all migrations ran; create the ones we need now.
    for label in PRESS_OFFICER_PERMISSIONS:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue
        app_config.models_module = getattr(app_config, "models_module", None) or True
        create_permissions(app_config, verbosity=0, apps=apps, using=using)

    wanted = {(label, codename) for label, codenames in PRESS_OFFICER_PERMISSIONS.items() for codename in codenames}
    found = list(
        Permission.objects.using(using)
        .filter(content_type__app_label__in=list(PRESS_OFFICER_PERMISSIONS), codename__in=[c for _, c in wanted])
        .select_related("content_type")
    )
    permissions = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
    group, _created = Group.objects.using(using).get_or_create(name=PRESS_OFFICER_GROUP)
    group.permissions.set(permissions)
    missing = wanted - {(p.content_type.app_label, p.codename) for p in permissions}
    return sorted(f"{label}.{codename}" for label, codename in missing)
