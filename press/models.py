import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    Min,
    OuterRef,
    Q,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commission.images import alt_text_field, picture_field, refresh_rendition, web_copy_field
from commission.models import VERSION_LANGUAGES, Attachment, LanguageVersion, Membership, Person
from commission.web.addresses import validate_email_address
from commission.web.text import validate_single_line, validate_text
from commission.web.times import list_time
from events.fields import TimeZoneField
from events.models import Event
from press import markup, tokens

HERO_WIDTH = 1200


class TopicQuerySet(models.QuerySet):
    def public(self, *, now=None):
        """Topics the public may see: those with at least one ``published()`` release. A topic of
        embargoed releases only stays hidden: its name could give the story away."""
        return self.filter(Exists(PressRelease.objects.published(now=now).filter(topics=OuterRef("pk"))))


class Topic(models.Model):
    """A subject releases are filed under, with a public page of its own."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    # In Russian and Kazakh (commission/web/localised.py): empty shows the English; the slug is one for all.
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("press:topic", kwargs={"slug": self.slug})


def _public_at(now) -> Q:
    # The one visibility rule, for published() and with_visibility().
    return Q(status=PressRelease.Status.PUBLISHED, publish_at__lte=now)


def _scheduled_at(now) -> Q:
    return Q(status=PressRelease.Status.PUBLISHED, publish_at__gt=now)


class PressReleaseQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """What the public may see: published, and its publication time has come."""
        return self.filter(_public_at(now or timezone.now()))

    def next_publication_after(self, now):
        """When the next scheduled release goes public: a public page changes by itself then."""
        return self.scheduled(now=now).aggregate(at=Min("publish_at"))["at"]

    def scheduled(self, *, now=None):
        """Published, but waiting for their time: the newsroom's view, never the public's."""
        return self.filter(_scheduled_at(now or timezone.now()))

    def drafts(self):
        return self.filter(status=PressRelease.Status.DRAFT)

    def visible_to(self, user, *, now=None):
        """The releases whose titles ``user`` may read in the admin: all of them with the permission to view
        or change releases; else only what the public reads, ``published()``."""
        if user.has_perm("press.view_pressrelease") or user.has_perm("press.change_pressrelease"):
            return self.all()
        return self.published(now=now)

    def with_visibility(self, *, now=None):
        """Each release with ``visibility``, a ``PressRelease.Visibility`` value decided in the query by the
        conditions of ``published()`` and ``scheduled()``: what the newsroom's labels and the preview banner say."""
        now = now or timezone.now()
        return self.annotate(visibility=Case(
            When(_public_at(now), then=Value(PressRelease.Visibility.PUBLIC)),
            When(_scheduled_at(now), then=Value(PressRelease.Visibility.SCHEDULED)),
            default=Value(PressRelease.Visibility.DRAFT),
            output_field=CharField(),
        ))

    def newest_first(self):
        # Matches the (status, publish_at, id) index, so the list never sorts in memory.
        return self.order_by("-publish_at", "-id")

    def with_topics(self):
        """Topics as a plain list, ``topic_list``: one query for a whole page, cheap to loop over in templates."""
        return self.prefetch_related(
            models.Prefetch("topics", queryset=Topic.objects.order_by("name"), to_attr="topic_list")
        )

    def for_list(self):
        """Releases for a list (press/includes/release_list.html): ``with_topics()``, and only the fields
        a row shows (and ``created_at``, a feed entry's id), so the body and image fields are neither fetched
        nor built row after row."""
        return self.only("title", "slug", "standfirst", "publish_at", "last_updated_at", "created_at").with_topics()


