from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from commission.documents import validate_pdf
from commission.images import (
    RandomUploadPath,
    alt_text_field,
    make_renditions,
    picture_field,
    refresh_rendition,
    store_cleaned,
    validate_image,
    web_copy_field,
)
from commission.web.links import absolute_url
from commission.web.text import latin_slug, validate_single_line

PORTRAIT_WIDTH = 480
# The widths of a library image's copies for pages (``srcset``); the widest is also its share image.
RENDITION_WIDTHS = (480, 960, 1600)


class CommissionQuerySet(models.QuerySet):
    def current(self):
        """The commission this site speaks for (the first one created), with its media contacts."""
        return self.select_related("share_image").prefetch_related("media_contacts").order_by("pk").first()


class Commission(models.Model):
    """The inquiry commission: who convened it, its mandate and its boilerplate."""

    # Signs registrants' emails and names the calendar feed: one line, no control characters.
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    short_description = models.TextField(
        _("short description"), max_length=600, help_text=_("One paragraph, shown on the home page.")
    )
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    convenor = models.CharField(
        _("convening organisation"), max_length=200, blank=True, help_text=_("For example Bindmans LLP.")
    )
    convenor_website = models.URLField(_("convenor's website"), blank=True)
    convenor_is_secretariat = models.BooleanField(
        _("convenor acts as secretariat"), default=True
    )
    mandate_introduction = models.TextField(_("mandate: introduction"), max_length=4000, blank=True)
    mandate_conclusion = models.TextField(
        _("mandate: closing text"), max_length=4000, blank=True, help_text=_("Shown after the key areas.")
    )
    website = models.URLField(_("website"), blank=True)
    about = models.TextField(
        _("about (notes to editors)"),
        max_length=10000,
        blank=True,
        help_text=_("Boilerplate used as notes to editors on new press releases. Markdown."),
    )

    # In Russian and Kazakh (commission/web/localised.py): empty shows the English.
    name_ru = models.CharField(_("name (Russian)"), max_length=200, validators=[validate_single_line], blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, validators=[validate_single_line], blank=True)
    short_description_ru = models.TextField(_("short description (Russian)"), max_length=600, blank=True)
    short_description_kk = models.TextField(_("short description (Kazakh)"), max_length=600, blank=True)
    mandate_introduction_ru = models.TextField(_("mandate: introduction (Russian)"), max_length=4000, blank=True)
    mandate_introduction_kk = models.TextField(_("mandate: introduction (Kazakh)"), max_length=4000, blank=True)
    mandate_conclusion_ru = models.TextField(_("mandate: closing text (Russian)"), max_length=4000, blank=True)
    mandate_conclusion_kk = models.TextField(_("mandate: closing text (Kazakh)"), max_length=4000, blank=True)

    share_image = models.ForeignKey(
        "MediaImage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("share image"),
        help_text=_("Shown when a page of the site is shared on social media, unless the page has its own."),
    )

    objects = CommissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("commission:about")

    def key_area_tree(self):
        """Key areas as ``[(area, [sub-areas])]``; expects ``key_areas`` prefetched or fetches once."""
        tree = []
        for area in self.key_areas.all():
            if area.is_subpoint and tree:
                tree[-1][1].append(area)
            else:
                tree.append((area, []))
        return tree


