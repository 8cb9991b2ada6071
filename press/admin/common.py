"""What the press admin's modules share: times as the newsroom reads them, and what returning a release to draft
does to it."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commission.web.times import date_and_time
from events import timezones
from press.models import PressRelease, PreviewLink


def in_zones(moment: datetime.datetime) -> str:
    """A time in the site's zone and in UTC, the way the newsroom reads it:
    ``Saturday 1 July 2028, 10:00am BST (Europe/London) · 9:00am UTC``."""
    text = date_and_time(moment)
    zone = timezone.get_current_timezone_name()
    if zone == "UTC":
        return text
    utc = timezones.in_zone(moment, "UTC", reference_date=timezone.localtime(moment).date())
    return f"{text} ({zone}) · {utc.text}"


def open_copies(releases) -> dict[int, int]:
    """How many journalists' embargoed copies of each of ``releases`` still open, in one query."""
    return PreviewLink.objects.filter(release__in=releases).embargo_copies().opening().count_per_release()


def unpublish_note(release: PressRelease, copies: int) -> str:
    """What returning ``release`` (with ``visibility``) to draft does to it in particular: the public time it
    loses, and the ``copies`` sent to journalists under embargo it stops (``open_copies``)."""
    if release.visibility == PressRelease.Visibility.DRAFT:
        return _("already a draft: it stays as it is")
    when = in_zones(release.publish_at)
    note = (_("public since %(when)s") if release.visibility == PressRelease.Visibility.PUBLIC
            else _("scheduled for %(when)s: it will not go public then")) % {"when": when}
    if copies:
        note += "; " + ngettext("the copy sent to %(count)d journalist under embargo stops",
                                "the copies sent to %(count)d journalists under embargo stop", copies) % {"count": copies}
    return note
