from django.contrib import admin
from django.db import DatabaseError
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commission.models import Commission, KeyArea, MediaContact, Membership, Person
from commission.web.cache import per_content_version


def press_office_name() -> str:
    """The admin's name: the commission's press office. Read when a page is drawn, once per content
    version (an edit renames it)."""

    def load():
        try:
            name = Commission.objects.order_by("pk").values_list("name", flat=True).first()
        except DatabaseError:
            name = None  # a database not migrated yet: the sign-in page still opens
        return gettext("%(commission)s press office") % {"commission": name} if name else gettext("Press office")

    return per_content_version("admin-site-name", load)


# Lazy: the name is read from the database when each admin page is drawn, never at import time.
admin.site.site_header = lazy(press_office_name, str)()
admin.site.site_title = lazy(press_office_name, str)()
admin.site.index_title = _("Releases, press conferences and registrations")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "order"]


class KeyAreaInline(admin.TabularInline):
    model = KeyArea
    extra = 0
    fields = ["order", "text", "is_subpoint"]


class MediaContactInline(admin.TabularInline):
    model = MediaContact
    extra = 0
    fields = ["name", "email", "phone", "order"]


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    list_display = ["name", "convenor", "launch_date", "website"]
    search_fields = ["name", "short_description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, KeyAreaInline, MediaContactInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "short_description", "launch_date", "website"]}),
        (_("Convenor"), {"fields": ["convenor", "convenor_website", "convenor_is_secretariat"]}),
        (_("Mandate"), {"fields": ["mandate_introduction", "mandate_conclusion"]}),
        (_("Notes to editors"), {"fields": ["about"]}),
    ]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "short_name", "role", "organisation", "thumbnail"]
    list_filter = ["memberships__role", "organisation"]
    search_fields = ["full_name", "short_name", "role", "organisation"]
    prepopulated_fields = {"slug": ["short_name"]}
    fields = ["full_name", "short_name", "slug", "role", "organisation", "biography", "portrait", "portrait_alt"]

    @admin.display(description=_("portrait"))
    def thumbnail(self, person):
        if not person.portrait_web:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" width="40" height="{}">',
            person.portrait_web.url,
            person.portrait_alt,
            round(40 * (person.portrait_height or 1) / (person.portrait_width or 1)),
        )


@admin.register(MediaContact)
class MediaContactAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "commission"]
    list_filter = ["commission"]
    search_fields = ["name", "email"]