class PressRelease(models.Model):
    """A press release. Visible to the public only through ``published()``.

    The body is Markdown (see README, "Writing a press release"); quotes are
    ``Quote`` rows the body places with ``[quote 1]`` lines.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Visibility(models.TextChoices):
        """Where a release stands for the public now: not stored, but read with ``with_visibility()``."""

        PUBLIC = "public", _("Public")
        SCHEDULED = "scheduled", _("Scheduled")
        DRAFT = "draft", _("Draft")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The last part of the release's address, /press/…/. Keep it once published.")
    )
    standfirst = models.TextField(
        _("standfirst"), max_length=1000, blank=True,
        help_text=_("One-paragraph summary, shown under the title, in lists, feeds and link previews."),
    )
    dateline_place = models.CharField(
        _("dateline place"), max_length=100, blank=True, help_text=_("Where the release is issued from, e.g. London.")
    )
    body = models.TextField(
        _("body"), max_length=100_000, blank=True,
        help_text=_("Markdown. Put a quote between paragraphs with a line of its own such as [quote 1]."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publication time"), null=True, blank=True,
        help_text=_("A published release stays hidden from the public until this time."),
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    # Changes with every save in the admin, its quotes', topics' or language versions' alone too: what tells an
    # officer's page that another officer saved the release since it was opened (commission/web/admin.py).
    saved_at = models.DateTimeField(_("saved"), auto_now=True, null=True)
    last_updated_at = models.DateTimeField(
        _("last updated"), null=True, blank=True, editable=False,
        help_text=_("When the last correction or update of the live release was made (minor edits leave it)."),
    )
    hero_image = picture_field(_("hero image"), "releases")
    hero_alt = alt_text_field(_("hero image description (alt text)"), blank=True)
    hero_caption = models.CharField(_("hero image caption"), max_length=300, blank=True)
    hero_credit = models.CharField(_("hero image credit"), max_length=200, blank=True)
    hero_web = web_copy_field("releases", prefix="hero")
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Nullable so code that only knows title/slug/status (other apps' tests) can still create releases;
    # an empty commission means the site's commission.
    commission = models.ForeignKey(
        "commission.Commission", on_delete=models.PROTECT, null=True, blank=True, related_name="press_releases",
        verbose_name=_("commission"),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="releases", verbose_name=_("topics"))
    related_people = models.ManyToManyField(
        "commission.Person", blank=True, related_name="press_releases", verbose_name=_("related people")
    )
    notes_to_editors = models.TextField(
        _("notes to editors"), max_length=10000, blank=True,
        help_text=_("Markdown. Starts as the commission's boilerplate; when empty, the boilerplate is shown."),
    )
    media_contacts = models.ManyToManyField(
        "commission.MediaContact", blank=True, related_name="press_releases", verbose_name=_("media contacts"),
        help_text=_("When none is chosen, the commission's media contacts are shown."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # An embargo is a scheduled publication (``publish_at`` is its end) sent to accredited journalists
    # before it: press/embargo.py. The zone is the one its time was typed in, and the first it is shown in.
    embargo = models.BooleanField(
        _("under embargo"), default=False, editable=False,
        help_text=_("Sent to accredited journalists before its publication time, which ends the embargo."),
    )
    embargo_zone = TimeZoneField(_("embargo time zone"), max_length=64, blank=True, editable=False)

    objects = PressReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        permissions = [
            ("publish_pressrelease", _("Can publish and schedule press releases")),
            ("send_embargoed", _("Can send embargoed press releases to accredited journalists")),
        ]
        indexes = [
            # The public list: WHERE status = 'published' AND publish_at <= now ORDER BY publish_at DESC, id DESC.
            models.Index(fields=["status", "publish_at", "id"], name="press_release_public_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False), name="press_release_published_has_time",
                violation_error_message=_("A published release needs a publication time."),
            ),
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""), name="press_release_hero_has_alt_text",
                violation_error_message=_("Describe the hero image for people who cannot see it."),
            ),
            models.CheckConstraint(condition=~Q(title=""), name="press_release_has_title"),
            models.CheckConstraint(condition=Q(embargo=False) | ~Q(embargo_zone=""), name="press_release_embargo_has_zone"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        refresh_rendition(self, source_field="hero_image", rendition_field="hero_web", max_width=HERO_WIDTH)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("press:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if not self.title.strip():
            errors["title"] = ValidationError(_("Give the release a title."), code="required")
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            errors["publish_at"] = ValidationError(
                _("A published release needs a publication time. Use “Publish now” to publish it immediately."),
                code="publish_at_required",
            )
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = ValidationError(
                _("Describe the hero image for people who cannot see it."), code="alt_required"
            )
        # A version's slug wins over an English one under /ru/ and /kk/: shared, it would show the wrong release.
        if self.slug and ReleaseTranslation.objects.filter(slug=self.slug).exclude(release_id=self.pk).exists():
            errors["slug"] = ValidationError(
                _("A language version of another release has this address: choose another."), code="slug_taken"
            )
        if errors:
            raise ValidationError(errors)

    def contacts_under(self, commission) -> list:
        """Who the press should call about this release: its own media contacts, else those of ``commission``
        (the one it is shown under)."""
        return list(self.media_contacts.all()) or (list(commission.media_contacts.all()) if commission else [])

    @property
    def modified_at(self):
        """The public "last modified" time: the last update, else the publication time."""
        return self.last_updated_at or self.publish_at

    def body_parts(self):
        """The body rendered, with quotes at their places (expects ``quotes`` prefetched)."""
        return markup.render_body(self.body, self.quotes.all())


class RevisionQuerySet(models.QuerySet):
    def reached(self, *, now=None):
        """Versions whose time has come: a scheduled release's first version waits for its publication time,
        like the release. (The public also needs the release itself to be ``published()``.)"""
        return self.filter(created_at__lte=now or timezone.now())

    def without_text(self):
        """For lists of versions: the snapshot is the heavy part, and lists show only times and notes;
        ``has_text`` says whether it was kept."""
        return self.defer("snapshot").annotate(
            has_text=ExpressionWrapper(Q(snapshot__isnull=False), output_field=BooleanField())
        )


class Revision(models.Model):
    """One public version of a release: who made it, when, what kind of change, which parts changed, and a
    snapshot of the public text (``press.revisions`` builds and compares snapshots).

    A version made before the history was kept has no snapshot: its note and time stay, its text is not known.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published")
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        MINOR = "minor", _("Minor edit")

    # The parts of the public text, in page order, with the names the history uses (``changed`` holds keys).
    PARTS = {
        "title": _("title"),
        "dateline_place": _("dateline"),
        "standfirst": _("standfirst"),
        "body": _("body"),
        "quotes": _("quotes"),
        "notes_to_editors": _("notes to editors"),
        "media_contacts": _("media contacts"),
        "related_events": _("related press conferences"),
    }

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="revisions",
                                verbose_name=_("press release"))
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind of change"), max_length=12, choices=Kind)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("made by"),
    )
    changed = models.JSONField(_("parts changed"), default=list, blank=True)
    snapshot = models.JSONField(_("public text"), null=True, blank=True)
    restored_from = models.PositiveIntegerField(_("restores version"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["release", "number"], name="press_revision_number_unique"),
            models.CheckConstraint(
                condition=~Q(kind__in=["correction", "update"]) | ~Q(note=""), name="press_revision_note_required",
                violation_error_message=_("A correction or an update needs a note for readers."),
            ),
        ]

    def __str__(self):
        return _("Version %(number)s of “%(title)s”") % {"number": self.number, "title": self.release.title}

    def get_absolute_url(self):
        return reverse("press:version", kwargs={"slug": self.release.slug, "number": self.number})

    @property
    def changed_names(self) -> str:
        return ", ".join(str(self.PARTS[part]) for part in self.changed if part in self.PARTS)


