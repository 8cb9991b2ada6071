"""What the press admin's modules share: times as the newsroom reads them, what returning a release to draft
does to it, and refusing to act on a release from a page made before someone else changed it."""

import datetime

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commission.web.admin import changed_since_shown, row_fingerprint
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


def refused_as_changed(model_admin, request, release: PressRelease, *, restoring: bool = False) -> bool:
    """Whether the post answering a page that asks before acting on ``release`` (a newsroom button's confirmation,
    restoring a version) comes from a page made before the release was saved again, by another officer or from
    the list; if so, says so, and the caller does nothing and shows its page again, with what was typed kept and
    the release as it is now (``row_fingerprint``), so confirming again is a choice made knowing it."""
    if not changed_since_shown(request.POST, row_fingerprint(release)):
        return False
    if restoring:
        message = _("“{title}” was changed by someone else since you opened this page, so nothing was restored: "
                    "<a href=\"{preview}\">read it again</a>, then restore this version if you still mean to.")
    else:
        message = _("“{title}” was changed by someone else since you opened this page, so nothing was done: "
                    "<a href=\"{preview}\">read it again</a>, then confirm.")
    preview = reverse("admin:press_pressrelease_preview", args=[release.pk])
    model_admin.message_user(request, format_html(message, title=release.title, preview=preview), messages.ERROR)
    return True
