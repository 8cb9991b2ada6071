"""apply_each: an admin action run on each selected object, with one message for what was done; house_times
and the history page: every moment the admin shows in a list or read-only is in the house style."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import DateTimeField
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from commission.models import MediaDocument
from commission.web.admin import apply_each
from commission.web.times import list_time
from press.models import Accreditation, PreviewLink, PreviewLinkUse
from tests.factories import make_staff_user

DONE = ngettext_lazy("%(count)d group renamed.", "%(count)d groups renamed.", "count")


class Refused(Exception):
    """A rule said no, as an app's domain error does."""


class RefusedWithMessage(Exception):
    message = "Not this one, said for the person who asked."


@pytest.fixture
def request_with_messages():
    request = RequestFactory().post("/admin/auth/group/")
    request._messages = CookieStorage(request)
    return request


@pytest.fixture
def model_admin():
    return admin.ModelAdmin(Group, admin.AdminSite())


def said(request):
    return [(message.level, message.message) for message in request._messages]


def test_apply_each_runs_the_action_on_each_object_and_reports_the_count(model_admin, request_with_messages):
    groups = [Group(name="a"), Group(name="b"), Group(name="c")]

    done = apply_each(model_admin, request_with_messages, groups, lambda group: setattr(group, "name", "x"), DONE)

    assert (done, [group.name for group in groups]) == (3, ["x", "x", "x"])
    assert said(request_with_messages) == [(messages.SUCCESS, "3 groups renamed.")]


def test_apply_each_reports_one_in_the_singular(model_admin, request_with_messages):
    apply_each(model_admin, request_with_messages, [Group(name="a")], lambda group: None, DONE)

    assert said(request_with_messages) == [(messages.SUCCESS, "1 group renamed.")]


def test_apply_each_turns_a_domain_error_into_an_error_naming_the_object_and_goes_on(
    model_admin, request_with_messages
):
    def rename(group):
        if group.name == "b":
            raise Refused("Group b keeps its name.")
        group.name = "x"

    groups = [Group(name="a"), Group(name="b"), Group(name="c")]

    done = apply_each(model_admin, request_with_messages, groups, rename, DONE, catch=Refused)

    assert (done, [group.name for group in groups]) == (2, ["x", "b", "x"])
    assert said(request_with_messages) == [
        (messages.ERROR, "b: Group b keeps its name."),
        (messages.SUCCESS, "2 groups renamed."),
    ]


def test_apply_each_prefers_the_errors_message_written_for_people(model_admin, request_with_messages):
    def refuse(group):
        raise RefusedWithMessage("internal detail")

    apply_each(model_admin, request_with_messages, [Group(name="a")], refuse, DONE, catch=(Refused, RefusedWithMessage))

    assert said(request_with_messages) == [(messages.ERROR, "a: Not this one, said for the person who asked.")]


def test_apply_each_says_nothing_done_when_every_object_was_refused(model_admin, request_with_messages):
    def refuse(group):
        raise Refused("No.")

    done = apply_each(model_admin, request_with_messages, [Group(name="a")], refuse, DONE, catch=Refused)

    assert (done, said(request_with_messages)) == (0, [(messages.ERROR, "a: No.")])


def test_apply_each_lets_other_errors_through(model_admin, request_with_messages):
    def fail(group):
        raise ValueError("a bug, not a rule")

    with pytest.raises(ValueError, match="a bug"):
        apply_each(model_admin, request_with_messages, [Group(name="a")], fail, DONE, catch=Refused)

    assert said(request_with_messages) == []


# Moments in the house style ----------------------------------------------------------------------------------------

LATE = datetime.datetime(2023, 1, 20, 23, 48, tzinfo=datetime.UTC)
HOUSE_STYLE = "20 Jan 2023, 11:48pm UTC"  # list_time, in the site's zone (TIME_ZONE=UTC here)


def make_document(**fields):
    return MediaDocument.objects.create(title="Report", file=SimpleUploadedFile("r.pdf", b"%PDF-1.7 tiny"), **fields)


def log_change(user, obj):
    return LogEntry.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk),
        object_repr=str(obj), action_flag=CHANGE, change_message="Changed the title.", action_time=LATE,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["release", "document"])
def test_history_page_writes_each_action_time_in_the_house_style(staff_client, admin_user, make_release, kind):
    obj = make_release() if kind == "release" else make_document()
    log_change(admin_user, obj)
    opts = obj._meta

    page = staff_client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/").content.decode()

    assert f'<th scope="row"><time datetime="2023-01-20T23:48:00+00:00">{HOUSE_STYLE}</time></th>' in page
    assert "p.m." not in page


@pytest.mark.django_db
def test_history_page_follows_the_sites_zone(staff_client, admin_user, settings, make_release):
    settings.TIME_ZONE = "Asia/Almaty"
    release = make_release()
    log_change(admin_user, release)

    page = staff_client.get(f"/admin/press/pressrelease/{release.pk}/history/").content.decode()

    assert '<time datetime="2023-01-21T05:48:00+06:00">21 Jan 2023, 5:48am UTC+6</time>' in page


def _moments_by_bare_name(model_admin, request, obj=None) -> list[str]:
    """Date-and-time fields the admin would show in Django's own format: by their bare name in its list, or
    read-only (every field, for staff who may only view) in its form."""
    model = model_admin.model
    moments = {f.name for f in model._meta.get_fields() if isinstance(f, DateTimeField)}
    shown = []
    if isinstance(model_admin, admin.ModelAdmin):
        shown += [name for name in model_admin.get_list_display(request) if name in moments]
    fields = flatten_fieldsets(model_admin.get_fieldsets(request, obj))
    if model_admin.has_change_permission(request, obj):
        readonly = set(model_admin.get_readonly_fields(request, obj))
        fields = [name for name in fields if name in readonly]
    shown += [name for name in fields if isinstance(name, str) and name in moments]
    return [f"{model._meta.label}.{name}" for name in shown]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["superuser", "view only"])
