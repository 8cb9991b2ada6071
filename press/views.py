import logging

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from commission.current import current_commission
from commission.web import pdf, ratelimit, times
from commission.web.cache import public_page
from commission.web.languages import is_default_language, set_page_versions
from commission.web.links import absolute_url
from events import translations as event_translations
from press import accreditation as press_accreditation
from press import alerts, archive, embargo_times, markup, metadata, revisions, search, tokens, translations
from press.forms import AccreditationForm, AlertManageForm, AlertSubscribeForm
from press.models import PressRelease, Quote, ReleaseDocument, ReleaseImage, Topic
from press.pagination import paginate
from press.services import PREVIEW_LINK_LIFETIME, PreviewLinkInvalid, open_link

logger = logging.getLogger(__name__)

# The 429 page's advice.
SENT_TOO_OFTEN = gettext_lazy(
    "You have sent this form too many times in a short time. Please wait a while and try "
    "again; if you have sent it already, check your inbox (and spam folder) for our email.")


def _list_queryset(releases):
    return translations.for_list(releases)


def detail_queryset(releases):
    """Everything a release page shows of the release itself, in a fixed number of queries."""
    return releases.select_related("commission").prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
        "topics",
        "related_people",
        "media_contacts",
        Prefetch("image_attachments", queryset=ReleaseImage.objects.select_related("image")),
        Prefetch("document_attachments", queryset=ReleaseDocument.objects.select_related("document")),
    )


def _english_path(release) -> str:
    """The address of the release's English page, whatever the page's language, also once the release shows a
    version's words and slug (``default_slug``: commission/web/languages.show_version)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("press:detail", kwargs={"slug": getattr(release, "default_slug", release.slug)})


def release_context(request, release, *, preview=None) -> dict:
    """The template context of a release page: the same for the public, the admin preview and preview links."""
    commission = current_commission(request)  # the site's, as in the header and footer, with its contacts
    if release.commission_id is not None and release.commission_id != getattr(commission, "pk", None):
        commission = release.commission  # another commission's release: its contacts take one more query
    contacts = release.contacts_under(commission)
    untranslated = getattr(release, "content_language_missing", False)  # set by release_detail
    # English shown for a missing version names the English page canonical: that is the one to index.
    url = absolute_url(_english_path(release) if untranslated else release.get_absolute_url())
    images = [attachment.image for attachment in release.image_attachments.all()]
    # Versions the public has read (a draft's preview shows those of its earlier life, if any), newest first.
    versions = list(release.revisions.reached().without_text())
    display_date = release.publish_at or timezone.now()  # a draft has no time yet: "Publish now" would give it today's
    return {
        "release": release,
        "commission": commission,
        "body_parts": release.body_parts(),
        "related_events": event_translations.localise(event_translations.in_language(
            event_translations.published_in().filter(related_releases=release)).load_with_schedule()),
        "notes_to_editors": release.notes_to_editors or (commission.about if commission else ""),
        "notes_source": release if release.notes_to_editors else commission,  # for the language it is written in
        "media_contacts": contacts,
        "display_date": display_date,
        "dateline_date": times.format_date(timezone.localtime(display_date)),
        "spokespeople": _spokespeople(release),
        "canonical_url": url,
        "media_images": images,
        "media_documents": [attachment.document for attachment in release.document_attachments.all()],
        "share_image": metadata.share_image(release, commission=commission),
        "json_ld": metadata.news_article(release, commission=commission, url=url, images=images, versions=versions),
        "log": [version for version in versions if version.kind in revisions.LOGGED_KINDS],
        "version_count": len(versions),
        "preview": preview,
        "untranslated": untranslated,
        # A version written before the English last changed says so, linking the English page.
        "english_url": _english_path(release) if getattr(release, "version_out_of_date", False) else "",
        "nav": "press",
    }


def _spokespeople(release) -> list:
    """The people this release quotes who are marked available for interview, in quote order, each once. Read
    from the quotes the page loads anyway: no query of its own, and nobody but this release's speakers."""
    people = {}
    for quote in release.quotes.all():
        if quote.speaker.available_for_interview:
            people.setdefault(quote.speaker.pk, quote.speaker)
    return list(people.values())


