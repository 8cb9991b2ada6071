"""Alert emails: the subscriber's own (confirm the address, already subscribed) and the alerts themselves (a
release, a press-conference announcement, the notice of a correction to a release they were sent), each with
a plain-text and an HTML part from ``templates/emails/alert_*``, written in the subscriber's language.
``press/tasks.py`` sends them.

Every email to a subscriber carries their personal link to change what they receive; every alert also
carries ``List-Unsubscribe`` (the one-click https address and a mailto:) and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058), so a mail program can offer its own
"unsubscribe" button.
"""

import functools
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commission.models import Commission
from commission.web import times
from commission.web.languages import is_default_language
from commission.web.links import absolute_url
from commission.web.mail import automatic_email
from events import translations as event_translations
from events.models import Event
from press import tokens
from press import translations as release_translations
from press.models import AlertSubscription, PressRelease, ReleaseTranslation, Revision

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
    contacts = release.contacts_under(commission)
    versions = {version.language: version for version in ReleaseTranslation.objects.ready().filter(release=release)}
    return {"release": release, "commission": commission, "media_contacts": contacts, "versions": versions}


def _release_in(release_context_: dict, language: str) -> PressRelease:
    """The release in ``language``: its ready version's title, standfirst and address where there is one
    (a copy: the other subscribers' alerts read the same context), else the English."""
    return release_translations.listed_in(release_context_["release"], release_context_["versions"].get(language))


def event_context(event: Event) -> dict:
    """What a press conference's announcement shows, for one dispatch: the event, and the event in a language,
    worked out once per language (``in_language(code)``). A version's words go on an event loaded afresh, so the
    place names it puts on the display zones never reach another language's alerts."""

    @functools.cache
    def in_language(language: str) -> Event:
        if is_default_language(language):
            return event
        fresh = Event.objects.prefetch_related("slots", "display_zones").get(pk=event.pk)
        return event_translations.show_in_language(fresh, language)

    return {"event": event, "in_language": in_language, "commission": event.commission or Commission.objects.current()}


def build_release_alert(release_context_: dict, subscription: AlertSubscription) -> EmailMultiAlternatives:
    """One subscriber's alert for a release gone public (``release_context_`` from ``release_context``)."""
    release = _release_in(release_context_, subscription.language)
    with translation.override(subscription.language):
        links = personal_links(subscription)
        context = {
            **release_context_, "release": release, **links,
            "release_url": absolute_url(release.get_absolute_url()),
            "dateline_date": times.format_date(timezone.localtime(release.publish_at)),
        }
        subject = _("Press release: %(title)s") % {"title": release.title}
        return _message(subscription, subject=subject, template="alert_release", context=context,
                        headers=unsubscribe_headers(links))


def correction_context(correction: Revision) -> dict:
    """What the notice of a correction (a ``Revision`` of kind correction, with its release) shows: the
    release's alert context and the correction."""
    return {**release_context(correction.release), "correction": correction}


def build_correction_notice(correction_context_: dict, subscription: AlertSubscription) -> EmailMultiAlternatives:
    """One subscriber's notice that a release they were sent has been corrected: the correction's note (kept
    in English, as the release page's log), links to the release and its version history, in the subscriber's
    language as the alert was (``correction_context_`` from ``correction_context``)."""
    release = _release_in(correction_context_, subscription.language)
    with translation.override(subscription.language):
        links = personal_links(subscription)
        context = {
            **correction_context_, "release": release, **links,
            "release_url": absolute_url(release.get_absolute_url()),
            "history_url": absolute_url(reverse("press:history", kwargs={"slug": release.slug})),
            "corrected_at": times.date_and_time(correction_context_["correction"].created_at),
        }
        subject = _("Correction: %(title)s") % {"title": release.title}
        return _message(subscription, subject=subject, template="alert_correction", context=context,
                        headers=unsubscribe_headers(links))


def build_event_alert(event_context_: dict, subscription: AlertSubscription) -> EmailMultiAlternatives:
    """One subscriber's announcement of a press conference gone public (``event_context_`` from
    ``event_context``)."""
    event = event_context_["in_language"](subscription.language)
    with translation.override(subscription.language):
        links = personal_links(subscription)
        context = {
            "event": event, "commission": event_context_["commission"], **links,
            "event_url": absolute_url(event.get_absolute_url()),
            # Each part's date and its time in every zone the page shows, as registrants' emails give them.
            "slots": [{"date": slot.date_text, "duration": slot.duration_text, "zone_times": slot.zone_times()}
                      for slot in event.slots.all()],
        }
        subject = _("Press conference: %(title)s") % {"title": event.title}
        return _message(subscription, subject=subject, template="alert_event", context=context,
                        headers=unsubscribe_headers(links))
