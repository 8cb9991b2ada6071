import functools

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commission.current import current_commission
from commission.models import Person
from commission.web import ratelimit, times
from commission.web.cache import public_page
from commission.web.languages import is_default_language, set_page_versions
from commission.web.links import absolute_url
from commission.web.localised import text_in
from events import calendar, jsonld, services, timezones, tokens, translations
from events.forms import RegistrationForm
from events.models import Event, EventDocument, EventImage, Registration
from press import translations as release_translations

# The 429 page's advice.
SENT_TOO_OFTEN = gettext_lazy(
    "You have sent this form too many times in a short time. Please wait a while and try again; "
    "if you have registered already, check your inbox (and spam folder) for our email.")


@public_page
def event_list(request):
    now = timezone.now()
    events = translations.localise(translations.in_language(
        translations.published_in(now=now).with_times().for_listing()))
    upcoming = sorted((e for e in events if e.ends_at > now), key=lambda e: (e.starts_at, e.pk))
    past = sorted((e for e in events if e.ends_at <= now), key=lambda e: (e.starts_at, e.pk), reverse=True)
    return render(request, "events/event_list.html", {"upcoming": upcoming, "past": past, "nav": "events"})


def _find_event(queryset, slug, request=None, *, versions=False):
    """The published event at ``slug`` in the page's language (its English slug, or its version's), with its
    ready versions, shown in the page's language where one is ready; 404 when there is none.

    With ``request``, a page below the event's (its sign-up, a registrant's page) names its address in each
    language for the switcher and ``hreflang``: the same page under each language's slug of the event. The
    event's own page names them itself, and asks for the ``versions`` only."""
    language = translation.get_language()
    # In English only a page's switcher and hreflang need the versions (their slugs); a version shown needs its
    # places too. An English calendar file needs neither.
    if not is_default_language(language) or request is not None or versions:
        queryset = translations.with_versions(queryset, places=not is_default_language(language))
    found = list(translations.by_slug(queryset, slug, language)[:2])
    if not found:
        raise Http404(_("No press conference matches the given query."))
    found.sort(key=lambda event: event.slug == slug)  # a version's own slug wins over another's English one
    event = found[0]
    version = None if is_default_language(language) else translations.version_in(event, language)
    if version is not None:
        translations.show_in(event, version)
    elif not is_default_language(language):
        event.content_language_missing = True
    if request is not None:
        below = request.path[len(reverse("events:detail", kwargs={"slug": slug})):]
        paths, _existing = translations.page_paths(event, suffix=below)
        set_page_versions(request, paths, existing=set(paths))
    return event


def _event_with_schedule(slug, request=None):
    """A published event with its slots and display zones only: what its .ics and the registration pages use."""
    return _find_event(Event.objects.published().for_listing(), slug, request)


def _related_releases():
    """The published releases an event page links, in the page's language: with their versions in it, and only
    those that have one (outside English)."""
    language = translation.get_language()
    releases = release_translations.published_in(language)
    return releases if is_default_language(language) else release_translations.with_versions(releases, language)


def _published_event(slug):
    """A published event with everything its page shows (commission, related releases, times and zones)."""
    queryset = (
        Event.objects.published()
        .select_related("commission__share_image")
        .for_listing()
        .prefetch_related(
            Prefetch("related_releases", to_attr="published_releases", queryset=_related_releases()),
            Prefetch("image_attachments", queryset=EventImage.objects.select_related("image")),
            Prefetch("document_attachments", queryset=EventDocument.objects.select_related("document")),
            Prefetch("speakers", queryset=Person.objects.order_by("full_name")),
        )
    )
    return _find_event(queryset, slug, versions=True)


