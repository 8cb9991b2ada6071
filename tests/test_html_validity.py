"""Every public page is valid HTML according to the Nu Html Checker (vnu.jar, run on Java)."""

import datetime
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import tokens
from events.models import Event, EventImage, Registration
from events.seed import SAMPLE_SLUG
from events.seed_versions import SAMPLE_VERSIONS
from press import embargo, services
from press.models import PressRelease
from press.seed import SLUG
from press.seed_versions import VERSIONS
from tests.emails import link_in
from tests.factories import SIGN_UP_FORM, add_after_the_event_materials, attach_sample_media, make_journalist
from tests.prerequisites import skip_or_fail
from tests.press.versions import correct_release

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One short run of the checker: the quick compiler only and one garbage collector thread save a third of its CPU
# time; the quick compiler's deeper stack frames need a bigger stack for the parser's recursion.
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m"]

REGISTER = f"/events/{SAMPLE_SLUG}/register/"

# The pages anyone can open with a plain GET, after `load_seed --sample`.
PAGES = {
    "home": "/",
    "commission": "/commission/",
    "person": "/commission/people/lord-macdonald/",
    "privacy": "/privacy/",
    "events": "/events/",
    "event": "/events/press-conference-2023-01-20/",
    "sample-event": f"/events/{SAMPLE_SLUG}/",
    "register": REGISTER,
    "release-list": "/press/",
    "release-archive-month": "/press/?year=2023&month=1&topic=zhanbolat-mamay",
    "release-archive-empty": "/press/?year=2022",
    "release": f"/press/{SLUG}/",
    "topic": "/press/topics/zhanbolat-mamay/",
    "search": "/press/search/?q=Mamay",
    "search-no-hits": "/press/search/?q=zeppelin",
    "search-empty": "/press/search/",
    "accreditation": "/press/accreditation/",
    "alerts": "/press/alerts/",
    "alerts-kk": "/kk/press/alerts/",
    "not-found": "/no-such-page/",
    # The interface in Russian and Kazakh: the language switcher, hreflang links, lang attributes.
    "release-ru": f"/ru/press/{VERSIONS['ru']['slug']}/",
    "events-ru": "/ru/events/",
    "register-ru": f"/ru/events/{SAMPLE_VERSIONS['ru']['slug']}/register/",
    "event-kk": f"/kk/events/{SAMPLE_VERSIONS['kk']['slug']}/",
    "home-kk": "/kk/",
    "privacy-kk": "/kk/privacy/",
}
# Besides these, the test sends the registration form (empty, then filled in), follows the links in the
# emails, opens a release's preview link, and corrects the release to show its versions and what changed:
# see pages_behind_forms_and_links().

VALID = SIGN_UP_FORM


def link_in_last_email(kind: str) -> str:
    """The newest email's link of a kind ("confirm" or "registration"), as a path."""
    return link_in(mail.outbox[-1], rf"/events/[^/\s]+/{kind}/[^/\s]+/")


