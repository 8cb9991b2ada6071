"""The press office's emails to journalists: accreditation (which one fits a request's state) and embargoed
copies, in the language the accreditation request was sent in; each built with text and HTML parts from
``templates/emails/``. ``press/tasks.py`` sends them."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from commission.models import Commission
from commission.web.languages import is_default_language
from commission.web.links import absolute_url
from commission.web.mail import automatic_email
from press import embargo_times, tokens
from press import translations as release_translations
from press.models import Accreditation, PreviewLink, ReleaseTranslation

CONFIRM_ADDRESS = "confirm_address"
Status = Accreditation.Status

# Each email, the request states it still fits when sent, and its subject.
DUE_WHEN = {
    CONFIRM_ADDRESS: {Status.UNCONFIRMED},
    Status.AWAITING: {Status.AWAITING},
    Status.APPROVED: {Status.APPROVED},
    Status.REJECTED: {Status.REJECTED},
    Status.REVOKED: {Status.REVOKED},
}


def subject_for(kind: str) -> str:
    return {
        CONFIRM_ADDRESS: _("Confirm your accreditation request"),
        Status.AWAITING: _("Your accreditation request has been received"),
        Status.APPROVED: _("You are accredited with the press office"),
        Status.REJECTED: _("Your accreditation request was not approved"),
        Status.REVOKED: _("Your accreditation has been withdrawn"),
    }[kind]


def build_message(kind: str, accreditation: Accreditation) -> EmailMultiAlternatives:
    """The email for ``kind``: a plain-text and an HTML part, from ``templates/emails/accreditation_*``, in the
    language of the page the request was sent from, its links to that language's pages."""
    with translation.override(accreditation.language):
        context = {
            "kind": kind,
            "headline": subject_for(kind),
            "accreditation": accreditation,
            # An address not confirmed yet may be anyone's: it is sent nothing the form's sender typed.
            "greeting_name": "" if kind == CONFIRM_ADDRESS else accreditation.name,
            "commission": Commission.objects.current(),
            "privacy_url": absolute_url(reverse("commission:privacy")),
            "form_url": absolute_url(reverse("press:accreditation")),
            "events_url": absolute_url(reverse("events:list")),  # where an approved journalist registers
            "confirm_hours": tokens.ACCREDITATION_CONFIRM_HOURS,
            "language": accreditation.language,
        }
        if kind == CONFIRM_ADDRESS:
            token = tokens.make_accreditation_token(accreditation)
            context["confirm_url"] = absolute_url(reverse("press:accreditation_confirm", args=[token]))
        return automatic_email(subject=subject_for(kind), template="accreditation_email", context=context,
                               to=accreditation.email)


def build_embargo_message(link: PreviewLink) -> EmailMultiAlternatives:
    """A journalist's embargoed copy: the release's title and standfirst, "Embargoed until …" in the display
    zones, and their personal link (``templates/emails/embargo_copy.*``). In the language of their accreditation
    request: the release's ready version in it where there is one (its words, and the link opens it), else the
    English words, marked so."""
    release, journalist = link.release, link.accreditation
    version = None if is_default_language(journalist.language) else (
        ReleaseTranslation.objects.ready().filter(release=release, language=journalist.language).first())
    shown = release_translations.listed_in(release, version)
    with translation.override(journalist.language):
        until = embargo_times.release_until_text(release)
        context = {
            "headline": _("Embargoed until %(until)s: %(title)s") % {"until": until, "title": shown.title},
            "release": shown,
            "accreditation": journalist,
            "until": until,
            "link_url": absolute_url(link.get_absolute_url()),
            "commission": release.commission or Commission.objects.current(),
            "privacy_url": absolute_url(reverse("commission:privacy")),
            "language": journalist.language,
        }
        return automatic_email(subject=_("Embargoed: %(title)s") % {"title": shown.title}, template="embargo_copy",
                               context=context, to=journalist.email)
