"""The one place where authored text (Markdown) becomes HTML.

Press officers write Markdown. Raw HTML in it is shown as text, never
interpreted, and the rendered HTML then goes through nh3 with a short
allow-list, so nothing executable reaches a page whatever is typed or pasted.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "code", "blockquote", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _demote_headings(state):
    """The page owns its ``h1``: a Markdown ``#`` becomes ``h2``, and so on."""
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1]) + 1, 4)}"


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.core.ruler.push("demote_headings", _demote_headings)


def sanitise(html: str) -> SafeString:
    """Strip everything outside the allow-list from an HTML fragment."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 — nh3 output is the safe subset


def render(text: str) -> SafeString:
    """Markdown to sanitised HTML."""
    return sanitise(_markdown.render(text or ""))
