"""The one place where authored text (Markdown) becomes HTML.

Press officers write Markdown. Raw HTML in it is shown as text, never
interpreted, and the rendered HTML then goes through nh3 with a short
allow-list, so nothing executable reaches a page whatever is typed or pasted.

A release's quotes are rows of their own; the body places one with a line
such as ``[quote 1]`` (the quote's number). ``render_body`` cuts the body at
those lines and returns the pieces in order, so the template draws each quote
with its speaker between the paragraphs. Quotes the body does not place come
after it, in number order.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "strong", "em", "code", "pre",
    "blockquote", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# "[quote 2]" alone on a line; 0-3 spaces of indent, as Markdown allows for a paragraph.
_PLACEHOLDER_LINE = re.compile(r"^[ ]{0,3}\[quote\s+(\d{1,4})\][ \t]*$", re.IGNORECASE | re.MULTILINE)
_PLACEHOLDER_EXACT = re.compile(r"\[quote\s+(\d{1,4})\]", re.IGNORECASE)


def _normalise_headings(state):
    """The page owns its ``h1`` and the headings above the text.

    The highest heading level the author used becomes ``top_level`` (``h2`` by
    default) and the others keep their distance from it, so ``#`` and ``##``
    both work as "a sub-heading" and the page outline never skips a level.
    """
    headings = [token for token in state.tokens if token.type in {"heading_open", "heading_close"}]
    if not headings:
        return
    top_level = state.env.get("top_level", 2)
    shift = top_level - min(int(token.tag[1]) for token in headings)
    for token in headings:
        token.tag = f"h{min(max(int(token.tag[1]) + shift, top_level), 6)}"


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.core.ruler.push("normalise_headings", _normalise_headings)


def sanitise(html: str) -> SafeString:
    """Strip everything outside the allow-list from an HTML fragment."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 — nh3 output is the safe subset


def render(text: str, *, top_level: int = 2) -> SafeString:
    """Markdown to sanitised HTML; the highest heading used becomes ``h{top_level}``."""
    return _render(text or "", top_level)


# Rendering is a pure function of the text, and pages show the same texts again and
# again: keep the most recent results in each process rather than parse them per request.
@lru_cache(maxsize=1024)
def _render(text: str, top_level: int) -> SafeString:
    return sanitise(_markdown.render(text, {"top_level": top_level}))


@dataclass(frozen=True)
class BodyPart:
    """A piece of a rendered body: sanitised HTML, or a quote to draw in its place."""

    html: SafeString = mark_safe("")
    quote: object = None


def _with_placeholders_apart(text: str) -> str:
    # A placeholder line typed right under a paragraph would otherwise join it:
    # give it blank lines so it always stands as a paragraph of its own.
    return _PLACEHOLDER_LINE.sub(lambda match: f"\n{match.group(0).strip()}\n", text or "")


def _placeholder_number(tokens, index) -> int | None:
    """The quote number if ``tokens[index]`` opens a top-level paragraph that is only a placeholder."""
    token = tokens[index]
    if token.type != "paragraph_open" or token.level != 0 or index + 2 >= len(tokens):
        return None
    match = _PLACEHOLDER_EXACT.fullmatch(tokens[index + 1].content.strip())
    return int(match.group(1)) if match else None


def quote_references(text: str) -> tuple[list[int], list[int]]:
    """Quote numbers the body places, and those it mentions where they cannot be placed.

    A placeholder inside a list item or in the middle of a sentence is
    "misplaced": the form tells the press officer to give it a line of its own.
    """
    tokens = _markdown.parse(_with_placeholders_apart(text), {})
    placed, misplaced = [], []
    for index, token in enumerate(tokens):
        number = _placeholder_number(tokens, index)
        if number is not None:
            placed.append(number)
        elif token.type == "inline" and not (index and _placeholder_number(tokens, index - 1) is not None):
            misplaced.extend(int(found) for found in _PLACEHOLDER_EXACT.findall(token.content))
    return placed, misplaced


def render_body(text: str, quotes=(), *, top_level: int = 2) -> list[BodyPart]:
    """Render a body and put each quote where the body places it.

    ``quotes`` are objects with an ``order`` attribute (``Quote`` rows). A
    placeholder naming no quote is dropped; a quote placed twice appears
    once, at its first place; quotes never placed follow the body.
    """
    by_number = {quote.order: quote for quote in quotes}
    parts: list[BodyPart] = []
    used: set[int] = set()
    for html, number in _body_layout(text or "", top_level):
        if number is None:
            parts.append(BodyPart(html=html))
        elif number in by_number and number not in used:
            parts.append(BodyPart(quote=by_number[number]))
            used.add(number)
    parts.extend(BodyPart(quote=quote) for number, quote in sorted(by_number.items()) if number not in used)
    return parts


@lru_cache(maxsize=512)
def _body_layout(text: str, top_level: int) -> tuple[tuple[SafeString | None, int | None], ...]:
    """The body as ``(html, None)`` pieces and ``(None, quote number)`` placeholders, in order."""
    env = {"top_level": top_level}
    tokens = _markdown.parse(_with_placeholders_apart(text), env)
    layout: list[tuple[SafeString | None, int | None]] = []
    segment: list = []

    def flush():
        if segment:
            html = sanitise(_markdown.renderer.render(segment, _markdown.options, env))
            if html.strip():
                layout.append((html, None))
            segment.clear()

    index = 0
    while index < len(tokens):
        number = _placeholder_number(tokens, index)
        if number is None:
            segment.append(tokens[index])
            index += 1
            continue
        flush()
        layout.append((None, number))
        index += 3  # paragraph_open, inline, paragraph_close
    flush()
    return tuple(layout)
