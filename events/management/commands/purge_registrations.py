import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events import services
from press import accreditation, alerts


class Command(BaseCommand):
    help = (
        "Anonymise the registrations of press conferences that ended more than REGISTRATION_RETENTION_DAYS ago "
        "(default 180): name, email, organisation and accessibility needs are blanked; counts are kept. "
        "Safe to run daily: registrations already anonymised are left alone. Also deletes accreditation requests "
        "rejected, or left unconfirmed until their link expired, more than ACCREDITATION_RETENTION_DAYS ago "
        "(default 90), and email-alert subscriptions never confirmed whose link has expired."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Retention in days for this run (default: REGISTRATION_RETENTION_DAYS).")

    def handle(self, *args, days=None, **options):
        days = settings.REGISTRATION_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("The retention must be at least 1 day.")
        now = timezone.now()
        count, events = services.purge_registrations(retention_days=days, now=now)
        cutoff = now - datetime.timedelta(days=days)
        self.stdout.write(
            f"Anonymised {count} registration(s) of {events} press conference(s) that ended before "
            f"{cutoff:%Y-%m-%d %H:%M} UTC ({days} days ago)."
        )
        accreditation_days = settings.ACCREDITATION_RETENTION_DAYS
        deleted = accreditation.purge(retention_days=accreditation_days, now=now)
        self.stdout.write(
            f"Deleted {deleted} rejected or lapsed accreditation request(s) older than {accreditation_days} days."
        )
        lapsed = alerts.purge_lapsed(now=now)
        self.stdout.write(f"Deleted {lapsed} email-alert subscription(s) never confirmed.")
