"""What the apps' admin classes share: running an action on each selected object and saying how it went,
writing a moment in a list's narrow column or a read-only field (``house_times`` does it for a whole admin),
a date-and-time box that names its zone, and editing language versions of content (releases', press
conferences') and saying which are missing or out of date; an inline's rows posted back found among those it
read, with no query per row (``RowsReadOnce``); refusing a list action not offered; and the "View on site"
shortcut for those who may view the object."""

import functools
import hashlib
from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import DateTimeField, Model, QuerySet, TextField
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext, gettext_lazy

from commission.web import times
from commission.web.text import line_breaks_as_read


class MultilineText(forms.CharField):
    """A textarea's text, stored with its line breaks as LF (``line_breaks_as_read``), and unchanged when it reads
    as what is stored: browsers send CRLF, and the form cuts the spaces and line breaks at either end, so text
    stored otherwise (the seed's, ending in a line break) would read as changed at every first save."""

    def to_python(self, value):
        return line_breaks_as_read(super().to_python(value))

    def has_changed(self, initial, data):
        return super().has_changed(self.to_python(initial) if initial else initial, data)


# For an admin whose text is compared (a release's snapshots; whether a language version's words changed):
# ``formfield_overrides = TEXT_AS_READ``.
TEXT_AS_READ = {TextField: {"form_class": MultilineText}}


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
    an ``ngettext_lazy(singular, plural, "count")``, so the sentence agrees with the number; when nothing was
    to be done (none left to act on), the admin is told so.
    """
    done = failed = 0
    for obj in queryset:
        try:
            action(obj)
        except catch as error:
            failed += 1
            model_admin.message_user(request, f"{obj}: {getattr(error, 'message', error)}", messages.ERROR)
        else:
            done += 1
    if done:
        model_admin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    elif not failed:
        model_admin.message_user(request, gettext("Nothing was changed: none of the chosen needed it."),
                                 messages.WARNING)
    return done



def ask_before_action(model_admin: admin.ModelAdmin, request: HttpRequest, chosen, *, action: str, title,
                      confirm_label: str, warning: str = "", question: str = "", line=str, note=None, listed=None,
                      form: forms.Form | None = None, can_confirm: bool = True, **context) -> TemplateResponse:
    """The page that asks before the list action ``action`` acts on the ``chosen`` objects
    (templates/admin/action_confirmation.html); posting it again with ``post=yes`` runs the action. What will
    happen is ``question``, or the template ``warning`` (which reads the page's context: ``count``, ``context``);
    then the objects ``listed`` (by default the chosen ones), each as ``line(obj)`` with its ``note(obj)``, and
    ``form``'s fields, carried to the confirmation. ``title`` may read ``%(count)d`` (an ``ngettext_lazy``). An
    action offered on an object's own page too is asked there the same way, and answered there. What the lines
    read comes with the objects (``select_related``), so the page costs no query per object; what a list
    prefetches for its columns (``get_queryset``) is not read here, nor fetched."""
    chosen = list(_without_prefetches(chosen))
    listed = chosen if listed is None else list(_without_prefetches(listed))
    on_its_page = f"{ActionLocation.CHANGE_FORM.value}-action" in request.POST
    title = title % {"count": len(chosen)}
    return TemplateResponse(request, "admin/action_confirmation.html", {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "here": context.pop("here", title),
        "question": question,
        "warning": warning,
        "lines": [(line(obj), note(obj) if note else "") for obj in listed],
        "selected": [obj.pk for obj in chosen],
        "count": len(chosen),
        "action": action,
        "action_field": f"{ActionLocation.CHANGE_FORM.value}-action" if on_its_page else "action",
        "form": form,
        "can_confirm": can_confirm,
        "confirm_label": confirm_label,
        "back_url": request.get_full_path(),  # the list as it was, its filters kept, or the object's page
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        **context,
    })


def _without_prefetches(objects):
    return objects.prefetch_related(None) if isinstance(objects, QuerySet) else objects


@functools.cache
def _moment_field(model: type[Model], name: str) -> Callable[[Model], str]:
    """A read-only admin field showing the moment in ``model``'s field ``name`` in the house style, as
    ``list_time`` writes it (Django's own display writes ``Jan. 20, 2023, 3:30 p.m.``). One object per field:
    the admin finds a read-only field by identity, between fieldsets and readonly_fields."""

    @admin.display(description=model._meta.get_field(name).verbose_name, ordering=name)
    def moment(obj) -> str:
        return times.list_time(getattr(obj, name))

    moment.__name__ = name
    return moment


def _is_moment(model: type[Model], name) -> bool:
    if not isinstance(name, str):
        return False
    try:
        return isinstance(model._meta.get_field(name), DateTimeField)
    except FieldDoesNotExist:
        return False


class _HouseTimes:
    """See ``house_times``."""

    def _moments_shown_read_only(self, request, obj) -> set[str]:
        if not self.has_change_permission(request, obj):  # a view-only page: every field is read-only
            return {field.name for field in self.model._meta.get_fields() if _is_moment(self.model, field.name)}
        return {name for name in super().get_readonly_fields(request, obj) if _is_moment(self.model, name)}

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # The names stay, so the form still leaves those fields out; the page shows the moment in their place.
        moments = sorted(self._moments_shown_read_only(request, obj))
        return [*fields, *(_moment_field(self.model, name) for name in moments)]

    def get_fieldsets(self, request, obj=None):
        moments = self._moments_shown_read_only(request, obj)
        seen = set()

        def swap(name):
            if isinstance(name, list | tuple):
                return type(name)(swap(each) for each in name)
            return _moment_field(self.model, name) if name in moments else name

        def first_time(name) -> bool:  # Django's get_fields() lists read-only fields after the form's
            if isinstance(name, list | tuple):
                return True
            new = name not in seen
            seen.add(name)
            return new

        return [
            (title, {**options, "fields": [line for line in map(swap, options["fields"]) if first_time(line)]})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_list_display(self, request):
        return [_moment_field(self.model, name) if _is_moment(self.model, name) else name
                for name in super().get_list_display(request)]


def house_times(admin_class: type) -> type:
    """Class decorator for a ModelAdmin or an inline: every date-and-time field it shows in its list or read-only
    (for staff who may only view, that is all of them) is written as ``list_time`` writes it, not in Django's own
    ``Jan. 20, 2023, 3:30 p.m.``. Below ``@admin.register``; it wraps the class's own ``get_readonly_fields``
    and ``get_fieldsets``, so fields a class makes read-only for some users only are covered too."""
    attributes = {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__,
                  "__doc__": admin_class.__doc__}
    return type(admin_class.__name__, (_HouseTimes, admin_class), attributes)


class ZonedSplitDateTime(AdminSplitDateTime):
    """Django's date and time boxes, with the zone the time is read in written right after them (and given to
    screen readers as the boxes' description). The zone is the current one unless ``zone`` names another:
    the form that reads the time must read it in that zone too."""

    template_name = "admin/widgets/zoned_split_datetime.html"

    class Media:
        js = ["js/zone-labels.js"]  # the zone named follows a zone box of the form marked data-names-times

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


# Language versions. The apps keep their versions and decide their states (``language_status()`` in
# press/translations.py, events/translations.py); what is shared is how the admin edits and names them.

VERSION_STATE_NAMES = {
    "missing": gettext_lazy("missing"),
    "draft": gettext_lazy("written, not ready"),
    "out_of_date": gettext_lazy("out of date: the English changed since it was written"),
    "ready": gettext_lazy("ready"),
}


def language_versions_text(states: list[dict]):
    """``Русский: ready · Қазақша: missing``, each state in words (no colour alone says it)."""
    return format_html_join(
        " · ", '<span class="language-version language-version--{}">{}: {}</span>',
        ((state["state"], state["name"], VERSION_STATE_NAMES[state["state"]]) for state in states),
    )


class RefusesStaleEdits(forms.ModelForm):
    """A change form that does not silently save over a save made by someone else since it was opened (another
    press officer's edit, a return to draft from the list): the page carries ``stored_fingerprint``, the row as it
    was when the page was made (templates/admin/change_form.html, field ``loaded_as``), and a save whose row has
    changed since is refused once, with what was typed kept. The page it answers with carries the row as it is
    now, so saving again is a choice. A post without the field (not from the page) is not checked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read before the posted values are put on the instance (``_post_clean``): the row as stored.
        self.stored_fingerprint = row_fingerprint(self.instance) if self.instance.pk is not None else ""

    def clean(self):
        cleaned = super().clean()
        if changed_since_shown(self.data, self.stored_fingerprint, name=self.add_prefix(LOADED_AS)):
            raise ValidationError(
                gettext_lazy("Someone else saved this %(item)s after you opened this page. What you typed is kept "
                             "below, and nothing was saved. Saving again replaces their changes with yours; to "
                             "see theirs first, open the %(item)s again in a new tab."),
                code="stale", params={"item": self.instance._meta.verbose_name},
            )
        return cleaned


LOADED_AS = "loaded_as"


def row_fingerprint(instance: Model) -> str:
    """A digest of every stored column of ``instance``: it changes with any save that changes the row."""
    digest = hashlib.sha256()
    for field in instance._meta.concrete_fields:
        digest.update(str(field.value_to_string(instance)).encode())
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def changed_since_shown(data, stored_fingerprint: str, *, name: str = LOADED_AS) -> bool:
    """Whether ``data``, posted from a page that carries the row as it showed it (``name``, a ``row_fingerprint``;
    templates/admin/includes/loaded_as.html), comes from a page made before the row was last saved: the one rule
    of the change forms (``RefusesStaleEdits``) and of the pages that ask before acting on a row. A post without
    the field (not from the page) is not checked."""
    loaded_as = data.get(name)
    return bool(loaded_as and stored_fingerprint and loaded_as != stored_fingerprint)


def shown_fingerprint(data, instance: Model, *, name: str = LOADED_AS) -> str:
    """The fingerprint a page that asks before acting on ``instance`` carries on: the one it was posted with, so a
    save made between its steps is still noticed at the last; the row as it is now on a first showing."""
    return data.get(name) or row_fingerprint(instance)


class LanguageVersionForm(RefusesStaleEdits):
    """A language version's form, which says all the admin needs to know of the app's versions. A subclass
    names, beside its ``Meta``: the fields whose change means the words were (re)written (``words``); the
    version's item (``item_field``); and, as staticmethods, the app's ``mark_written(version)``, which records
    the English the words were written against, and ``language_status(item)``."""

    matches_english = forms.BooleanField(
        label=gettext_lazy("Matches the English as it stands"), required=False,
        help_text=gettext_lazy("Tick after checking an out-of-date version against the English text: it is "
                               "then up to date. Saving changed words does this by itself."),
    )
    words: frozenset[str] = frozenset()
    item_field: str
    mark_written: Callable[[Model], Model]
    language_status: Callable[[Model], list[dict]]

    def stamp_if_written(self) -> None:
        if self.words & set(self.changed_data) or self.cleaned_data.get("matches_english"):
            self.mark_written(self.instance)


class RowsReadOnce:
    """For an inline formset: each row's hidden id is found among the rows the formset has read for its forms,
    where Django's field reads the row again, one query per row. An id that is not one of them (a row deleted
    meanwhile, or another item's) is refused, as Django refuses an id that does not exist."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self.model._meta.pk.name
        field = form.fields.get(name)
        if isinstance(field, forms.ModelChoiceField):
            form.fields[name] = _RowOfTheFormSet(field.queryset, initial=field.initial, required=False,
                                                 widget=field.widget, formset=self)


class _RowOfTheFormSet(forms.ModelChoiceField):
    def __init__(self, *args, formset, **kwargs):
        super().__init__(*args, **kwargs)
        self.formset = formset

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not hasattr(self.formset, "rows_by_pk"):
            self.formset.rows_by_pk = {str(row.pk): row for row in self.formset.get_queryset()}
        row = self.formset.rows_by_pk.get(str(value))
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return row


class LanguageVersionFormSet(RowsReadOnce, BaseInlineFormSet):
    """Saves a version with the fingerprint of the English its words were written against (once the item, and
    what comes first on its page, are saved)."""

    def save_new(self, form, commit=True):
        setattr(form.instance, self.fk.name, self.instance)  # the fingerprint is read from the item
        form.stamp_if_written()
        return super().save_new(form, commit=commit)

    def save_existing(self, form, obj, commit=True):
        form.stamp_if_written()
        return super().save_existing(form, obj, commit=commit)


class _LanguageVersionState:
    """The read-only ``state`` of a version, for its inline and its own page (their ``form`` is a
    ``LanguageVersionForm``). Its words are read as the reader reads them: a browser's CRLF is not a rewrite that
    would mark the version written against the English of now (``LanguageVersionForm.stamp_if_written``)."""

    formfield_overrides = TEXT_AS_READ

    @admin.display(description=gettext_lazy("state"))
    def state(self, version):
        if version.pk is None:
            return "—"
        states = {state["code"]: state for state in self.form.language_status(getattr(version, self.form.item_field))}
        return VERSION_STATE_NAMES[states[version.language]["state"]]


class LanguageVersionInline(_LanguageVersionState, admin.StackedInline):
    """The versions on their item's page; what else a version translates is edited on its own page."""

    formset = LanguageVersionFormSet
    extra = 0
    readonly_fields = ["state"]
    show_change_link = True
    verbose_name = gettext_lazy("language version")


class _PartChoicesReadOnce(RowsReadOnce, BaseInlineFormSet):
    """Every row chooses its part from the same list, read once for the formset: a ModelChoiceField reads its
    queryset again each time it is shown, once per row."""

    part_field = ""  # set by VersionPartsInline.get_formset

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields[self.part_field]
        if not hasattr(self, "part_choices"):
            self.part_choices = list(field.choices)
        field.choices = self.part_choices


class VersionPartsInline:
    """On a version's own page, an inline of what else the version translates (a release's quotes, a press
    conference's display zones): each row's part (``part_field``) is one of the item the version translates
    (``version_model``'s ``item_field``), none of another item's, listed once for all the rows."""

    formset = _PartChoicesReadOnce
    formfield_overrides = TEXT_AS_READ  # a row changed by its line breaks only would mark the version written
    version_model: type[Model]
    item_field: str
    part_field: str
    part_select_related: tuple[str, ...] = ()  # what a part's name in the list reads

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # a new class each time
        formset.part_field = self.part_field
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.part_field:
            version_id = request.resolver_match.kwargs.get("object_id")
            item = self.version_model.objects.filter(pk=version_id).values(f"{self.item_field}_id")
            parts = db_field.related_model.objects.filter(**{f"{self.item_field}__in": item})
            kwargs["queryset"] = parts.select_related(*self.part_select_related) if self.part_select_related else parts
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LanguageVersionAdmin(_LanguageVersionState, admin.ModelAdmin):
    """A version's own page: its words, and the inlines with what else it translates (a release's quotes, a
    press conference's place names), each beside the English. Versions are added on their item's page."""

    form = LanguageVersionForm
    list_filter = ["language", "ready"]
    # What a row's "state" reads of its item (its versions, and what its English fingerprint covers): loaded
    # for the whole list at once, not per row.
    state_prefetch: list[str] = []
    # The item's field that a save of it changes (``auto_now``), which this page's saves change too (save_model).
    item_saved_field: str

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*self.state_prefetch)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        form.stamp_if_written()
        super().save_model(request, obj, form, change)
        # The item counts as saved too, so a page of the item opened before refuses to save its old copy of these
        # words over them (RefusesStaleEdits: the item's row changes with ``item_saved_field``).
        getattr(obj, form.item_field).save(update_fields=[self.item_saved_field])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):  # what the inlines translate is the version's words too
            form.mark_written(form.instance)
            form.instance.save()  # whatever the app's mark_written records (a press conference's venue too)


class ActedOnOnly:
    """Objects never edited on their own page, only acted on there (actions offered with
    ``ActionLocation.CHANGE_FORM``): the page has no Save buttons, and a post that runs no action is refused."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and f"{ActionLocation.CHANGE_FORM.value}-action" not in request.POST:
            raise PermissionDenied
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False,
                         "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)


class OfferedActionsOnly:
    """A list action the user is not offered, posted anyway, is refused with 403. Django would ignore it, or
    answer "No action selected." when the user has other actions; either way, nothing would say why."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            posted = set(request.POST.getlist("action")) - {""}
            if posted - set(self.get_actions(request)):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)


def view_on_site(request: HttpRequest, content_type_id: str, object_id: str):
    """Django's "View on site" shortcut (``<admin>/r/<type>/<id>/``), which redirects to an object's public
    address, for staff who may view that object in the admin only: Django's own answers any staff account,
    and a draft's address (its slug, most often its headline) is not for staff without the permission.
    Anything else, an object that does not exist included, is the same 404."""
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ValueError, ContentType.DoesNotExist, admin.sites.NotRegistered):
        raise Http404 from None
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
