from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

# Each app's seed module has ``load(report, **options)``; they run in this order. Options: ``sample`` (bool).
# commission.seed_languages fills the Russian and Kazakh columns of the rows the others made.
SEED_MODULES = ["commission.seed", "press.seed", "events.seed", "commission.seed_languages"]


class Command(BaseCommand):
    help = (
        "Load the model press release's content (commission, people, releases, press conference). "
        "Idempotent: existing rows are never overwritten, so edits made in admin survive (a seed default that "
        "nobody chose may be replaced by a better one)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sample", action="store_true",
            help="Also add sample content for trying the site, e.g. an upcoming press conference to register for.",
        )

    def handle(self, *args, sample=False, **options):
        tables = set(connection.introspection.table_names())
        if "commission_commission" not in tables:
            raise CommandError("The database is not migrated: run `python manage.py migrate` first.")
        created = kept = 0

        def report(kind, name, was_created, *, updated=False):
            nonlocal created, kept
            if was_created:
                created += 1
                self.stdout.write(f"  created {kind}: {name}")
            elif updated:  # a seed default that nobody chose, replaced by a better one
                kept += 1
                self.stdout.write(f"  updated {kind}: {name}")
            else:
                kept += 1
                self.stdout.write(f"  kept    {kind}: {name} (already present, left as it is)")

        try:
            with transaction.atomic():
                for module in SEED_MODULES:
                    import_module(module).load(report, sample=sample)
        except DatabaseError as error:
            raise CommandError(f"Seeding failed, nothing was saved: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Seed loaded: {created} created, {kept} already present."))
