"""What the press admin's modules share: times as the newsroom reads them, and refusing list actions not offered."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commission.web.times import date_and_time
from events import timezones


def in_zones(moment: datetime.datetime) -> str:
    """A time in the site's zone and in UTC, the way the newsroom reads it:
    ``Saturday 1 July 2028, 10:00am BST (Europe/London) · 9:00am UTC``."""
    text = date_and_time(moment)
    zone = timezone.get_current_timezone_name()
    if zone == "UTC":
        return text
    utc = timezones.in_zone(moment, "UTC", reference_date=timezone.localtime(moment).date())
    return f"{text} ({zone}) · {utc.text}"


class OfferedActionsOnly:
    """A list action the user is not offered, posted anyway, is refused with 403. Django would ignore it, or
    answer "No action selected." when the user has other actions; either way, nothing would say why."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            posted = set(request.POST.getlist("action")) - {""}
            if posted - set(self.get_actions(request)):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)