class Quote(models.Model):
    """Something a person said, placed in a release's body by its number."""

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        "commission.Person", on_delete=models.PROTECT, related_name="quotes", verbose_name=_("speaker"),
        help_text=_("Name and role come from the person's profile."),
    )
    text = models.TextField(_("text"), max_length=10000, help_text=_("Markdown; separate paragraphs with a blank line."))
    order = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("Place it in the body with a line [quote N]; unplaced quotes follow the body.")
    )

    class Meta:
        # No unique (release, order) constraint: the admin saves inline rows one by one, so swapping
        # two numbers would trip it midway. The inline formset refuses duplicates instead.
        ordering = ["order", "id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return f"{self.speaker.short_name}: {self.text[:60]}"


class ReleaseImage(Attachment):
    """A library image shown in a release's "Media" section; one of them may be its share image."""

    library_field = "image"

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="image_attachments")
    image = models.ForeignKey(
        "commission.MediaImage", on_delete=models.PROTECT, related_name="release_attachments", verbose_name=_("image")
    )
    is_share_image = models.BooleanField(
        _("share image"), default=False, help_text=_("Shown when the release is shared on social media."),
    )

    class Meta(Attachment.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.UniqueConstraint(
                fields=["release"], condition=Q(is_share_image=True), name="release_one_share_image",
                violation_error_message=_("A release has one share image."),
            ),
        ]


