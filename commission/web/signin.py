"""Admin sign-in throttling: django-axes' lockout per user name and address, and one per address across user names.

django-axes compares one failure count with one limit. Given several lockout parameters (e.g.
``[["username", "ip_address"], "ip_address"]``) the count is the largest of their sums, which is always the
address's, so AXES_FAILURE_LIMIT would apply to the whole address: five mistakes by anyone in an office behind
one NAT would lock everyone in it out. This handler keeps AXES_FAILURE_LIMIT for one user name from one address
(AXES_LOCKOUT_PARAMETERS) and adds AXES_ADDRESS_FAILURE_LIMIT, higher, for all user names from one address, so
guessing a few passwords for each of many user names (password spraying) is locked out too.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures on AXES_FAILURE_LIMIT's scale: the address's total across user names counts as reaching
        that limit once it reaches AXES_ADDRESS_FAILURE_LIMIT."""
        failures = super().get_failures(request, credentials)
        if self.failures_from_address(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def failures_from_address(self, request) -> int:
        """Recent failed sign-ins from the request's address, whatever the user name."""
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