def pages_behind_forms_and_links(client, capture_on_commit, make_registration, officer):
    """Yield (name, expected status, response) for the pages a registrant reaches by a form or an emailed link,
    in the order they meet them, and a release preview."""
    yield "register-errors", 422, client.post(REGISTER, {})
    with capture_on_commit(execute=True):  # the emails go out after commit
        sent = client.post(REGISTER, VALID, follow=True)
    yield "register-sent", 200, sent
    confirm = link_in_last_email("confirm")
    yield "confirm", 200, client.get(confirm)
    with capture_on_commit(execute=True):
        confirmed = client.post(confirm, follow=True)
    yield "confirmed", 200, confirmed
    yield "link-used", 410, client.get(confirm)
    with capture_on_commit(execute=True):
        cancelled = client.post(link_in_last_email("registration") + "cancel/")
    yield "cancelled", 200, cancelled

    sample = Event.objects.get(slug=SAMPLE_SLUG)
    for _ in range(sample.in_person_capacity):
        make_registration(sample, status=Registration.Status.CONFIRMED)
    waiting = make_registration(sample, status=Registration.Status.WAITLISTED)
    token = tokens.make_token(waiting, tokens.MANAGE)
    yield "waitlisted", 200, client.get(f"/events/{SAMPLE_SLUG}/registration/{token}/")
    yield "event-full", 200, client.get(f"/events/{SAMPLE_SLUG}/")  # "In person: full, waiting list open"

    yield "accreditation-errors", 422, client.post("/press/accreditation/", {"work_url": "no link"})
    with capture_on_commit(execute=True):
        sent = client.post("/press/accreditation/", {**VALID, "outlet": "The Paper", "role": "staff",
                                                     "country": "Kazakhstan", "languages": "English",
                                                     "press_card": "PC-1"}, follow=True)
    yield "accreditation-sent", 200, sent
    confirm = link_in(mail.outbox[-1], r"/press/accreditation/confirm/[^/\s]+/")
    yield "accreditation-confirm", 200, client.get(confirm)
    yield "accreditation-confirmed", 200, client.post(confirm)
    yield "accreditation-link-used", 410, client.get(confirm)

    yield "alerts-errors", 422, client.post("/press/alerts/", {"email": "no address", "scope": "topics"})
    with capture_on_commit(execute=True):
        sent = client.post("/press/alerts/", {"email": "alerts@example.org", "scope": "all", "conferences": "on"},
                           follow=True)
    yield "alerts-sent", 200, sent
    confirm = link_in(mail.outbox[-1], r"/press/alerts/confirm/[^/\s]+/")
    yield "alerts-confirm", 200, client.get(confirm)
    yield "alerts-confirmed", 200, client.post(confirm)
    yield "alerts-link-used", 410, client.get(confirm)
    with capture_on_commit(execute=True):
        client.post("/press/alerts/", {"email": "alerts@example.org", "scope": "all"})  # "already subscribed"
    manage = link_in(mail.outbox[-1], r"/press/alerts/manage/[^/\s]+/")
    yield "alerts-manage", 200, client.get(manage)
    yield "alerts-manage-saved", 200, client.post(manage, {"scope": "all"})
    yield "alerts-manage-errors", 422, client.post(manage, {"scope": "topics"})
    unsubscribe = manage.replace("/manage/", "/unsubscribe/")
    yield "alerts-unsubscribe", 200, client.get(unsubscribe)
    yield "alerts-unsubscribed", 200, client.post(unsubscribe)
    yield "alerts-manage-after-leaving", 200, client.get(manage)
    yield "alerts-link-not-valid", 400, client.get("/press/alerts/manage/nonsense/")

    seed = PressRelease.objects.get(slug=SLUG)
    draft = PressRelease.objects.create(title="Draft for review", slug="draft-for-review",
                                        body="Draft text.\n\n[quote 1]", commission=seed.commission)
    draft.quotes.create(speaker=seed.quotes.first().speaker, text="A draft quote.")
    yield "preview", 200, client.get(services.create_preview_link(release=draft, created_by=officer).get_absolute_url())

    embargoed = PressRelease.objects.create(title="Embargoed for journalists", slug="embargoed-for-journalists",
                                            body="Embargoed text.", commission=seed.commission)
    embargo.embargo_release(release=embargoed, until=timezone.now() + datetime.timedelta(days=1),
                            zone="Asia/Almaty", by=officer)
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=officer)[0]
    yield "embargoed-copy", 200, client.get(copy.get_absolute_url())

    correct_release(seed, by=officer)
    yield "release-corrected", 200, client.get(f"/press/{SLUG}/")
    yield "release-history", 200, client.get(f"/press/{SLUG}/history/")
    yield "release-version", 200, client.get(f"/press/{SLUG}/history/1/")
    yield "release-changes", 200, client.get(f"/press/{SLUG}/history/2/changes/")


def pages_with_media(client):
    """Yield (name, expected status, response) for the seed release and sample press conference with library
    images and documents, the commission's share image, and a person page with quotes and press conferences."""
    seed = PressRelease.objects.get(slug=SLUG)
    sample = Event.objects.get(slug=SAMPLE_SLUG)
    speaker = attach_sample_media(seed, sample)
    yield "release-with-media", 200, client.get(seed.get_absolute_url())
    yield "event-with-media", 200, client.get(sample.get_absolute_url())
    yield "person-quoted-and-speaking", 200, client.get(speaker.get_absolute_url())
    ended = add_after_the_event_materials(Event.objects.get(slug=PAGES["event"].split("/")[2]))
    EventImage.objects.create(event=ended, image=sample.image_attachments.first().image)  # its photos
    yield "event-after-it-took-place", 200, client.get(ended.get_absolute_url())
    english_only = PressRelease.objects.create(title="Only in English", slug="only-in-english", body="Text.",
                                               status=PressRelease.Status.PUBLISHED, publish_at=seed.publish_at)
    yield "release-in-english-on-a-russian-page", 200, client.get(f"/ru/press/{english_only.slug}/")


def test_public_pages_have_no_html_errors(client, tmp_path, django_capture_on_commit_callbacks, make_registration,
                                          press_officer):
    if not VNU.exists():
        skip_or_fail(f"the Nu Html Checker is not installed at {VNU}", "npm install --no-audit --no-fund")
    if shutil.which("java") is None:
        skip_or_fail("the Nu Html Checker needs Java 17+ on PATH", "apt-get install -y default-jre-headless")
    call_command("load_seed", sample=True, verbosity=0, stdout=io.StringIO())
    responses = [(name, 404 if name == "not-found" else 200, client.get(path)) for name, path in PAGES.items()]
    responses += pages_behind_forms_and_links(client, django_capture_on_commit_callbacks, make_registration,
                                              press_officer)
    responses += pages_with_media(client)
    files = []
    for name, status, response in responses:
        assert response.status_code == status, name
        target = tmp_path / f"{name}.html"
        target.write_bytes(response.content)
        files.append(str(target))
    result = subprocess.run(
        ["java", *JAVA_OPTIONS, "-jar", str(VNU), "--errors-only", *files], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