@public_page
def event_detail(request, slug):
    """A press conference in the page's language: as a release (press.views.release_detail), its version at
    its own address, the English slug redirecting there; without a ready version, the English words, marked,
    with a note, kept out of search engines."""
    event = _published_event(slug)
    if hasattr(event, "default_slug") and event.slug != slug:
        return redirect(event.get_absolute_url())  # not 301: a version can be withdrawn
    release_translations.localise(event.published_releases)
    untranslated = getattr(event, "content_language_missing", False)
    paths, existing = translations.page_paths(event)
    set_page_versions(request, paths, existing=existing, alternates=not untranslated)
    # English shown for a missing version names the English page canonical: that is the one to index.
    canonical_url = absolute_url(paths[settings.LANGUAGE_CODE]) if untranslated else None
    now = timezone.now()
    ended = event.has_ended(now=now)
    opens, closes = event.registration_opens, event.registration_closes
    state = event.registration_state(now=now)
    availability = _availability(event) if state == Event.RegistrationState.OPEN else []
    images = [attachment.image for attachment in event.image_attachments.all()]
    context = {
        "event": event,
        "nav": "events",
        "ended": ended,
        "took_place_text": event.zones_text(event.first_start) if ended else "",
        "materials": event.materials(now=now),
        "registration_state": state,
        "availability": availability,
        "only_waiting_list": bool(availability) and all(full for _mode, full in availability),
        "registration_opens_text": event.zones_text(opens) if opens else "",
        "registration_closes_text": event.zones_text(closes) if closes else "",
        "calendar_links": [] if ended or event.is_cancelled else calendar.calendar_links(event),
        "media_images": images,
        "media_documents": [attachment.document for attachment in event.document_attachments.all()],
        # Its first image when shared; without one, the commission's (the share tags' default).
        "share_image": images[0].share_image() if images else None,
        "json_ld": jsonld.event_data(event, images=images, now=now),
        "time_style": times.time_style(),
        "untranslated": untranslated,
        "canonical_url": canonical_url,
    }
    return render(request, "events/event_detail.html", context)


def _availability(event: Event) -> list[tuple[str, bool]]:
    """Per mode offered: its name and whether it is full (``("In person", True)``). The cached page shows only
    this, which changes rarely: the services bump the page cache when a mode fills up or frees up."""
    full = services.full_modes(event)
    names = {Registration.Attendance.IN_PERSON: _("In person"), Registration.Attendance.ONLINE: _("Online")}
    return [(names[mode], mode in full) for mode in event.attendance_modes]


def _ics_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@public_page
def event_calendar(request, slug):
    event = _event_with_schedule(slug)
    return _ics_response(calendar.build_calendar([event]), f"{event.slug}.ics", attachment=True)


@public_page
def calendar_feed(request):
    events = translations.localise(translations.in_language(translations.published_in().upcoming().for_listing()))
    name = _("Press conferences")
    commission = current_commission(request)
    if commission:
        name = f"{name} · {text_in(commission, 'name')}"
    return _ics_response(calendar.build_calendar(events, name=name), "press-conferences.ics", attachment=False)


@require_safe
def zone_city(request):
    """The city the reader's time zone (``?zone=America/New_York``) is named after, in the page's language:
    ``{"city": "Нью-Йорк"}``, for the line a press conference's page writes with the reader's own time
    (static/js/local-time.js). 404 for a zone unknown here or named after no city. The same for everyone,
    and it changes only with the names' data: browsers keep it a day."""
    city = timezones.city_name(request.GET.get("zone", ""), translation.get_language())
    if not city:
        raise Http404("No city is named by that time zone.")
    response = JsonResponse({"city": city})
    patch_cache_control(response, public=True, max_age=86400)
    return response


# Registration. None of these pages may be page-cached: they carry forms, CSRF tokens and personal state.

def _registration_closed_status(event: Event, state: str) -> int:
    """Ended or called off for good: 410 Gone. Not open yet, closed, postponed: 403."""
    if state == Event.RegistrationState.ENDED or event.is_cancelled:
        return 410
    return 403


def _attendance_choices(event: Event) -> list[tuple[str, str]]:
    """The modes the event offers, each saying whether a place is free."""
    choices = []
    for mode in event.attendance_modes:
        if mode == Registration.Attendance.IN_PERSON:
            label = _("In person in %(city)s") % {"city": event.venue_city} if event.venue_city else _("In person")
        else:
            label = event.online_label
        free = services.free_places(event, mode)
        if free == 0:
            label = _("%(mode)s – full: you would join the waitlist") % {"mode": label}
        elif free is not None and free <= 10:
            label = _("%(mode)s – %(count)d left") % {"mode": label, "count": free}
        choices.append((mode, label))
    return choices