class ReleaseDocument(Attachment):
    """A library document (PDF) offered for download on a release's page."""

    library_field = "document"

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="document_attachments")
    document = models.ForeignKey(
        "commission.MediaDocument", on_delete=models.PROTECT, related_name="release_attachments",
        verbose_name=_("document"),
    )

    class Meta(Attachment.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


def public_people(*, now=None):
    """People the public may read about: the commission's members, and people a published release
    names (quoted or listed), and the speakers of a published press conference. Someone added for a release still under embargo is not, as a topic is
    not: their page would give the story away. It lives here, not on ``Person``, because the rule
    builds on ``published()``, and the commission app comes before press."""
    published = PressRelease.objects.published(now=now)
    return Person.objects.filter(
        Exists(Membership.objects.filter(person=OuterRef("pk")))
        | Exists(published.filter(quotes__speaker=OuterRef("pk")))
        | Exists(published.filter(related_people=OuterRef("pk")))
        | Exists(Event.objects.published(now=now).filter(speakers=OuterRef("pk")))
    )


def _new_preview_key() -> str:
    return secrets.token_urlsafe(18)


def _opens_at(now) -> Q:
    """The one rule for a link that opens its release, for ``opening()`` and ``with_state()``: not revoked, not
    expired, and for a journalist's copy, the journalist still accredited and the release not returned to draft."""
    return Q(revoked_at__isnull=True, expires_at__gt=now) & (
        Q(accreditation__isnull=True)
        | Q(accreditation__in=Accreditation.objects.accredited(), release__status=PressRelease.Status.PUBLISHED)
    )


class PreviewLinkQuerySet(models.QuerySet):
    def opening(self, *, now=None):
        """Links that open their release now (``_opens_at``)."""
        return self.filter(_opens_at(now or timezone.now()))

    def with_state(self, *, now=None):
        """Each link with ``state``, a ``PreviewLink.State`` value decided in the query by the rule of
        ``opening()``: a copy stopped before its time (its journalist no longer accredited, its release returned
        to draft) counts as revoked."""
        now = now or timezone.now()
        return self.annotate(state=Case(
            When(revoked_at__isnull=False, then=Value(PreviewLink.State.REVOKED)),
            When(_opens_at(now), then=Value(PreviewLink.State.ACTIVE)),
            When(expires_at__gt=now, then=Value(PreviewLink.State.REVOKED)),
            default=Value(PreviewLink.State.EXPIRED),
            output_field=CharField(),
        ))

    def shared_previews(self):
        """Links anyone holding them may open (the "Share a preview link" button)."""
        return self.filter(accreditation__isnull=True)

    def embargo_copies(self):
        """Personal links of accredited journalists to an embargoed release (press/embargo.py)."""
        return self.filter(accreditation__isnull=False)

    def count_per_release(self) -> dict[int, int]:
        """How many of these links each release has, in one query: ``{release_id: count}``."""
        return dict(self.order_by().values("release").annotate(count=Count("pk")).values_list("release", "count"))

    def not_stopped(self):
        """Links not revoked or withdrawn (expired ones included)."""
        return self.filter(revoked_at__isnull=True)

    def stop(self, *, by, now) -> int:
        """Stop these links for good at ``now``, by ``by`` (one stopped already keeps its first time); how many."""
        return self.not_stopped().update(revoked_at=now, revoked_by=by)


class PreviewLink(models.Model):
    """A signed, expiring, revocable address at which a draft can be read without an account.

    With an ``accreditation`` it is an embargoed copy: one journalist's personal link to a release under
    embargo, sent by email; it opens only while they are accredited, and once the embargo has lifted it
    leads to the public page. One mechanism and one log of openings for both.
    """

    class State(models.TextChoices):
        """Whether a link still opens: not stored, but read with ``with_state()``."""

        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    key = models.CharField(_("key"), max_length=40, unique=True, default=_new_preview_key, editable=False)
    release = models.ForeignKey(
        PressRelease, on_delete=models.CASCADE, related_name="preview_links", verbose_name=_("press release")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("revoked by"),
    )
    accreditation = models.ForeignKey(
        "Accreditation", on_delete=models.CASCADE, null=True, blank=True, related_name="embargo_copies",
        verbose_name=_("journalist"), help_text=_("Set for an embargoed copy sent to one accredited journalist."),
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        constraints = [
            # Sending again never sends a journalist a second copy.
            models.UniqueConstraint(
                fields=["release", "accreditation"], condition=Q(accreditation__isnull=False),
                name="press_one_embargo_copy_per_journalist",
            ),
        ]

    def __str__(self):
        return _("Preview of “%(title)s” (%(created)s)") % {"title": self.release.title,
                                                          "created": list_time(self.created_at)}

    def get_absolute_url(self):
        return reverse("press:preview", kwargs={"token": tokens.sign_preview_key(self.key)})


class PreviewLinkUse(models.Model):
    """One opening of a preview link."""

    link = models.ForeignKey(PreviewLink, on_delete=models.CASCADE, related_name="uses", verbose_name=_("preview link"))
    used_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-used_at", "-id"]
        verbose_name = _("preview link use")
        verbose_name_plural = _("preview link uses")

    def __str__(self):
        return list_time(self.used_at)


def new_accreditation_nonce() -> str:
    return secrets.token_urlsafe(12)


class AccreditationQuerySet(models.QuerySet):
    def not_erased(self):
        return self.filter(erased_at__isnull=True)

    def accredited(self):
        """Approved requests still in force: the journalists the press office recognises."""
        return self.not_erased().filter(status=Accreditation.Status.APPROVED)


class Accreditation(models.Model):
    """A journalist's request to be accredited with the press office, and its answer.

    The life cycle is in ``press/accreditation.py``: unconfirmed until the
    address is confirmed, then awaiting review, then approved or rejected by a
    press officer; an approved one can be revoked. Personal data is blanked on
    request (``erased_at``); rejected and lapsed requests are deleted after
    ``ACCREDITATION_RETENTION_DAYS`` (``purge_registrations``).
    """

    class Role(models.TextChoices):
        STAFF = "staff", _("Staff journalist")
        FREELANCE = "freelance", _("Freelance journalist")
        EDITOR = "editor", _("Editor")
        PRODUCER = "producer", _("Producer")
        PHOTOGRAPHER = "photographer", _("Photographer or camera operator")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Address not confirmed")
        AWAITING = "awaiting", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REVOKED = "revoked", _("Revoked")

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"), max_length=254, validators=[validate_email_address],
                              help_text=_("Stored in one spelling per mailbox, however it was typed."))
    outlet = models.CharField(_("outlet"), max_length=200, validators=[validate_single_line])
    role = models.CharField(_("role"), max_length=20, choices=Role)
    country = models.CharField(_("country"), max_length=100, validators=[validate_single_line])
    languages = models.CharField(_("working languages"), max_length=200, validators=[validate_single_line])
    beats = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("beats"))
    press_card = models.CharField(_("press card number"), max_length=100, blank=True,
                                  validators=[validate_single_line])
    work_url = models.URLField(_("link to published work"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_single_line])
    language = models.CharField(_("language of emails"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE,
                                help_text=_("Of the page the request was sent from: the emails about it are written in "
                                            "it."))
    consented_at = models.DateTimeField(_("consented to the privacy notice at"))

    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.UNCONFIRMED)
    rejection_reason = models.TextField(_("reason given"), max_length=1000, blank=True, validators=[validate_text])
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    requested_again_at = models.DateTimeField(_("form sent again at"), null=True, blank=True)
    token_nonce = models.CharField(max_length=32, default=new_accreditation_nonce, editable=False)

    objects = AccreditationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        permissions = [("export_accreditation", _("Can export accreditations as CSV"))]
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=Q(erased_at__isnull=True),
                                    name="one_accreditation_per_address"),
            models.CheckConstraint(
                condition=~Q(press_card="") | ~Q(work_url="") | Q(erased_at__isnull=False),
                name="accreditation_has_card_or_work",
            ),
        ]

    def __str__(self):
        return self.name or _("Erased accreditation request %(pk)s") % {"pk": self.pk}


