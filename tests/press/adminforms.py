"""Posting the release admin's change form as a browser does (the tests of press/admin/ share these)."""

from django.utils import timezone

from tests.factories import make_staff_user

ADD_URL = "/admin/press/pressrelease/add/"
CHANGELIST_URL = "/admin/press/pressrelease/"


def change_url(release):
    return f"/admin/press/pressrelease/{release.pk}/change/"


def release_url(release, page):
    """One of a release's own admin pages: preview, publish, schedule, delete."""
    return f"/admin/press/pressrelease/{release.pk}/{page}/"


def form_data(**overrides):
    data = {
        "title": "Commission to give evidence",
        "slug": "commission-to-give-evidence",
        "dateline_place": "London",
        "standfirst": "A summary.",
        "body": "Opening.\n\n[quote 1]\n\nClosing.",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "notes_to_editors": "",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
        **{f"{prefix}-{key}": value for prefix in ("image_attachments", "document_attachments")
           for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                              ("MAX_NUM_FORMS", "1000"))},
        "preview_links-TOTAL_FORMS": "0",
        "preview_links-INITIAL_FORMS": "0",
        "preview_links-MIN_NUM_FORMS": "0",
        "preview_links-MAX_NUM_FORMS": "0",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "2",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def with_quotes(data, *quotes, initial=0):
    data = dict(data)
    data["quotes-TOTAL_FORMS"] = str(len(quotes))
    data["quotes-INITIAL_FORMS"] = str(initial)
    for index, quote in enumerate(quotes):
        for key, value in quote.items():
            data[f"quotes-{index}-{key}"] = value
    return data


def change_data(release, **overrides):
    """The change form of ``release`` as shown, with ``overrides`` typed into it."""
    current = {
        "title": release.title, "slug": release.slug, "body": release.body, "standfirst": release.standfirst,
        "dateline_place": release.dateline_place, "status": release.status,
        "publish_at_0": timezone.localtime(release.publish_at).strftime("%Y-%m-%d") if release.publish_at else "",
        "publish_at_1": timezone.localtime(release.publish_at).strftime("%H:%M:%S.%f") if release.publish_at else "",
    }
    return form_data(**{**current, **overrides})


def pressing(button, data):
    """``data`` as posted by pressing the submit button named ``button`` in place of "Save"."""
    data = {key: value for key, value in data.items() if key != "_save"}
    data[button] = "pressed"
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def another_officers_save(release, **changes):
    """A save of ``release`` with ``changes``, as another officer's made while this one's page was open."""
    other = type(release).objects.get(pk=release.pk)
    for name, value in changes.items():
        setattr(other, name, value)
    other.save()
    return other


def changed_since_shown(title, *, then="nothing was done: read it again, then confirm.") -> str:
    """What a page that asks before acting on a release says when it was changed since it was shown."""
    return f"“{title}” was changed by someone else since you opened this page, so {then}"


def staff_with(*codenames, username="intern"):
    """A staff user holding only the press app's permissions ``codenames``."""
    return make_staff_user(username, [f"press.{codename}" for codename in codenames])