@require_http_methods(["GET", "POST"])
def register(request, slug):
    event = _event_with_schedule(slug, request)
    state = event.registration_state()
    context = {"event": event, "nav": "events", "registration_state": state}
    if state != Event.RegistrationState.OPEN:
        return render(request, "events/register.html", context, status=_registration_closed_status(event, state))
    choices = _attendance_choices(event)
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST, attendance_choices=choices)
        if form.is_spam:
            return _sent(event, request.POST.get("email", ""))
        if form.is_valid():
            data = form.cleaned_data
            if refused := ratelimit.submission_refused(request, "register", data["email"], SENT_TOO_OFTEN):
                return refused
            try:
                services.register(
                    event=event, name=data["name"], email=data["email"], organisation=data["organisation"],
                    role=data["role"], attendance=data["attendance"],
                    accessibility_needs=data["accessibility_needs"], language=translation.get_language(),
                )
            except services.ModeNotOffered as error:
                form.add_error("attendance", error.message)
            except services.InvalidAddress as error:
                form.add_error("email", error.message)
            except services.RegistrationClosed as error:
                context["closed_message"] = error.message
                return render(request, "events/register.html", context,
                              status=_registration_closed_status(event, error.state))
            else:
                return _sent(event, data["email"])
        status = 422
    else:
        form = RegistrationForm(attendance_choices=choices)
    context["form"] = form
    return render(request, "events/register.html", context, status=status)


SENT_TO_COOKIE = "registration-sent-to"
SENT_TO_SALT = "events.register_sent"
SENT_TO_SECONDS = 3600


def _sent(event: Event, address: str):
    """To "check your email", carrying the address the email goes to in a signed cookie that only that page
    receives, for an hour: not in the URL, where logs and browser history would keep it."""
    response = redirect("events:register_sent", slug=event.slug)
    response.set_signed_cookie(
        SENT_TO_COOKIE, address[:254], salt=SENT_TO_SALT, max_age=SENT_TO_SECONDS,
        path=reverse("events:register_sent", args=[event.slug]), secure=settings.SESSION_COOKIE_SECURE,
        httponly=True, samesite="Lax",
    )
    return response


def register_sent(request, slug):
    event = _event_with_schedule(slug, request)
    address = request.get_signed_cookie(SENT_TO_COOKIE, default="", salt=SENT_TO_SALT, max_age=SENT_TO_SECONDS)
    response = render(request, "events/register_sent.html", {"event": event, "nav": "events", "address": address})
    add_never_cache_headers(response)  # it shows an address
    return response


def _link_problem(request, event, *, title, message, status, registration=None):
    return render(request, "events/link_problem.html", {
        "event": event, "nav": "events", "title": title, "message": message, "registration": registration,
    }, status=status)


def _service_error_response(request, event, error: services.RegistrationError):
    titles = {
        services.LinkUsed: (_("This link has already been used"), 410),
        services.EventOver: (_("This press conference has ended"), 410),
        services.RegistrationNotFound: (_("Registration not found"), 404),
        services.ModeNotOffered: (_("This way of attending is no longer offered"), 409),
        services.WrongStatus: (_("Nothing to do"), 409),
        services.NoFreePlace: (_("No free place"), 409),
    }
    if isinstance(error, services.RegistrationClosed):
        title, status = _("Registration is closed"), _registration_closed_status(event, error.state)
    else:
        title, status = titles.get(type(error), (_("This cannot be done"), 409))
    message = error.message
    if isinstance(error, services.LinkUsed):
        message = _("This confirmation link has done its work: the address was confirmed with it. The email we "
                    "sent you then has the link to your registration.")
    elif isinstance(error, services.LinkReplaced):
        title, status = _("This link was replaced by a newer email"), 410
        if error.sent_at:  # in every display zone, as the press conference's page writes its times
            message = _("This link was replaced by a newer email sent at %(when)s. Use the link in that "
                        "email.") % {"when": event.zones_text(error.sent_at)}
        else:
            message = _("%(replaced)s Use the link in that email.") % {"replaced": error.message}
    return _link_problem(request, event, title=title, message=message, status=status)


