"""The press office's emails to journalists: accreditation (which one fits a request's state), in the language
the request was sent in, and embargoed copies, in English; each built with text and HTML parts from
``templates/emails/``. ``press/tasks.py`` sends them."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from commission.models import Commission
from commission.web.links import absolute_url
from commission.web.mail import automatic_email
from press import embargo_times, tokens
from press.models import Accreditation, PreviewLink

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
            "commission": Commission.objects.current(),
            "privacy_url": absolute_url(reverse("commission:privacy")),
            "form_url": absolute_url(reverse("press:accreditation")),
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
    zones, and their personal link (``templates/emails/embargo_copy.*``)."""
    release, journalist = link.release, link.accreditation
    until = embargo_times.release_until_text(release)
    headline = _("Embargoed until %(until)s: %(title)s") % {"until": until, "title": release.title}
    context = {
        "headline": headline,
        "release": release,
        "accreditation": journalist,
        "until": until,
        "link_url": absolute_url(link.get_absolute_url()),
        "commission": release.commission or Commission.objects.current(),
        "privacy_url": absolute_url(reverse("commission:privacy")),
    }
    return automatic_email(subject=_("Embargoed: %(title)s") % {"title": release.title}, template="embargo_copy",
                           context=context, to=journalist.email)
