"""apply_each: an admin action run on each selected object, with one message for what was done."""

import pytest
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.utils.translation import ngettext_lazy

from commission.web.admin import apply_each

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
