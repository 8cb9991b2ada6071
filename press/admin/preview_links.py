"""Preview links: those of a release on its page (``PreviewLinkInline``), every link and each time it was opened
(``PreviewLinkAdmin``, ``PreviewLinkUseAdmin``). Links are made with the release's "Share a preview link" button
and by sending it under embargo (newsroom.py); here they are only read and revoked."""

from django.contrib import admin
from django.contrib.admin import ActionLocation
from django.db.models import Count, Max
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from commission.web.admin import ActedOnOnly, OfferedActionsOnly, apply_each, ask_before_action, house_times
from commission.web.links import absolute_url
from commission.web.times import list_time
from press import services
from press.models import PressRelease, PreviewLink, PreviewLinkUse


@house_times
class PreviewLinkInline(admin.TabularInline):
    """Links already shared for this release; they are created with the "Share a preview link" button."""

    model = PreviewLink
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = ["address", "created_by", "created_at", "expires_at", "state", "use_count"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("preview links shared")

    def has_add_permission(self, request, obj=None):
        return False  # created with the "Share a preview link" button, which logs who made it

    def get_queryset(self, request):
        # Each row's title names the release.
        return (
            super().get_queryset(request).shared_previews().select_related("release", "created_by").with_state()
            .annotate(use_count=Count("uses"))
        )

    # The inline also draws an empty template row, with an unsaved link: show nothing there.

    def get_fields(self, request, obj=None):
        # The revoke button only for those who may revoke (services.may_revoke checks again on the server).
        return [*self.fields, "revoke"] if services.may_revoke(request.user) else list(self.fields)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=gettext_lazy("address"))
    def address(self, link):
        if link.pk is None:
            return "—"
        return preview_address_box(link)

    @admin.display(description=gettext_lazy("revoke"))
    def revoke(self, link):
        """One button: saves the form, as the newsroom's buttons do, then asks before revoking this link."""
        if link.pk is None or link.state != PreviewLink.State.ACTIVE:
            return "—"
        return format_html('<button type="submit" class="button" name="_revoke_link" value="{}" '
                           'aria-label="{}">{}</button>', link.pk,
                           _("Revoke the link made %(when)s") % {"when": list_time(link.created_at)}, _("Revoke"))

    @admin.display(description=gettext_lazy("state"))
    def state(self, link):
        return link_state(link) if link.pk else "—"

    @admin.display(description=gettext_lazy("opened"))
    def use_count(self, link):
        return getattr(link, "use_count", "—")


def link_url(link: PreviewLink) -> str:
    return absolute_url(link.get_absolute_url())


def preview_address_box(link: PreviewLink) -> str:
    """A link's address in a read-only box, to select and copy whole (admin-a11y.js adds a copy button)."""
    return format_html('<input type="text" readonly class="preview-address" value="{}" size="50" aria-label="{}">',
                       link_url(link), _("Preview link address"))


def revoke_note(link: PreviewLink) -> str:
    """Whom a link read with ``with_state()`` is for, on the page that asks before revoking it, and whether
    revoking changes it."""
    if link.accreditation is not None:
        note = _("%(name)s’s copy (%(outlet)s), sent under embargo") % {
            "name": link.accreditation.name, "outlet": link.accreditation.outlet}
    else:
        note = _("shared by %(who)s, %(when)s: anyone with the address") % {
            "who": link.created_by or _("someone"), "when": list_time(link.created_at)}
    if link.state != PreviewLink.State.ACTIVE:
        note += "; " + _("%(state)s already: revoking changes nothing") % {"state": link_state(link).lower()}
    return note


def last_opened(link: PreviewLink) -> str:
    """When a link read with ``last_used_at`` (``Max("uses__used_at")``) was last opened, if ever."""
    if link.last_used_at is None:
        return _("not opened yet")
    return _("last opened %(when)s") % {"when": list_time(link.last_used_at)}


def link_state(link: PreviewLink) -> str:
    """The label of a link read with ``with_state()``."""
    return PreviewLink.State(link.state).label


class PreviewLinkStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return PreviewLink.State.choices

    def queryset(self, request, queryset):
        if self.value() in PreviewLink.State.values:
            return queryset.filter(state=self.value())  # read with with_state() in get_queryset
        return queryset


@admin.register(PreviewLink)
class PreviewLinkAdmin(ActedOnOnly, OfferedActionsOnly, admin.ModelAdmin):
    """Every preview link and each time it was opened; revoke one here, on its page or in the list. Nothing else
    is edited."""

    list_display = ["release", "accreditation", "state", "expires", "use_count", "last_used"]
    list_filter = [PreviewLinkStateFilter, "created_at"]
    search_fields = ["release__title"]
    fields = ["release", "accreditation", "address", "created_by", "created", "expires", "state", "revoked",
              "revoked_by", "openings"]
    readonly_fields = fields
    actions = ["revoke"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .filter(release__in=PressRelease.objects.visible_to(request.user))  # each row names its release
            .select_related("release", "accreditation", "created_by", "revoked_by")
            .with_state()
            .annotate(
                use_count=Count("uses"),
                last_used_at=Max("uses__used_at"),
            )
        )

    def has_add_permission(self, request):
        return False  # created from a release's page, with its "Share a preview link" button

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the log of uses stays

    @admin.display(description=gettext_lazy("address"))
    def address(self, link):
        return link_url(link)

    @admin.display(description=gettext_lazy("state"))
    def state(self, link):
        return link_state(link)

    @admin.display(description=gettext_lazy("created"), ordering="created_at")
    def created(self, link):
        return list_time(link.created_at)

    @admin.display(description=gettext_lazy("expires"), ordering="expires_at")
    def expires(self, link):
        return list_time(link.expires_at)

    @admin.display(description=gettext_lazy("revoked"), ordering="revoked_at")
    def revoked(self, link):
        return list_time(link.revoked_at)

    @admin.display(description=gettext_lazy("opened"), ordering="use_count")
    def use_count(self, link):
        return link.use_count

    @admin.display(description=gettext_lazy("last opened"), ordering="last_used_at")
    def last_used(self, link):
        return list_time(link.last_used_at)

    @admin.display(description=gettext_lazy("opened at"))
    def openings(self, link):
        moments = [list_time(use.used_at) for use in link.uses.order_by("-used_at")]
        if not moments:
            return _("Not opened yet.")
        return format_html('<ol class="openings">{}</ol>',
                           format_html_join("", "<li>{}</li>", ((moment,) for moment in moments)))

    @admin.action(
        description=gettext_lazy("Revoke: the link stops working"), permissions=["change"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def revoke(self, request, queryset):
        """Asks first, naming each link's release and whom it is for (a journalist's embargoed copy is withdrawn
        with it); then revokes them."""
        if request.POST.get("post") != "yes":
            return ask_before_action(
                self, request, queryset, action="revoke", line=lambda link: link.release.title, note=revoke_note,
                title=ngettext_lazy("Revoke %(count)d preview link?", "Revoke %(count)d preview links?", "count"),
                here=_("Revoke"), warning="admin/press/previewlink/revoke_warning.html",
                confirm_label=_("Yes, revoke"))
        apply_each(self, request, queryset,
                   lambda link: services.revoke_preview_link(link=link, revoked_by=request.user),
                   ngettext_lazy("%(count)d link revoked.", "%(count)d links revoked.", "count"),
                   catch=services.NotAllowed)


@admin.register(PreviewLinkUse)
@house_times
class PreviewLinkUseAdmin(admin.ModelAdmin):
    """The log of preview link openings: read-only."""

    list_display = ["used_at", "link"]
    list_filter = ["used_at"]
    list_select_related = ["link__release"]
    search_fields = ["link__release__title"]

    def get_queryset(self, request):
        # Each row names its link's release.
        return super().get_queryset(request).filter(link__release__in=PressRelease.objects.visible_to(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
