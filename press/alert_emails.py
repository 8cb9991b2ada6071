"""Alert emails: the subscriber's own (confirm the address, already subscribed) and the alerts themselves (a
release, a press-conference announcement), each with a plain-text and an HTML part from
``templates/emails/alert_*``, written in the subscriber's language. ``press/tasks.py`` sends them.

Every email to a subscriber carries their personal link to change what they receive; every alert also
carries ``List-Unsubscribe`` (the one-click https address and a mailto:) and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058), so a mail program can offer its own
"unsubscribe" button.
"""

from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commission.models import Commission
from commission.web import times
from commission.web.links import absolute_url
from commission.web.mail import automatic_email
from press import tokens
from press.models import AlertSubscription, PressRelease

CONFIRM = "confirm"
ALREADY_SUBSCRIBED = "already_subscribed"
Status = AlertSubscription.Status

# Each subscriber email and the subscription states it still fits when sent.
DUE_WHEN = {CONFIRM: {Status.UNCONFIRMED}, ALREADY_SUBSCRIBED: {Status.CONFIRMED}}


def personal_links(subscription: AlertSubscription) -> dict[str, str]:
    """The subscriber's manage and one-click unsubscribe addresses (in the current language)."""
    token = tokens.make_alert_manage_token(subscription)
    return {
        "manage_url": absolute_url(reverse("press:alerts_manage", args=[token])),
        "unsubscribe_url": absolute_url(reverse("press:alerts_unsubscribe", args=[token])),
        "token": token,
    }


def _unsubscribe_mailbox() -> str:
    return settings.ALERTS_UNSUBSCRIBE_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def unsubscribe_headers(links: dict[str, str]) -> dict[str, str]:
    mailto = f"mailto:{_unsubscribe_mailbox()}?subject={quote('unsubscribe ' + links['token'])}"
    return {
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _message(subscription, *, subject: str, template: str, context: dict, headers: dict) -> EmailMultiAlternatives:
    context = {
        **context,
        "headline": subject,
        "subscription": subscription,
        "commission": context.get("commission") or Commission.objects.current(),
        "privacy_url": absolute_url(reverse("commission:privacy")),
        "language": translation.get_language(),
    }
    return automatic_email(subject=subject, template=template, context=context, to=subscription.email,
                           headers=headers)


def build_subscription_message(kind: str, subscription: AlertSubscription) -> EmailMultiAlternatives:
    """The confirmation email, or "you are already subscribed" with the personal link."""
    with translation.override(subscription.language):
        context = {"kind": kind, "confirm_hours": tokens.ALERT_CONFIRM_HOURS, **personal_links(subscription),
                   "form_url": absolute_url(reverse("press:alerts"))}
        if kind == CONFIRM:
            token = tokens.make_alert_confirm_token(subscription)
            context["confirm_url"] = absolute_url(reverse("press:alerts_confirm", args=[token]))
            subject = _("Confirm your subscription to press office alerts")
        else:
            subject = _("You are already subscribed to press office alerts")
        return _message(subscription, subject=subject, template="alert_subscription", context=context, headers={})


def release_context(release: PressRelease) -> dict:
    """What a release's alert shows; the same for every subscriber but for the language."""
    commission = release.commission or Commission.objects.current()
    contacts = list(release.media_contacts.all())
    if not contacts and commission is not None:
        contacts = list(commission.media_contacts.all())
    return {"release": release, "commission": commission, "media_contacts": contacts}


def build_release_alert(release_context_: dict, subscription: AlertSubscription) -> EmailMultiAlternatives:
    """One subscriber's alert for a release gone public (``release_context_`` from ``release_context``)."""
    release = release_context_["release"]
    with translation.override(subscription.language):
        links = personal_links(subscription)
        context = {
            **release_context_, **links,
            "release_url": absolute_url(release.get_absolute_url()),
            "dateline_date": times.format_date(timezone.localtime(release.publish_at)),
        }
        subject = _("Press release: %(title)s") % {"title": release.title}
        return _message(subscription, subject=subject, template="alert_release", context=context,
                        headers=unsubscribe_headers(links))


def build_event_alert(event, subscription: AlertSubscription) -> EmailMultiAlternatives:
    """One subscriber's announcement of a press conference gone public."""
    with translation.override(subscription.language):
        links = personal_links(subscription)
        context = {
            "event": event, **links, "event_url": absolute_url(event.get_absolute_url()),
            # Each part's date and its time in every zone the page shows, as registrants' emails give them.
            "slots": [{"date": slot.date_text, "duration": slot.duration_text, "zone_times": slot.zone_times()}
                      for slot in event.slots.all()],
        }
        subject = _("Press conference: %(title)s") % {"title": event.title}
        return _message(subscription, subject=subject, template="alert_event", context=context,
                        headers=unsubscribe_headers(links))