# Language versions (README, "Languages"). English is the release itself; a version in another language is
# written by a press officer and shown only when it is ``ready`` and its release is ``published()``: the
# release's status and publication time decide for all its versions at once.

class ReleaseTranslation(LanguageVersion):
    """A release in another language, written by a press officer: the same release (quotes by the same
    speakers, the same date, media and contacts) with its words and its dateline's place translated and an
    address of its own."""

    release = models.ForeignKey(
        PressRelease, on_delete=models.CASCADE, related_name="translations", verbose_name=_("press release")
    )
    language = models.CharField(_("language"), max_length=5, choices=VERSION_LANGUAGES)
    slug = models.SlugField(
        _("slug"), max_length=120,
        help_text=_("The last part of this version's address, /ru/press/…/ or /kk/press/…/, in Latin letters."),
    )
    title = models.CharField(_("title"), max_length=250, validators=[validate_single_line])
    dateline_place = models.CharField(
        _("dateline place"), max_length=100, blank=True, validators=[validate_single_line],
        help_text=_("The English one's name in this language (Лондон); empty: the English one is shown."),
    )
    standfirst = models.TextField(_("standfirst"), max_length=1000, blank=True)
    body = models.TextField(
        _("body"), max_length=100_000, blank=True,
        help_text=_("Markdown, with the same [quote N] lines as the English body."),
    )
    notes_to_editors = models.TextField(
        _("notes to editors"), max_length=10000, blank=True,
        help_text=_("Markdown. When empty, the commission's boilerplate is shown."),
    )
    ready = models.BooleanField(
        _("ready"), default=False,
        help_text=_("Shown to the public with the release once it is published; never before it."),
    )

    item_field = "release"
    detail_route = "press:detail"
    slug_taken_message = _("Another press release has this address in English: choose another.")

    class Meta:
        ordering = ["release", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(fields=["release", "language"], name="press_translation_one_per_language"),
            models.UniqueConstraint(fields=["language", "slug"], name="press_translation_slug_unique"),
        ]


