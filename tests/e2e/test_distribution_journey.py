"""The whole distribution story in a real browser, as the issue tells it: a journalist asks to be accredited and
confirms from the email; a press officer approves the request in the admin; a reader subscribes to email
alerts; the officer embargoes a release and sends it to the journalist, who reads it from the personal link
under its banner while the public sees nothing of it; then, with nobody in the admin, the clock passes the
instant, the task worker runs as in production (the database task backend, ``db_worker --batch``) and the
release is public, the personal link leads to the public page and the subscriber gets one alert.

Every email is queued by the database task backend and sent only when the worker runs (in this process, so
that it sees the travelled clock, as the live server does). The page cache is on, as in production. axe-core
checks the public pages of the walk not checked elsewhere (the accreditation request's pages after the form,
the release made public), the admin's approval and embargo pages and the release under embargo."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from press import tasks
from press.models import Accreditation, AlertDelivery, AlertSubscription, PressRelease, PreviewLinkUse
from tests.e2e.axe import assert_accessible
from tests.emails import link_in
from tests.factories import make_release, make_topic
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Commission finds the airship contracts were never tendered"
SLUG = "airship-contracts"
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
JOURNALIST, SUBSCRIBER = "ann@example.org", "reader@example.org"


def emails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def house_time(local: datetime.datetime) -> str:
    """``6:01am``, the house style (the instant is chosen never to be noon or midnight)."""
    return f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def submit(page, name: str) -> None:
    """Press the submit button ``name`` (the newsroom's are at the form's top and bottom: the bottom one)."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).last.click()