class KeyArea(models.Model):
    """One of the mandate's ordered key areas of review; a sub-point nests under the one before it."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="key_areas")
    text = models.TextField(_("text"), max_length=2000)
    text_ru = models.TextField(_("text (Russian)"), max_length=2000, blank=True)
    text_kk = models.TextField(_("text (Kazakh)"), max_length=2000, blank=True)
    is_subpoint = models.BooleanField(
        _("sub-point"), default=False, help_text=_("Nest under the key area above it.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("key area of review")
        verbose_name_plural = _("key areas of review")

    def __str__(self):
        return self.text[:80]


class Person(models.Model):
    """Someone the site names: a commissioner, a lawyer quoted in a release."""

    full_name = models.CharField(
        _("full styled name"), max_length=200, help_text=_("For example Lord Ken Macdonald of River Glaven Kt KC.")
    )
    short_name = models.CharField(
        _("short name"), max_length=100, help_text=_("Used in attributions, for example Lord Macdonald.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    role = models.CharField(
        _("title or role"), max_length=200, blank=True, help_text=_("For example Partner at Bindmans LLP.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    biography = models.TextField(_("biography"), max_length=10000, blank=True)
    # In Russian and Kazakh (commission/web/localised.py): empty shows the English.
    full_name_ru = models.CharField(_("full styled name (Russian)"), max_length=200, blank=True)
    full_name_kk = models.CharField(_("full styled name (Kazakh)"), max_length=200, blank=True)
    short_name_ru = models.CharField(_("short name (Russian)"), max_length=100, blank=True)
    short_name_kk = models.CharField(_("short name (Kazakh)"), max_length=100, blank=True)
    role_ru = models.CharField(_("title or role (Russian)"), max_length=200, blank=True)
    role_kk = models.CharField(_("title or role (Kazakh)"), max_length=200, blank=True)
    organisation_ru = models.CharField(_("organisation (Russian)"), max_length=200, blank=True)
    organisation_kk = models.CharField(_("organisation (Kazakh)"), max_length=200, blank=True)
    biography_ru = models.TextField(_("biography (Russian)"), max_length=10000, blank=True)
    biography_kk = models.TextField(_("biography (Kazakh)"), max_length=10000, blank=True)
    available_for_interview = models.BooleanField(
        _("available for interview"), default=False,
        help_text=_("Listed under “Available for interview” on the releases that quote them."),
    )
    interview_languages = models.CharField(
        _("interview languages"), max_length=200, blank=True, validators=[validate_single_line],
        help_text=_("The languages they give interviews in, for example English, Russian."),
    )
    portrait = picture_field(_("portrait"), "portraits")
    portrait_alt = alt_text_field(_("portrait description (alt text)"), blank=True)
    portrait_web = web_copy_field("portraits", prefix="portrait")
    portrait_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_height = models.PositiveIntegerField(null=True, blank=True, editable=False)


    class Meta:
        ordering = ["short_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(portrait="") | ~Q(portrait_alt=""), name="person_portrait_has_alt_text"
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        refresh_rendition(self, source_field="portrait", rendition_field="portrait_web", max_width=PORTRAIT_WIDTH)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("commission:person", kwargs={"slug": self.slug})

    def share_image(self) -> dict | None:
        """The portrait as a link preview names it (as ``MediaImage.share_image``); None without one."""
        if not self.portrait_web:
            return None
        return {"url": absolute_url(self.portrait_web.url), "width": self.portrait_width,
                "height": self.portrait_height, "alt": self.portrait_alt}

    def clean(self):
        if self.portrait and not self.portrait_alt.strip():
            raise ValidationError(
                {"portrait_alt": _("Describe the portrait for people who cannot see it.")}, code="alt_required"
            )


class Membership(models.Model):
    """A person's seat on a commission."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        CO_COMMISSIONER = "co_commissioner", _("Co-commissioner")

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.CO_COMMISSIONER)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("commissioner")
        verbose_name_plural = _("commissioners")
        constraints = [
            models.UniqueConstraint(fields=["commission", "person"], name="membership_person_once"),
            models.UniqueConstraint(
                fields=["commission"], condition=Q(role="chair"), name="membership_one_chair",
                violation_error_message=_("A commission has one chair."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class MediaContact(models.Model):
    """Whom journalists call: the press office."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="media_contacts")
    name = models.CharField(_("name"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    out_of_hours_phone = models.CharField(
        _("out-of-hours phone"), max_length=40, blank=True, validators=[validate_single_line],
        help_text=_("For journalists on deadline in the evening or at the weekend. Optional."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="media_contact_reachable",
                violation_error_message=_("Give an email address or a phone number."),
            ),
        ]

    def __str__(self):
        return self.name


class LibraryItem(models.Model):
    """What the media library's images and documents share: a title to list and save them by, the size of the
    ``file`` each declares, and when they were added (newest first)."""

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    file_size = models.PositiveBigIntegerField(null=True, editable=False)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def download_name(self) -> str:
        """The name a journalist's browser saves the file under (the link's ``download``): its title in Latin
        letters with the stored file's extension, ``doklad-komissii-2026.pdf``; the stored name (random, but a
        file name) when the title has nothing to spell that way."""
        path = PurePath(self.file.name)
        stem = latin_slug(self.title)
        return f"{stem}{path.suffix}" if stem else path.name


class MediaImage(LibraryItem):
    """A photograph in the media library, for journalists to download and print with its credit.

    The stored original has no metadata (GPS, camera, EXIF): it is re-encoded on upload at full
    resolution, its orientation applied and its colour profile kept. Pages show JPEG copies
    ``RENDITION_WIDTHS`` wide.
    """

    caption = models.TextField(_("caption"), max_length=1000, blank=True)
    credit = models.CharField(
        _("credit"), max_length=200, validators=[validate_single_line],
        help_text=_("Printed beside the picture, for example Jane Smith / Commission."),
    )
    licence = models.CharField(
        _("licence"), max_length=200, validators=[validate_single_line],
        help_text=_("For example CC BY 4.0, or Free for editorial use."),
    )
    licence_url = models.URLField(_("licence terms (link)"), max_length=500, blank=True)
    alt_text = alt_text_field(_("description (alt text)"), validators=[validate_single_line])
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    file = models.ImageField(
        _("image"),
        upload_to=RandomUploadPath("library/images"),
        validators=[validate_image],
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG, WebP or GIF in full resolution. Metadata such as GPS is removed; "
                    "copies for the web are made automatically."),
    )
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    # [{"width": 480, "height": 320, "name": "library/images/web/…jpg"}, …], narrowest first.
    renditions = models.JSONField(default=list, editable=False)

    class Meta(LibraryItem.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def save(self, *args, **kwargs):
        if self.file and not getattr(self.file, "_committed", True):
            # A new upload: store the cleaned original in its place, then the copies made from it.
            store_cleaned(self.file)
            self.file_size = self.file.size
            self.renditions = [
                {"width": width, "height": height,
                 "name": self.file.storage.save(f"library/images/web/{content.name}", content)}
                for width, height, content in make_renditions(self.file, widths=RENDITION_WIDTHS, name=self.file.name)
            ]
        super().save(*args, **kwargs)

    def clean(self):
        if self.taken_on and self.taken_on > timezone.localdate():
            raise ValidationError({"taken_on": _("The date taken cannot be in the future.")}, code="future")

    def _rendition(self, index: int) -> dict:
        rendition = self.renditions[index]
        return {**rendition, "url": self.file.storage.url(rendition["name"])}

    @property
    def web(self) -> dict:
        """The copy a page's ``src`` names (the middle width), with ``url``, ``width`` and ``height``."""
        return self._rendition(min(1, len(self.renditions) - 1))

    @property
    def smallest(self) -> dict:
        return self._rendition(0)

    @property
    def largest(self) -> dict:
        """The widest copy: what a link preview (OpenGraph, JSON-LD) shows."""
        return self._rendition(-1)

    @property
    def largest_absolute_url(self) -> str:
        url = self.largest["url"]
        return url if url.startswith(("http://", "https://")) else absolute_url(url)

    def share_image(self) -> dict:
        """The widest copy as a link preview names it: absolute ``url``, ``width``, ``height``, ``alt``."""
        largest = self.largest
        return {"url": self.largest_absolute_url, "width": largest["width"], "height": largest["height"],
                "alt": self.alt_text}

    @property
    def srcset(self) -> str:
        return ", ".join(f"{self._rendition(i)['url']} {r['width']}w" for i, r in enumerate(self.renditions))

    @property
    def format_name(self) -> str:
        return {".jpg": "JPEG", ".png": "PNG", ".webp": "WebP"}.get(PurePath(self.file.name).suffix, "")


class MediaDocument(LibraryItem):
    """A document in the media library, a PDF: a report, a statement, a release to print."""

    description = models.TextField(_("description"), max_length=1000, blank=True)
    file = models.FileField(
        _("PDF file"),
        upload_to=RandomUploadPath("library/documents", extension=".pdf"),
        validators=[validate_pdf],
        help_text=_("A PDF of at most 50 MB."),
    )

    class Meta(LibraryItem.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def save(self, *args, **kwargs):
        if self.file:
            self.file_size = self.file.size
        super().save(*args, **kwargs)


class Attachment(models.Model):
    """An ordered link from a release or press conference to a library image or document."""

    order = models.PositiveIntegerField(_("order"), default=0)
    library_field: str  # the attached item's field: "image" or "document"

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return str(getattr(self, self.library_field))  # the item's title, heading its row of the admin's list


# Language versions (README, "Languages"): a press release or a press conference in another language, written by
# a press officer. English is the item itself; a version is public only when ``ready`` and its item is
# ``published()``, so publishing, scheduling and returning to draft act on the item with all its versions.

VERSION_LANGUAGES = [("ru", "Русский"), ("kk", "Қазақша")]


class LanguageVersionQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(ready=True)

    def public(self, *, now=None):
        """Versions the public may read: ready, and their item ``published()`` (the one visibility rule)."""
        item = self.model._meta.get_field(self.model.item_field).related_model
        return self.ready().filter(**{f"{self.model.item_field}__in": item.objects.published(now=now)})


class LanguageVersion(models.Model):
    """What a press release's and a press conference's language versions share. A subclass names its item's
    foreign key (``item_field``), the URL of the item's page (``detail_route``) and the message for a slug another
    item has in English (``slug_taken_message``); it declares its own ``language``, ``slug``, ``title`` and
    ``ready``, whose help texts name the item."""

    english_fingerprint = models.CharField(max_length=32, blank=True, editable=False)
    written_at = models.DateTimeField(_("text last written"), null=True, blank=True, editable=False)

    item_field: str
    detail_route: str
    slug_taken_message: str

    objects = LanguageVersionQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_language_display()}: {self.title}"

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse(self.detail_route, kwargs={"slug": self.slug})

    def clean(self):
        # Under /ru/ and /kk/ a version's slug wins over an English one: shared, it would show the wrong item.
        item = self._meta.get_field(self.item_field).related_model
        if self.slug and item.objects.filter(slug=self.slug).exclude(
                pk=getattr(self, f"{self.item_field}_id")).exists():
            raise ValidationError({"slug": ValidationError(self.slug_taken_message, code="slug_taken")})