class QuoteTranslation(models.Model):
    """A quote's words in a version's language; the speaker stays the quote's."""

    version = models.ForeignKey(
        ReleaseTranslation, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("language version")
    )
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="translations", verbose_name=_("quote"))
    text = models.TextField(_("text"), max_length=10000, help_text=_("Markdown; separate paragraphs with a blank line."))

    class Meta:
        ordering = ["quote__order", "quote_id"]
        verbose_name = _("translated quote")
        verbose_name_plural = _("translated quotes")
        constraints = [
            models.UniqueConstraint(fields=["version", "quote"], name="press_quote_translation_unique"),
        ]

    def __str__(self):
        return f"{self.quote.speaker.short_name}: {self.text[:60]}"

    def clean(self):
        if self.version_id and self.quote_id and self.quote.release_id != self.version.release_id:
            raise ValidationError({"quote": _("Choose a quote of this release.")}, code="other_release")


# Email alerts (press/alerts.py): who asked for which releases, and the ledger of what each was sent.

def new_alert_nonce() -> str:
    return secrets.token_urlsafe(12)


class AlertSubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Confirmed and not unsubscribed: the only addresses alerts go to."""
        return self.filter(status=AlertSubscription.Status.CONFIRMED)

    def due_for_release(self, release):
        """Who a release's alert goes to: active subscriptions, confirmed by the time it first went public (a
        later subscriber is not sent the archive, nor a release published again after a return to draft), that
        take every release or one of its topics."""
        topics = release.topics.all()
        went_public = release.first_published_at or release.publish_at
        return self.active().filter(confirmed_at__lte=went_public).filter(
            Q(all_releases=True) | Exists(AlertSubscription.topics.through.objects.filter(
                alertsubscription_id=OuterRef("pk"), topic__in=topics))
        )

    def due_for_event(self, event):
        """Who a press conference's announcement goes to: active subscriptions that asked for them, confirmed
        by the time it went public."""
        return self.active().filter(conferences=True, confirmed_at__lte=event.publish_at)

    def due_for_correction(self, correction):
        """Who a correction's notice goes to: active subscriptions that were sent its release's alert (one
        row each: a release has one alert per subscriber)."""
        return self.active().filter(deliveries__release_id=correction.release_id,
                                    deliveries__status=AlertDelivery.Status.SENT)


class AlertSubscription(models.Model):
    """An address that asked for email alerts: every release, or those of chosen topics, and optionally
    press-conference announcements. Alerts go only to confirmed ones (double opt-in, press/alerts.py)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Address not confirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email"), max_length=254, unique=True, validators=[validate_email_address],
                              help_text=_("Stored in one spelling per mailbox, however it was typed."))
    all_releases = models.BooleanField(_("every press release"), default=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    conferences = models.BooleanField(_("press-conference announcements"), default=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE,
                                help_text=_("Of the page they subscribed on: their alerts are written in it."))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.UNCONFIRMED)
    created_at = models.DateTimeField(_("subscribed at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    requested_again_at = models.DateTimeField(_("form sent again at"), null=True, blank=True)
    # The confirmation link carries this; confirming replaces it, so the link works once.
    confirm_nonce = models.CharField(max_length=32, default=new_alert_nonce, editable=False)
    # The manage and unsubscribe links carry this; replaced when the address subscribes again after leaving.
    manage_nonce = models.CharField(max_length=32, default=new_alert_nonce, editable=False)

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        constraints = [
            models.CheckConstraint(condition=Q(status="unconfirmed") | Q(confirmed_at__isnull=False),
                                   name="alert_subscription_confirmed_has_time"),
        ]

    def __str__(self):
        return self.email


class AlertDeliveryQuerySet(models.QuerySet):
    def counts(self) -> dict[str, int]:
        """How many are waiting (queued, being sent or waiting for a retry), sent, failed: one query."""
        Status = AlertDelivery.Status
        waiting = [Status.QUEUED, Status.SENDING, Status.RETRYING]
        return self.aggregate(
            queued=models.Count("pk", filter=Q(status__in=waiting)),
            sent=models.Count("pk", filter=Q(status=Status.SENT)),
            failed=models.Count("pk", filter=Q(status=Status.FAILED)),
            skipped=models.Count("pk", filter=Q(status=Status.SKIPPED)),
        )

    def claim(self, pk: int, *, from_status: str, now) -> bool:
        """Take one delivery to send it: one conditional UPDATE, so of two workers only one gets it."""
        return bool(self.filter(pk=pk, status=from_status).update(
            status=AlertDelivery.Status.SENDING, attempts=models.F("attempts") + 1, claimed_at=now))


class AlertDelivery(models.Model):
    """One alert to one subscriber, about one release, one press conference, or one correction of a release
    (its notice, to those sent the release's alert): the ledger that makes each alert go out at most once.
    The unique constraints keep one row per pair; a row is claimed (queued → sending) by a conditional UPDATE
    before the email is sent, so two workers never send the same one."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        RETRYING = "retrying", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent: unsubscribed meanwhile")

    subscription = models.ForeignKey(AlertSubscription, on_delete=models.CASCADE, related_name="deliveries",
                                     verbose_name=_("subscription"))
    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="alert_deliveries", verbose_name=_("press release"))
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="alert_deliveries", verbose_name=_("press conference"))
    correction = models.ForeignKey(Revision, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="alert_deliveries", verbose_name=_("correction"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=500, blank=True)

    objects = AlertDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        constraints = [
            # NULLs are distinct: release, event and correction rows do not collide.
            models.UniqueConstraint(fields=["release", "subscription"], name="one_alert_per_release_and_subscriber"),
            models.UniqueConstraint(fields=["event", "subscription"], name="one_alert_per_event_and_subscriber"),
            models.UniqueConstraint(fields=["correction", "subscription"],
                                    name="one_notice_per_correction_and_subscriber"),
            models.CheckConstraint(
                condition=(Q(release__isnull=False, event__isnull=True, correction__isnull=True)
                           | Q(release__isnull=True, event__isnull=False, correction__isnull=True)
                           | Q(release__isnull=True, event__isnull=True, correction__isnull=False)),
                name="alert_delivery_about_one_thing"),
        ]
        indexes = [models.Index(fields=["release", "status"], name="alert_delivery_release_status"),
                   models.Index(fields=["event", "status"], name="alert_delivery_event_status"),
                   models.Index(fields=["correction", "status"], name="alert_delivery_corr_status")]

    def __str__(self):
        return f"{self.subscription} – {self.release or self.event or self.correction}"