def test_accreditation_approval_embargoed_send_personal_link_lift_and_alert(officer_page, live_server, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as production: a queue
    settings.DISPLAY_ZONES = [("Asia/Almaty", "ALMT", "Almaty"), ("Europe/London", "", "London")]
    settings.PAGE_CACHE_SECONDS = 600  # as production: public pages are cached until they change
    officer, base = officer_page, live_server.url
    courts = make_topic("Airship courts", slug="airship-courts")
    make_release(title="Airship hearings open", slug="airship-hearings", topics=[courts])  # a public topic
    release = PressRelease.objects.create(title=TITLE, slug=SLUG, body="The contracts were secret.",
                                          standfirst="Airship standfirst.")
    release.topics.set([courts])
    mail.outbox.clear()
    journalist_context, reader_context = (officer.context.browser.new_context() for _ in range(2))
    try:
        journalist, reader = journalist_context.new_page(), reader_context.new_page()

        # 1. The journalist asks to be accredited, then confirms from the email (a page with a button).
        journalist.goto(f"{base}/press/accreditation/")
        journalist.get_by_label("Full name").fill("Ann Reporter")
        journalist.get_by_label("Email address").fill(JOURNALIST)
        journalist.get_by_label("Outlet").fill("The Paper")
        journalist.get_by_role("group", name="Role").get_by_label("Staff journalist").check()
        journalist.get_by_label("Country where you are based").fill("Kazakhstan")
        journalist.get_by_label("Working languages").fill("English, Kazakh")
        journalist.get_by_role("group", name="Subjects you cover (optional)").get_by_label("Airship courts").check()
        journalist.get_by_label("Press card number").fill("PC-123")
        journalist.get_by_label("I agree that the press office keeps these details").check()
        submit(journalist, "Send my request")
        expect(journalist.get_by_role("heading", level=1)).to_have_text("Check your email")
        assert_accessible(journalist)
        assert mail.outbox == []  # queued, not sent in the request: the worker sends it
        run_worker()
        [message] = emails_to(JOURNALIST)
        assert message.subject == "Confirm your accreditation request"

        journalist.goto(base + link_in(message, r"/press/accreditation/confirm/[^/\s]+/"))
        expect(journalist.get_by_role("heading", level=1)).to_have_text("Confirm your accreditation request")
        assert_accessible(journalist)
        assert Accreditation.objects.get().status == Accreditation.Status.UNCONFIRMED  # opening confirms nothing
        submit(journalist, "Confirm my request")
        expect(journalist.get_by_role("heading", level=1)).to_have_text("Request received")
        expect(journalist.get_by_role("status")).to_contain_text("Your address is confirmed")
        assert_accessible(journalist)
        assert Accreditation.objects.get().status == Accreditation.Status.AWAITING
        run_worker()

        # 2. The press officer approves it in the admin; the journalist is told.
        officer.goto(f"{base}/admin/press/accreditation/?status=awaiting")
        officer.get_by_role("checkbox", name="Select this object for an action - Ann Reporter").check()
        officer.get_by_role("combobox", name="Action:").select_option(label="Approve the selected requests")
        submit(officer, "Run")
        expect(officer.locator("#content")).to_contain_text(f"Ann Reporter <{JOURNALIST}> — The Paper")
        assert_accessible(officer)
        submit(officer, "Yes, approve and email them")
        expect(officer.locator(".messagelist")).to_contain_text("1 request approved; the applicant is being emailed.")
        accreditation = Accreditation.objects.get()
        assert accreditation.status == Accreditation.Status.APPROVED
        run_worker()
        assert emails_to(JOURNALIST)[-1].subject == "You are accredited with the press office"

        # 3. A reader subscribes to every release and confirms from the email.
        reader.goto(f"{base}/press/alerts/")
        reader.get_by_label("Email address").fill(SUBSCRIBER)
        reader.get_by_label("Every press release").check()
        submit(reader, "Subscribe")
        expect(reader.get_by_role("heading", level=1)).to_have_text("Check your email")
        run_worker()
        [message] = emails_to(SUBSCRIBER)
        reader.goto(base + link_in(message, r"/press/alerts/confirm/[^/\s]+/"))
        submit(reader, "Confirm my subscription")
        expect(reader.get_by_role("heading", level=1)).to_have_text("You are subscribed")
        assert AlertSubscription.objects.get(email=SUBSCRIBER).status == AlertSubscription.Status.CONFIRMED

        # The public list and the feed, cached before the embargo (the page cache is on, as in production).
        reader.goto(f"{base}/press/")
        assert reader_context.request.get(f"{base}/press/feed/rss/").ok

        # 4. The officer embargoes the release until a few minutes ahead, typed in Almaty time...
        until = (timezone.now().astimezone(ALMATY) + datetime.timedelta(minutes=6)).replace(second=0, microsecond=0)
        if until.minute == 0:
            until += datetime.timedelta(minutes=1)  # "12 noon" and "12 midnight" are written otherwise
        shown = f"{house_time(until)} ALMT"
        officer.goto(f"{base}/admin/press/pressrelease/{release.pk}/change/")
        submit(officer, "Embargo until…")
        assert_accessible(officer)
        officer.get_by_label("Time zone").select_option("Asia/Almaty")
        officer.get_by_label("Date:").fill(until.date().isoformat())
        officer.get_by_label("Time:").fill(until.strftime("%H:%M"))
        submit(officer, "Continue")
        expect(officer.locator("#content-main")).to_contain_text(shown)
        expect(officer.locator("#content-main")).to_contain_text("– London")  # and in every other display zone
        submit(officer, "Confirm embargo")
        expect(officer.locator(".messagelist")).to_contain_text(f"under embargo until {shown}")

        # ... and sends it to the journalist, picked by name.
        submit(officer, "Send to journalists under embargo…")
        assert_accessible(officer)
        officer.get_by_label(f"Ann Reporter <{JOURNALIST}> (The Paper, Kazakhstan)").check()
        submit(officer, "Continue")
        expect(officer.locator("#content-main")).to_contain_text("1 journalist will receive it")
        assert_accessible(officer)
        submit(officer, "Send it to them")
        expect(officer.locator(".messagelist")).to_contain_text("is being sent under embargo to 1 journalist.")
        expect(officer.locator("#embargo-copies")).to_contain_text("Ann Reporter (The Paper)")
        run_worker()
        message = emails_to(JOURNALIST)[-1]
        assert message.subject == f"Embargoed: {TITLE}"
        personal = link_in(message, r"/press/preview/[^/\s]+/")

        # The journalist reads it under its banner; the public sees nothing of it, and no alert is sent.
        journalist.goto(base + personal)
        expect(journalist.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(journalist.get_by_role("region", name="Embargo")).to_contain_text(f"Embargoed until {shown}")
        expect(journalist.locator(".release-facts__status")).to_contain_text(f"Embargoed until {shown}")
        assert_accessible(journalist)

        # The officer sees the opening on the release's page, then leaves: nobody is in the admin from here on.
        officer.goto(f"{base}/admin/press/pressrelease/{release.pk}/change/")
        assert officer.locator("#embargo-copies ol.openings li").count() == 1
        assert_accessible(officer)
        officer.goto("about:blank")
        assert reader.goto(f"{base}/press/{SLUG}/").status == 404
        reader.goto(f"{base}/press/")
        expect(reader.get_by_role("link", name="Airship hearings open", exact=True)).to_be_visible()
        expect(reader.get_by_role("link", name=TITLE, exact=True)).to_have_count(0)
        assert TITLE not in reader_context.request.get(f"{base}/press/feed/rss/").text()
        reader.goto(f"{base}/press/topics/airship-courts/")
        expect(reader.get_by_role("link", name="Airship hearings open", exact=True)).to_be_visible()
        expect(reader.get_by_role("link", name=TITLE, exact=True)).to_have_count(0)
        assert not [message for message in mail.outbox if message.subject.startswith("Press release:")]
        assert not AlertDelivery.objects.exists()
        waiting = DBTaskResult.objects.filter(task_path=tasks.dispatch_release_alerts.module_path)
        assert [task.run_after for task in waiting] == [until]  # held by the queue until the instant

        # 5. The embargo lifts by itself: the clock passes the instant, and the worker runs.
        with time_machine.travel(until + datetime.timedelta(seconds=30), tick=True):
            sent_before = len(mail.outbox)
            run_worker()
            alerts = mail.outbox[sent_before:]
            [alert] = [message for message in alerts if message.to == [SUBSCRIBER]]  # exactly one
            assert alert.subject == f"Press release: {TITLE}"
            assert f"/press/{SLUG}/" in alert.body
            assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert re.fullmatch(r"<https?://[^>]+/press/alerts/unsubscribe/[^/>]+/>, <mailto:[^>]+>",
                                alert.extra_headers["List-Unsubscribe"])
            # Every confirmed subscriber got one alert: the reader, and the seed's subscriber.
            assert sorted(address for message in alerts for address in message.to) == sorted(
                AlertSubscription.objects.filter(status=AlertSubscription.Status.CONFIRMED)
                .values_list("email", flat=True))

            reader.goto(f"{base}/press/")
            expect(reader.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
            assert TITLE in reader_context.request.get(f"{base}/press/feed/rss/").text()
            reader.goto(f"{base}/press/topics/airship-courts/")
            expect(reader.get_by_role("link", name=TITLE, exact=True)).to_be_visible()

            # The personal link now leads to the public page, with no banner.
            journalist.goto(base + personal)
            expect(journalist).to_have_url(f"{base}/press/{SLUG}/")
            expect(journalist.get_by_role("heading", level=1)).to_have_text(TITLE)
            expect(journalist.get_by_role("region", name="Embargo")).to_have_count(0)
            assert_accessible(journalist)
            assert PreviewLinkUse.objects.filter(link__accreditation=accreditation).count() == 2

            # The reader follows the alert's link to the release.
            reader.goto(base + link_in(alert, rf"/press/{SLUG}/"))
            expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)

            # Running the worker again sends nothing more.
            sent = len(mail.outbox)
            run_worker()
            assert len(mail.outbox) == sent
            assert AlertDelivery.objects.filter(release=release, status=AlertDelivery.Status.SENT).count() == len(
                alerts)
        assert [message.subject for message in emails_to(JOURNALIST)] == [
            "Confirm your accreditation request", "Your accreditation request has been received",
            "You are accredited with the press office", f"Embargoed: {TITLE}",
        ]
    finally:
        journalist_context.close()
        reader_context.close()
