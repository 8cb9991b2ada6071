"""What the apps' admin classes share: running an action on each selected object and saying how it went,
writing a moment in a list's narrow column or a read-only field, and a date-and-time box that names its zone."""

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db.models import Model
from django.http import HttpRequest
from django.utils import formats, timezone

from commission.web import times


def apply_each(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: Iterable[Model],
    action: Callable[[Model], object],
    done_message: str,
    *,
    catch: type[Exception] | tuple[type[Exception], ...] = (),
) -> int:
    """Call ``action(obj)`` for each selected object; return how many it was done for.

    A domain error (an instance of ``catch``: the app names its own, so this module imports no
    app) stops only its own object: the admin sees it as an error message naming the object, by the
    error's ``message`` when it has one. When anything was done, ``done_message`` reports the count:
    an ``ngettext_lazy(singular, plural, "count")``, so the sentence agrees with the number.
    """
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except catch as error:
            model_admin.message_user(request, f"{obj}: {getattr(error, 'message', error)}", messages.ERROR)
        else:
            done += 1
    if done:
        model_admin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    return done


def list_time(value) -> str:
    """A moment in a list column, in the house style and the current zone: ``20 Jan 2023, 3:30pm GMT``."""
    if not value:
        return "—"
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'j M Y')}, {times.format_time(local)} {times.abbreviation(local)}"


def moment_fields(model: type[Model], *names: str) -> list[Callable[[Model], str]]:
    """Read-only admin fields showing the moments in ``model``'s fields ``names`` in the house style, as
    ``list_time`` writes them (Django's own display writes ``Jan. 20, 2023, 3:30 p.m.``); put them in
    ``fields`` and ``readonly_fields``, or in ``list_display``."""

    def moment_field(name):
        @admin.display(description=model._meta.get_field(name).verbose_name, ordering=name)
        def moment(obj) -> str:
            return list_time(getattr(obj, name))

        moment.__name__ = name
        return moment

    return [moment_field(name) for name in names]


class ZonedSplitDateTime(AdminSplitDateTime):
    """Django's date and time boxes, with the zone the time is read in written right after them (and given to
    screen readers as the boxes' description). The zone is the current one unless ``zone`` names another:
    the form that reads the time must read it in that zone too."""

    template_name = "admin/widgets/zoned_split_datetime.html"

    def __init__(self, attrs=None, *, zone: str = ""):
        super().__init__(attrs)
        self.zone = zone

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        zone_id = f"{context['widget']['attrs'].get('id') or 'id_' + name}_zone"
        for widget in context["widget"]["subwidgets"]:
            widget["attrs"]["aria-describedby"] = f"{widget['attrs']['aria-describedby']} {zone_id}"
        context["zone_id"] = zone_id
        context["zone"] = self.zone or timezone.get_current_timezone_name()
        return context