def render_preview(request, release, *, via):
    """A draft exactly as the public would see it, with a banner; kept out of indexes and caches. ``via``
    "embargo" is a journalist's embargoed copy: the banner and the facts box say until when."""
    releases = detail_queryset(PressRelease.objects.with_visibility())
    if not is_default_language(translation.get_language()):  # a journalist's copy in their language: its version
        releases = translations.with_versions(releases, quotes=True)
    release = releases.get(pk=release.pk)
    _show_in_page_language(release)
    context = release_context(request, release, preview={"via": via})
    if via == "embargo":
        context["embargoed_until"] = release.publish_at
        context["embargoed_until_text"] = embargo_times.release_until_text(release)
    response = render(request, "press/release_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    # The token is in the address: never send it on to another site through a link.
    response["Referrer-Policy"] = "no-referrer"
    return response


@public_page(reads=(*archive.ArchiveFilter.PARAMS, "page"))
def release_list(request):
    """The archive: newest first, narrowed by topic, year and month, with how many releases each holds."""
    chosen = archive.ArchiveFilter.from_params(request.GET)
    language = translation.get_language()
    releases = translations.published_in(language)  # in Russian and Kazakh: those with a ready version
    topics = archive.kept(f"{language}:topics", lambda: archive.topic_counts(releases))
    topic = next((topic for topic in topics if topic.slug == chosen.topic), None)
    if chosen.topic and topic is None:
        raise Http404(_("There is no such topic."))  # so only known slugs reach a cache key below
    page = paginate(_list_queryset(chosen.apply(releases)), request.GET.get("page"))
    page.object_list = translations.localise(page.object_list, language)
    return render(request, "press/release_list.html", {
        "page": page,
        "chosen": chosen,
        "topic": topic,
        "topics": topics,
        "years": archive.kept(f"{language}:months:{chosen.topic}", lambda: archive.year_counts(chosen.by_topic(releases))),
        "nav": "press",
    })


@public_page(reads=("page",))
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.public(), slug=slug)
    page = paginate(_list_queryset(translations.published_in().filter(topics=topic)), request.GET.get("page"))
    page.object_list = translations.localise(page.object_list)
    return render(request, "press/topic_detail.html", {"topic": topic, "page": page, "nav": "press"})


def _find_release(queryset, slug):
    """The published release at ``slug`` in the page's language (its English slug, or its version's), with its
    ready versions; 404 when there is none. A version's own slug wins over another release's English one."""
    language = translation.get_language()
    found = list(translations.by_slug(translations.with_versions(
        queryset, quotes=not is_default_language(language)), slug, language)[:2])
    if not found:
        raise Http404(_("No press release matches the given query."))
    if len(found) > 1:
        found.sort(key=lambda release: release.slug == slug)  # the English-slug match last
    return found[0]


@public_page
def release_detail(request, slug):
    """A release in the page's language. In Russian or Kazakh, a release with a ready version shows it at the
    version's address (its English slug under /ru/ or /kk/ redirects there); one without shows the English
    text, marked English, with a note saying so, kept out of search engines (README, "Languages")."""
    release = _find_release(detail_queryset(PressRelease.objects.published()), slug)
    version_address = _show_in_page_language(release, slug)
    if version_address:
        return redirect(version_address)  # not 301: a version can be withdrawn
    paths, existing = translations.page_paths(release)
    set_page_versions(request, paths, existing=existing,
                      alternates=not getattr(release, "content_language_missing", False))
    context = release_context(request, release)
    context["pdf_available"] = pdf.available()
    return render(request, "press/release_detail.html", context)


def _show_in_page_language(release, slug=None) -> str | None:
    """Put ``release`` in the page's language: its ready version, or its English text marked as such. Returns
    the version's address when ``slug`` is given and is not the version's own (the English slug under /ru/ or
    /kk/)."""
    language = translation.get_language()
    if is_default_language(language):
        return None
    version = translations.version_in(release, language)
    if version is None:
        release.content_language_missing = True
    elif slug is not None and version.slug != slug:
        return version.get_absolute_url()
    else:
        release.version_out_of_date = translations.is_out_of_date(release, version)  # of the English words
        translations.show_in(release, version)
    return None


