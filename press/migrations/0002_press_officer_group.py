from django.db import migrations


def create_group(apps, schema_editor):
    # The permission list lives in press/permissions.py, the one place that defines the group.
    from press.permissions import sync_press_officer_group

    sync_press_officer_group(apps, using=schema_editor.connection.alias)


def remove_group(apps, schema_editor):
    # Read when the migration runs, like create_group: the name is defined once, in press/permissions.py.
    from press.permissions import PRESS_OFFICER_GROUP

    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name=PRESS_OFFICER_GROUP
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commission", "0001_initial"),
        ("press", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_group, remove_group),
    ]