def test_no_admin_shows_a_moment_in_djangos_own_format(admin_user, who):
    admins = list(admin.site._registry.values())  # the site's apps' and those of the packages it uses
    if who == "superuser":
        user = admin_user
    else:
        user = make_staff_user("viewer", [f"{m.model._meta.app_label}.view_{m.model._meta.model_name}"
                                          for m in admins])
    request = RequestFactory().get("/admin/")
    request.user = user

    shown = []
    for model_admin in admins:
        shown += _moments_by_bare_name(model_admin, request)
        for inline in model_admin.get_inline_instances(request, None):
            shown += _moments_by_bare_name(inline, request)

    assert shown == []


@pytest.mark.django_db
def test_read_only_moments_of_a_release_are_in_the_house_style_for_staff_who_may_not_publish(client, make_release):
    release = make_release(publish_at=LATE, first_published_at=LATE, last_updated_at=LATE)
    PreviewLink.objects.create(release=release, created_at=LATE, expires_at=LATE + datetime.timedelta(days=7))
    client.force_login(make_staff_user("writer", ["press.view_pressrelease", "press.change_pressrelease",
                                                        "press.view_previewlink"]))

    page = client.get(f"/admin/press/pressrelease/{release.pk}/change/").content.decode()

    # First published, last updated, the publication time (read-only without the permission), the link's time
    # made, in its row and in the row's heading.
    assert page.count(HOUSE_STYLE) == 5
    assert "27 Jan 2023, 11:48pm UTC" in page
    assert "p.m." not in page
    assert 'name="publish_at_0"' not in page  # still read-only: the name stays out of the form


@pytest.mark.django_db
def test_accreditation_moments_are_in_the_house_style_in_the_list_and_the_request(staff_client):
    accreditation = Accreditation.objects.create(
        name="Ann Reporter", email="ann@example.org", outlet="Daily", role="staff", country="Kazakhstan", press_card="PC-1",
        languages="English", consented_at=LATE, created_at=LATE, confirmed_at=LATE, status="awaiting")

    listed = staff_client.get("/admin/press/accreditation/").content.decode()
    page = staff_client.get(f"/admin/press/accreditation/{accreditation.pk}/change/").content.decode()

    assert HOUSE_STYLE in listed and "p.m." not in listed
    assert page.count(HOUSE_STYLE) == 3 and "p.m." not in page


@pytest.mark.django_db
def test_documents_and_preview_link_openings_list_their_moments_in_the_house_style(staff_client, make_release):
    make_document(created_at=LATE)
    link = PreviewLink.objects.create(release=make_release(), expires_at=LATE)
    PreviewLinkUse.objects.create(link=link, used_at=LATE)

    documents = staff_client.get("/admin/commission/mediadocument/").content.decode()
    openings = staff_client.get("/admin/press/previewlinkuse/").content.decode()

    assert HOUSE_STYLE in documents and "p.m." not in documents
    assert HOUSE_STYLE in openings and "p.m." not in openings


@pytest.mark.django_db
def test_admins_of_the_packages_used_write_moments_in_the_house_style(staff_client, client, admin_user):
    recent = timezone.now().replace(microsecond=0)  # axes deletes attempts older than its cool-off
    attempt = AccessAttempt.objects.create(username="someone", ip_address="192.0.2.1", user_agent="x",
                                           path_info="/admin/", failures_since_start=1)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=recent)
    admin_user.last_login = LATE
    admin_user.save()
    viewer = make_staff_user("viewer", ["auth.view_user"])

    attempts = staff_client.get("/admin/axes/accessattempt/").content.decode()
    queue = staff_client.get("/admin/django_tasks_database/dbtaskresult/")
    client.force_login(viewer)
    user_page = client.get(f"/admin/auth/user/{admin_user.pk}/change/")

    assert list_time(recent) in attempts and "p.m." not in attempts and "a.m." not in attempts
    assert (queue.status_code, user_page.status_code) == (200, 200)
    assert HOUSE_STYLE in user_page.content.decode()  # last login, for staff who may only view users


def test_view_on_site_leads_only_those_who_may_view_the_object_to_its_address(client, press_officer, make_release,
                                                                                make_event):
    draft = make_release(slug="draft-names-a-witness", status="draft")
    event = make_event(slug="unannounced-press-conference", status="draft")
    addresses = {obj: f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/" for obj in (draft, event)}
    events_only = make_staff_user("events", ["events.view_event"])
    nobody = make_staff_user("nobody")

    def answers(user):
        client.force_login(user)
        return {obj: client.get(address) for obj, address in addresses.items()}

    assert {obj: r["Location"] for obj, r in answers(press_officer).items()} == {
        draft: "http://testserver/press/draft-names-a-witness/",
        event: "http://testserver/events/unannounced-press-conference/"}
    for_events_only = answers(events_only)
    assert (for_events_only[draft].status_code, for_events_only[event].status_code) == (404, 302)
    assert {response.status_code for response in answers(nobody).values()} == {404}
    assert client.get(f"/admin/r/{ContentType.objects.get_for_model(draft).pk}/99999/").status_code == 404
    assert client.get("/admin/r/nonsense/1/").status_code == 404