def registrant_link(purpose: str):
    """For the pages behind a link in a registrant's email (``purpose``: ``tokens.CONFIRM`` or ``MANAGE``).

    Reads the event in the URL and the token; the view is called as ``view(request, event, link, token)``
    with the token's data (``link``) and calls services with it. An expired or forged token, and any
    ``RegistrationError`` a service raises (a link of another event, used, erased...), is answered with
    the link-problem page.

    An event the public cannot see (a draft, or one not published yet) answers exactly as an unknown slug
    does, so that no link tells that it exists. Every answer is ``no-store``: these pages show a person's
    name and address, and no cache, shared or in the browser, may keep them.
    """
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, token):
            event = _find_event(Event.objects.published().for_listing(), slug, request)
            response = _answer_link(request, view, purpose, event, token)
            add_never_cache_headers(response)
            return response
        return wrapper
    return decorator


def _answer_link(request, view, purpose: str, event: Event, token: str):
    try:
        link = tokens.read_token(token, purpose)
    except tokens.ExpiredToken:
        return _link_problem(
            request, event, status=410, title=_("This link has expired"),
            message=_("Confirmation links work for %(hours)d hours. Register again to receive a new one: "
                      "your details are not duplicated.") % {"hours": tokens.CONFIRM_MAX_HOURS},
        )
    except tokens.InvalidToken:
        return _link_problem(
            request, event, status=400, title=_("This link is not valid"),
            message=_("The link may have been cut short or changed. Copy the whole address from the "
                      "email, or register again to receive a new one."),
        )
    try:
        return view(request, event, link, token)
    except services.RegistrationError as error:
        return _service_error_response(request, event, error)


@require_http_methods(["GET", "POST"])
@registrant_link(tokens.CONFIRM)
def confirm(request, event, link, token):
    """GET shows a button, POST confirms: mail systems that open links to scan them must not confirm anyone."""
    if request.method == "POST":
        registration = services.confirm_registration(
            registration_id=link.registration_id, nonce=link.nonce, event=event
        )
        return redirect("events:registration", slug=event.slug, token=tokens.make_token(registration, tokens.MANAGE))
    registration = services.get_registration_to_confirm(
        registration_id=link.registration_id, nonce=link.nonce, event=event
    )
    return render(request, "events/confirm.html", {"event": event, "nav": "events", "registration": registration})


def _manage_context(registration) -> dict:
    event = registration.event
    can_switch = registration.can_switch_to_online
    return {
        "event": event,
        "nav": "events",
        "registration": registration,
        "can_switch": can_switch,
        "online_free": services.free_places(event, Registration.Attendance.ONLINE) if can_switch else None,
        "join_url": registration.due_join_url(),
        "waitlist_text": registration.waitlist_text(),
    }


@registrant_link(tokens.MANAGE)
def manage(request, event, link, token):
    """A registrant's own page (the cancel link): where they stand, and what they can do."""
    registration = services.get_registration_for_link(
        registration_id=link.registration_id, nonce=link.nonce, event=event
    )
    if registration.status == Registration.Status.CANCELLED:
        return _link_problem(request, event, status=410, title=_("Registration cancelled"),
                             message=_("This registration was cancelled. You can register again while "
                                       "registration is open."), registration=registration)
    return render(request, "events/registration.html", {**_manage_context(registration), "token": token})


@require_POST
@registrant_link(tokens.MANAGE)
def cancel(request, event, link, token):
    try:
        registration, _promoted = services.cancel_registration(
            registration_id=link.registration_id, nonce=link.nonce, event=event
        )
    except services.WrongStatus:
        return _link_problem(request, event, status=410, title=_("Registration cancelled"),
                             message=_("This registration was already cancelled."))
    return render(request, "events/registration_cancelled.html",
                  {"event": event, "nav": "events", "registration": registration})


@require_POST
@registrant_link(tokens.MANAGE)
def switch_online(request, event, link, token):
    services.switch_to_online(registration_id=link.registration_id, nonce=link.nonce, event=event)
    return redirect("events:registration", slug=event.slug, token=token)
