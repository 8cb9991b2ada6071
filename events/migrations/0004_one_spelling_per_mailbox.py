"""Registrations stored before commission/web/addresses.py: their addresses in its one spelling per mailbox.

An address the rule refuses (an invisible character, quotes, an address literal) is left as it is, and so
is one whose new spelling another registration of the same event already holds: merging two people's
registrations is for a person to decide, in the admin.
"""

from django.core.exceptions import ValidationError
from django.db import migrations

from commission.web.addresses import normalise_email


def respell(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    for registration in Registration.objects.filter(anonymised_at__isnull=True).exclude(email=""):
        try:
            spelling = normalise_email(registration.email)
        except ValidationError:
            continue
        if spelling == registration.email:
            continue
        taken = Registration.objects.filter(event_id=registration.event_id, email__iexact=spelling,
                                            anonymised_at__isnull=True).exclude(pk=registration.pk)
        if not taken.exists():
            Registration.objects.filter(pk=registration.pk).update(email=spelling)


class Migration(migrations.Migration):
    dependencies = [("events", "0003_text_without_control_characters")]

    operations = [migrations.RunPython(respell, migrations.RunPython.noop)]
