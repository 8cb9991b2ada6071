from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commission.models import Commission, KeyArea, MediaContact, MediaDocument, MediaImage, Membership, Person
from commission.web.admin import house_times
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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")  # each row's name, not a query per row


class KeyAreaInline(admin.TabularInline):
    model = KeyArea
    extra = 0
    fields = ["order", "text", "text_ru", "text_kk", "is_subpoint"]


class MediaContactInline(admin.TabularInline):
    model = MediaContact
    extra = 0
    fields = ["name", "name_ru", "name_kk", "email", "phone", "out_of_hours_phone", "order"]


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    list_display = ["name", "convenor", "launch_date", "website"]
    search_fields = ["name", "short_description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, KeyAreaInline, MediaContactInline]
    autocomplete_fields = ["share_image"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "short_description", "launch_date", "website", "share_image"]}),
        (_("Convenor"), {"fields": ["convenor", "convenor_website", "convenor_is_secretariat"]}),
        (_("Mandate"), {"fields": ["mandate_introduction", "mandate_conclusion"]}),
        (_("Notes to editors"), {"fields": ["about"]}),
        # Shown on the Russian and Kazakh pages; left empty, they show the English (commission/web/localised.py).
        (_("In Russian and Kazakh"), {"fields": [
            ("name_ru", "name_kk"), ("short_description_ru", "short_description_kk"),
            ("mandate_introduction_ru", "mandate_introduction_kk"), ("mandate_conclusion_ru", "mandate_conclusion_kk"),
        ], "description": _("Left empty, the Russian and Kazakh pages show the English.")}),
    ]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "short_name", "role", "organisation", "thumbnail"]
    list_filter = ["memberships__role", "organisation"]
    search_fields = ["full_name", "short_name", "role", "organisation", "full_name_ru", "full_name_kk", "short_name_ru",
                     "short_name_kk"]
    prepopulated_fields = {"slug": ["short_name"]}
    fieldsets = [
        (None, {"fields": ["full_name", "short_name", "slug", "role", "organisation", "biography", "portrait",
                           "portrait_alt", "available_for_interview", "interview_languages"]}),
        (_("In Russian and Kazakh"), {"fields": [
            ("full_name_ru", "full_name_kk"), ("short_name_ru", "short_name_kk"), ("role_ru", "role_kk"),
            ("organisation_ru", "organisation_kk"), ("biography_ru", "biography_kk"),
        ], "description": _("Left empty, the Russian and Kazakh pages show the English.")}),
    ]

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
    fields = ["commission", "name", "name_ru", "name_kk", "email", "phone", "out_of_hours_phone", "order"]
    search_fields = ["name", "email"]


def _thumbnail(image: MediaImage):
    if not image.renditions:
        return "—"
    web = image.smallest
    return format_html('<img src="{}" alt="{}" width="80" height="{}">', web["url"], image.alt_text,
                       round(80 * web["height"] / web["width"]))


@admin.register(MediaImage)
@house_times
class MediaImageAdmin(admin.ModelAdmin):
    list_display = ["title", "thumbnail", "credit", "licence", "taken_on", "size"]
    search_fields = ["title", "caption", "credit"]
    date_hierarchy = "created_at"
    fields = ["file", "title", "alt_text", "caption", "credit", "licence", "licence_url", "taken_on"]

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        return _thumbnail(image)

    @admin.display(description=_("size"))
    def size(self, image):
        return f"{image.width} × {image.height} px, {filesizeformat(image.file_size or 0)}"


@admin.register(MediaDocument)
@house_times
class MediaDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "size", "created_at"]
    search_fields = ["title", "description"]
    fields = ["file", "title", "description"]

    @admin.display(description=_("size"))
    def size(self, document):
        return filesizeformat(document.file_size or 0)


# The smallest share image link previews show large and sharp (Facebook's and LinkedIn's guidance: 1200 × 630
# is best; below 600 × 315 they show it small or blurred).
SHARE_IMAGE_MIN = (600, 315)


class ShareImageFormSet(BaseInlineFormSet):
    """At most one of the images is ticked as the share image (the database refuses a second one, but
    only after the first row is saved: this says so next to the rows instead), and it is large enough."""

    def clean(self):
        super().clean()
        ticked = [form for form in self.forms
                  if form.cleaned_data.get("is_share_image") and not form.cleaned_data.get("DELETE")]
        if len(ticked) > 1:
            raise ValidationError(_("Tick one share image at most."), code="one_share_image")
        for form in ticked:
            image = form.cleaned_data.get("image")
            if image is not None and (image.width < SHARE_IMAGE_MIN[0] or image.height < SHARE_IMAGE_MIN[1]):
                form.add_error("is_share_image", ValidationError(
                    _("A share image needs at least %(width)d × %(height)d pixels; this one is %(w)d × %(h)d, "
                      "which link previews show small or blurred.")
                    % {"width": SHARE_IMAGE_MIN[0], "height": SHARE_IMAGE_MIN[1], "w": image.width, "h": image.height},
                    code="share_image_too_small"))


class _AttachmentInline(admin.TabularInline):
    extra = 0

    def get_queryset(self, request):
        # The library item with each row: the row is headed by its title (Attachment.__str__).
        return super().get_queryset(request).select_related(*self.autocomplete_fields)


class ImageAttachmentInline(_AttachmentInline):
    """Library images on a release or press conference, in order (set ``model``; a model with an
    ``is_share_image`` field adds it to ``fields``)."""

    autocomplete_fields = ["image"]
    fields = ["image", "order"]
    formset = ShareImageFormSet


class DocumentAttachmentInline(_AttachmentInline):
    """Library documents on a release or press conference, in order (set ``model``)."""

    autocomplete_fields = ["document"]
    fields = ["document", "order"]


# The admins of the packages the site uses (users, sign-in lockouts and their log, the email queue) write their
# moments in the house style too. Their apps come before this one in INSTALLED_APPS, so they are registered.
for _label in ("auth.User", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog",
               "django_tasks_database.DBTaskResult"):
    _model = apps.get_model(_label)
    if admin.site.is_registered(_model):
        _admin_class = type(admin.site.get_model_admin(_model))
        admin.site.unregister(_model)
        admin.site.register(_model, house_times(_admin_class))
