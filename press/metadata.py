"""What a release page tells machines: canonical address, OpenGraph/Twitter values, schema.org JSON-LD."""

from commission.jsonld import organisation as organisation_of
from commission.web.links import absolute_url


def hero_url(release) -> str:
    return absolute_url(release.hero_web.url) if release.hero_web else ""


def news_article(release, *, commission, url: str) -> dict:
    """schema.org ``NewsArticle`` for one release, ready for ``json_ld`` (which escapes it for a script tag)."""
    organisation = organisation_of(commission) if commission is not None else None
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.title,
        "description": release.standfirst,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": release.publish_at.isoformat() if release.publish_at else None,
        "dateModified": release.modified_at.isoformat() if release.modified_at else None,
        "author": organisation,
        "publisher": organisation,
        "image": [hero_url(release)] if release.hero_web else None,
        "dateline": release.dateline_place or None,
        "keywords": [topic.name for topic in release.topics.all()] or None,
    }
    return {key: value for key, value in data.items() if value not in (None, "")}