def release_pdf(request, slug):
    """The release page printed to an A4 PDF with its print stylesheet, once per printed version
    (commission/web/pdf.py). Only for a public release: any other answers the same 404 as a missing one."""
    if not pdf.available():
        raise Http404
    if request.META.get("QUERY_STRING"):
        # The printed page's language links keep the query string: one print per made-up query would let
        # anyone start Chromium at will. Every PDF is printed from the bare address.
        return redirect(request.path)
    release = _find_release(detail_queryset(PressRelease.objects.published()), slug)
    if _show_in_page_language(release, slug):
        raise Http404  # only the version's own address prints it
    html = pdf.printable_html(request, "press/release_detail.html", release_context(request, release))
    try:
        printed = pdf.print_once(html)
    except pdf.PrintFailed as error:
        logger.error("Could not print %s to PDF: %s", release.slug, error)
        response = render(request, "press/release_pdf_unavailable.html", {"release": release, "nav": "press"},
                          status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponse(printed.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{release.slug}.pdf")
    # ConditionalGetMiddleware answers a matching If-None-Match with a 304. No Last-Modified: the PDF also
    # changes when something else it prints does (a media contact, a translation), which the ETag follows.
    response["ETag"] = printed.etag
    # Checked at every use, as the pages are: a release taken back to draft is gone at once.
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    response["X-Robots-Tag"] = "noindex"  # the release's page is the one to find
    return response


def preview_link(request, token):
    """A shared preview, or a journalist's embargoed copy: once the embargo has lifted, the public page."""
    try:
        link = open_link(token=token)
    except PreviewLinkInvalid as gone:
        # Its own page, not the general "not found": the reader followed a link someone sent them.
        response = render(request, "press/preview_link_gone.html", {
            "lifetime_days": PREVIEW_LINK_LIFETIME.days, "embargo_copy": gone.embargo_copy}, status=410)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    if link.accreditation_id is None:
        return render_preview(request, link.release, via="link")
    if PressRelease.objects.published().filter(pk=link.release_id).exists():
        response = redirect(link.release)
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    return render_preview(request, link.release, via="embargo")


def release_search(request):
    query = search.SearchQuery.from_param(request.GET.get("q"))
    page, events = None, []
    if query.text:
        language = translation.get_language()
        results = search.search_releases(query.text, language=language).for_list()
        if not is_default_language(language):
            results = translations.with_versions(results, language)
        page = paginate(results, request.GET.get("page"))
        page.object_list = search.with_snippets(translations.localise(page.object_list, language), query.text)
        if page.number == 1:
            events = search.search_events(query.text)
    return render(
        request,
        "press/search.html",
        {"query": query, "page": page, "events": events, "max_length": search.MAX_QUERY_LENGTH, "nav": "press"},
    )


def _public_versions(release):
    return release.revisions.reached()


def _history_release(request, slug):
    """The release of a history page, and the release's own page as the reader left it: the history is the
    English text's, in every language's interface, while the link back leads to the release in the page's
    language, under its title there. The switcher and ``hreflang`` name the same history page under each
    language's slug of the release."""
    release = _find_release(PressRelease.objects.published(), slug)
    below = request.path[len(reverse("press:detail", kwargs={"slug": slug})):]  # history/, history/2/ …
    paths, _existing = translations.page_paths(release, suffix=below)
    set_page_versions(request, paths, existing=set(paths))
    return release, translations.listed_in(release, translations.version_in(release, translation.get_language()))


@public_page
def release_history(request, slug):
    """Every public version of a release, newest first, with its time, kind and note."""
    release, release_page = _history_release(request, slug)
    versions = list(_public_versions(release).without_text())
    return render(request, "press/release_history.html", {
        "release": release, "release_page": release_page, "versions": versions, "nav": "press",
    })


@public_page
def release_version(request, slug, number):
    """One version as the public read it, with when it was current."""
    release, release_page = _history_release(request, slug)
    rows = list(_public_versions(release).filter(number__gte=number).order_by("number")[:2])
    if not rows or rows[0].number != number:
        raise Http404(_("No such version."))
    version, later = rows[0], rows[1:]
    text = version.snapshot
    return render(request, "press/release_version.html", {
        "release": release, "release_page": release_page, "version": version,
        "next_version": later[0] if later else None, "text": text,
        "body_parts": markup.render_body(text["body"], revisions.quotes_of(text)) if text else [],
        # The newest version is the release itself: search engines are sent to its English page, whose text
        # this is, in whatever language the page around it is.
        "canonical_url": None if later else absolute_url(_english_path(release)),
        "nav": "press",
    })


@public_page
def release_changes(request, slug, number):
    """What changed in a version from the one before it, in words."""
    release, release_page = _history_release(request, slug)
    rows = list(_public_versions(release).filter(number__lte=number)[:2])
    if len(rows) < 2 or rows[0].number != number:
        raise Http404(_("No such version."))
    version, previous = rows
    comparable = version.snapshot is not None and previous.snapshot is not None
    return render(request, "press/release_changes.html", {
        "release": release, "release_page": release_page, "version": version, "previous": previous,
        "parts": revisions.difference(previous.snapshot, version.snapshot) if comparable else None,
        "nav": "press",
    })


# Accreditation. None of these pages may be page-cached: they carry forms, CSRF tokens and personal state.

def _form_confirmed_by_email(request, *, scope: str, form_class, save, sent: str, template: str):
    """A public form whose sender confirms by email (accreditation, alerts), as the sign-up's: a honeypot, and
    rate limits per visitor and per address (``<scope>-ip``, ``<scope>-email``). ``save(form)`` once it is
    valid; then, as for a caught bot, the page ``sent`` (a URL name) that says to check the inbox."""
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_spam:
            return redirect(sent)
        if form.is_valid():
            if refused := ratelimit.submission_refused(request, scope, form.cleaned_data["email"], SENT_TOO_OFTEN):
                return refused
            save(form)
            return redirect(sent)
        status = 422
    else:
        form = form_class()
    return render(request, template, {"form": form, "nav": "press"}, status=status)


@require_http_methods(["GET", "POST"])
def accreditation(request):
    """The public request form: honeypot, rate limits per visitor and per address, as the sign-up has."""

    def request_accreditation(form):
        data = dict(form.cleaned_data)
        for name in ("consent", "website"):
            data.pop(name)
        press_accreditation.request_accreditation(**data, language=get_language())

    return _form_confirmed_by_email(request, scope="accreditation", form_class=AccreditationForm,
                                    save=request_accreditation, sent="press:accreditation_sent",
                                    template="press/accreditation.html")


def accreditation_sent(request):
    return render(request, "press/accreditation_sent.html", {
        "nav": "press", "confirm_hours": tokens.ACCREDITATION_CONFIRM_HOURS,
    })


@never_cache
@require_http_methods(["GET", "POST"])
def accreditation_confirm(request, token):
    """GET shows a button, POST confirms: mail systems that open links to scan them must confirm nobody."""
    context = {"nav": "press", "confirm_hours": tokens.ACCREDITATION_CONFIRM_HOURS}
    try:
        accreditation_id, nonce = tokens.read_accreditation_token(token)
    except tokens.ExpiredToken:
        return render(request, "press/accreditation_link_problem.html", {**context, "expired": True}, status=410)
    except tokens.InvalidToken:
        return render(request, "press/accreditation_link_problem.html", context, status=400)
    try:
        if request.method == "POST":
            press_accreditation.confirm_address(accreditation_id=accreditation_id, nonce=nonce)
            return render(request, "press/accreditation_confirmed.html", context)
        context["accreditation"] = press_accreditation.get_request_to_confirm(
            accreditation_id=accreditation_id, nonce=nonce
        )
    except press_accreditation.LinkNotValid:
        return render(request, "press/accreditation_link_problem.html", {**context, "used": True}, status=410)
    return render(request, "press/accreditation_confirm.html", context)


# Email alerts. As the accreditation pages, none may be page-cached. The personal pages are reached from an
# email by a signed link: kept out of indexes and never sent on to another site. "same-origin", not
# "no-referrer": with no referrer a browser posts the page's forms with "Origin: null", which CSRF refuses.

def _personal(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def alerts_subscribe(request):
    """The public alerts form: honeypot, rate limits per visitor and per address, as accreditation has."""

    def subscribe(form):
        alerts.subscribe(email=form.cleaned_data["email"], language=get_language(), **form.choice())

    return _form_confirmed_by_email(request, scope="alerts", form_class=AlertSubscribeForm, save=subscribe,
                                    sent="press:alerts_sent", template="press/alerts.html")


def alerts_sent(request):
    return render(request, "press/alerts_sent.html", {"nav": "press", "confirm_hours": tokens.ALERT_CONFIRM_HOURS})


def _alert_link_problem(request, status, **flags):
    return _personal(render(request, "press/alerts_link_problem.html",
                            {"nav": "press", "confirm_hours": tokens.ALERT_CONFIRM_HOURS, **flags}, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def alerts_confirm(request, token):
    """GET shows a button, POST confirms: mail systems that open links to scan them must confirm nobody."""
    try:
        subscription_id, nonce = tokens.read_alert_confirm_token(token)
    except tokens.ExpiredToken:
        return _alert_link_problem(request, 410, expired=True)
    except tokens.InvalidToken:
        return _alert_link_problem(request, 400)
    try:
        if request.method == "POST":
            subscription = alerts.confirm_subscription(subscription_id=subscription_id, nonce=nonce)
            return _personal(render(request, "press/alerts_confirmed.html", {
                "nav": "press", "subscription": subscription,
                # The subscriber's own page, as every alert links it: they may change their mind at once.
                "manage_url": reverse("press:alerts_manage", args=[tokens.make_alert_manage_token(subscription)]),
            }))
        subscription = alerts.get_subscription_to_confirm(subscription_id=subscription_id, nonce=nonce)
    except alerts.AlertLinkNotValid:
        return _alert_link_problem(request, 410, used=True)
    return _personal(render(request, "press/alerts_confirm.html", {"nav": "press", "subscription": subscription}))


def _subscription_by_link(token):
    subscription_id, nonce = tokens.read_alert_manage_token(token)
    return alerts.get_subscription(subscription_id=subscription_id, nonce=nonce)


@never_cache
@require_http_methods(["GET", "POST"])
def alerts_manage(request, token):
    """The subscriber's own page, from the link in every alert: change the choice or the language, or leave."""
    try:
        subscription = _subscription_by_link(token)
    except (tokens.InvalidToken, alerts.AlertLinkNotValid):
        return _alert_link_problem(request, 400)
    status, saved = 200, False
    if subscription.status == subscription.Status.UNSUBSCRIBED:
        form = None
    elif request.method == "POST":
        form = AlertManageForm(request.POST)
        if form.is_valid():
            alerts.update_subscription(subscription=subscription, **form.choice())
            saved = True
        else:
            status = 422
    else:
        form = AlertManageForm(initial=AlertManageForm.initial_for(subscription))
    return _personal(render(request, "press/alerts_manage.html", {
        "nav": "press", "form": form, "subscription": subscription, "saved": saved, "token": token,
    }, status=status))


@csrf_exempt  # RFC 8058: a mail program posts "List-Unsubscribe=One-Click" with neither cookie nor token
@never_cache
@require_http_methods(["GET", "POST"])
def alerts_unsubscribe(request, token):
    """The one-click address of ``List-Unsubscribe``: POST unsubscribes (idempotent); GET only shows the
    button, since mail scanners open every link."""
    try:
        subscription_id, nonce = tokens.read_alert_manage_token(token)
        if request.method == "POST":
            subscription = alerts.unsubscribe(subscription_id=subscription_id, nonce=nonce)
        else:
            subscription = alerts.get_subscription(subscription_id=subscription_id, nonce=nonce)
    except (tokens.InvalidToken, alerts.AlertLinkNotValid):
        return _alert_link_problem(request, 400)
    return _personal(render(request, "press/alerts_unsubscribe.html", {
        "nav": "press", "subscription": subscription, "token": token,
    }))
