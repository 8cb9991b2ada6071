"""What a release page tells machines: canonical address, OpenGraph/Twitter values, schema.org JSON-LD."""

from commission.jsonld import organisation as organisation_of
from commission.web.languages import content_language
from commission.web.links import absolute_url
from commission.web.localised import text_in
from press.models import Revision


def hero_url(release) -> str:
    return absolute_url(release.hero_web.url) if release.hero_web else ""


def share_image(release, *, commission) -> dict | None:
    """What a link preview shows: the release's share image, else its hero image, else the commission's."""
    chosen = next((a.image for a in release.image_attachments.all() if a.is_share_image), None)
    if chosen is not None:
        return chosen.share_image()
    if release.hero_web:
        return {"url": hero_url(release), "width": release.hero_width, "height": release.hero_height,
                "alt": release.hero_alt}
    return commission.share_image.share_image() if commission and commission.share_image else None


def news_article(release, *, commission, url: str, images=(), versions=()) -> dict:
    """schema.org ``NewsArticle`` for one release, ready for ``json_ld`` (which escapes it for a script tag).
    ``versions``, newest first, give ``dateModified`` (any change, minor edits too) and one
    ``CorrectionComment`` for each correction its words carry."""
    modified = versions[0].created_at if versions else release.modified_at
    # A language version's words carry the corrections made before they were written, not those made since.
    written = getattr(release, "version_written_at", None)
    organisation = organisation_of(commission) if commission is not None else None
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.title,
        "description": release.standfirst,
        "inLanguage": content_language(release),  # its words' language: a version's, else English
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": release.publish_at.isoformat() if release.publish_at else None,
        "dateModified": modified.isoformat() if modified else None,
        "correction": [
            {"@type": "CorrectionComment", "text": version.note, "datePublished": version.created_at.isoformat()}
            for version in versions
            if version.kind == Revision.Kind.CORRECTION and (written is None or version.created_at <= written)
        ] or None,
        "author": organisation,
        "publisher": organisation,
        "image": ([hero_url(release)] if release.hero_web else []) + [image.largest_absolute_url for image in images]
        or None,
        "dateline": release.dateline_place or None,
        "keywords": [text_in(topic, "name") for topic in release.topics.all()] or None,
    }
    return {key: value for key, value in data.items() if value not in (None, "")}
