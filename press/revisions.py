"""A release's public text as a version: the snapshot kept with each ``Revision``, and the difference
between two snapshots in words.

A snapshot is plain JSON: the text as the public reads it (the notes to editors and media contacts the
page shows, the commission's when the release has none of its own) plus what restoring it needs.

The difference is computed block by block (a paragraph, a list item, a quote, a contact) and then word by
word inside a changed block, so a nested list reads as a list and a quote as a quote, not as one long line.
"""

import difflib
import html
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags

from commission.models import Commission
from commission.web.text import line_breaks_as_read
from events.models import Event
from press import markup
from press.models import Revision

# The kinds of change the release page lists under "Corrections and updates", each with its note.
LOGGED_KINDS = frozenset({Revision.Kind.CORRECTION, Revision.Kind.UPDATE})

PARTS = Revision.PARTS


def snapshot(release) -> dict:
    """The public text of ``release`` as stored now (its quotes, contacts and related press conferences
    are read from the database)."""
    commission = release.commission
    if commission is None:  # the site's commission, as the page shows
        commission = Commission.objects.current()
    contacts = list(release.media_contacts.all())
    own_contacts = [contact.pk for contact in contacts]
    if not contacts and commission is not None:
        contacts = list(commission.media_contacts.all())
    return {
        "title": release.title,
        "dateline_place": release.dateline_place,
        "standfirst": release.standfirst,
        "body": release.body,
        "quotes": [
            {"number": quote.order, "speaker_id": quote.speaker_id, "speaker": quote.speaker.short_name,
             "role": quote.speaker.role, "url": quote.speaker.get_absolute_url(), "text": quote.text}
            for quote in release.quotes.select_related("speaker").order_by("order", "id")
        ],
        "notes_to_editors": release.notes_to_editors or (commission.about if commission else ""),
        "media_contacts": [
            {"name": contact.name, "email": contact.email, "phone": contact.phone} for contact in contacts
        ],
        "media_contact_ids": own_contacts,
        "related_events": [
            {"title": event.title, "url": event.get_absolute_url()}
            for event in Event.objects.published().filter(related_releases=release).order_by("pk")
        ],
    }


def changed_parts(old: dict | None, new: dict) -> list[str]:
    """The keys of ``PARTS`` whose text differs; every part when there is nothing to compare with."""
    if old is None:
        return list(PARTS)
    old, new = line_breaks_as_read(old), line_breaks_as_read(new)
    return [part for part in PARTS if old.get(part) != new.get(part)]


def same_text(old: dict | None, new: dict) -> bool:
    """Whether two snapshots read the same: line breaks written CRLF by a browser and LF elsewhere are one."""
    return old is not None and line_breaks_as_read(old) == line_breaks_as_read(new)


@dataclass(frozen=True)
class SnapshotQuote:
    """A quote as a snapshot keeps it, shaped like a ``Quote`` for ``markup.render_body`` and quote.html."""

    order: int
    text: str
    speaker: dict


def quotes_of(snap: dict) -> list[SnapshotQuote]:
    return [
        SnapshotQuote(order=quote["number"], text=quote["text"],
                      speaker={"short_name": quote["speaker"], "role": quote["role"], "get_absolute_url": quote["url"]})
        for quote in snap.get("quotes", [])
    ]


# The difference ---------------------------------------------------------------------------------------------

_LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])\s+")
_PLACEHOLDER = re.compile(r"^\s{0,3}\[quote\s+(\d{1,4})\]\s*$", re.IGNORECASE)
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s")


@dataclass(frozen=True)
class Block:
    """One block of text of a part, as plain words (Markdown signs taken out): a paragraph, a heading, a list
    item (``depth`` counts its nesting), a quote, a contact…"""

    part: str
    text: str
    depth: int = 0
    kind: str = "paragraph"  # "heading", "item", "quote"


@dataclass
class DiffBlock:
    """A block of the difference: ``state`` is "same", "added", "removed", "changed", or "gap" for unchanged
    blocks left out; ``pieces`` are ``(op, text)`` with op "same", "ins" or "del"."""

    part: str
    state: str
    depth: int
    kind: str
    pieces: list = field(default_factory=list)
    unchanged: int = 0  # for state "gap": how many unchanged blocks are left out here


@dataclass
class DiffPart:
    name: str
    blocks: list


def _plain(markdown_text: str) -> str:
    """The words a reader sees: rendered and cleaned as on the page (press.markup), then without tags."""
    return " ".join(html.unescape(strip_tags(markup.render(markdown_text))).split())


def _text_blocks(part: str, text: str) -> list[Block]:
    """Paragraphs split at blank lines; a list split into its items, each with its depth."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if _PLACEHOLDER.match(lines[0]):
            blocks.append(Block(part, lines[0].strip()))  # a quote's place, replaced by the quote
            continue
        if not _LIST_ITEM.match(lines[0]):
            kind = "heading" if _HEADING.match(lines[0]) else "paragraph"
            blocks.append(Block(part, _plain("\n".join(lines)), kind=kind))
            continue
        items: list[tuple[int, str, list[str]]] = []
        for line in lines:
            match = _LIST_ITEM.match(line)
            if match:
                number = match.group(2) if match.group(2)[0].isdigit() else ""
                items.append((len(match.group(1)) // 2, number, [line[match.end():]]))
            else:
                items[-1][2].append(line.strip())  # a continuation line of the item above
        blocks.extend(Block(part, " ".join(filter(None, [number, _plain(" ".join(words))])), depth=depth, kind="item")
                      for depth, number, words in items)
    return blocks


def _quote_text(quote: dict) -> str:
    who = quote["speaker"] + (f", {quote['role']}" if quote.get("role") else "")
    return f"“{_plain(quote['text'])}” — {who}"


def blocks_of(snap: dict) -> list[Block]:
    """The whole public text as blocks, in page order, each quote where the body places it."""
    quotes = {quote["number"]: quote for quote in snap.get("quotes", [])}
    placed: set[int] = set()
    blocks = [Block("title", snap.get("title", ""), kind="heading")]
    if snap.get("dateline_place"):
        blocks.append(Block("dateline_place", snap["dateline_place"]))
    blocks += [Block("standfirst", " ".join(snap.get("standfirst", "").split()))] if snap.get("standfirst") else []
    for block in _text_blocks("body", snap.get("body", "")):
        match = _PLACEHOLDER.match(block.text)
        if match:
            number = int(match.group(1))
            if number in quotes and number not in placed:
                placed.add(number)
                blocks.append(Block("body", _quote_text(quotes[number]), kind="quote"))
            continue
        blocks.append(block)
    blocks += [Block("body", _quote_text(quote), kind="quote")
               for number, quote in sorted(quotes.items()) if number not in placed]
    blocks += _text_blocks("notes_to_editors", snap.get("notes_to_editors", ""))
    blocks += [Block("media_contacts", " · ".join(filter(None, [c["name"], c["email"], c["phone"]])))
               for c in snap.get("media_contacts", [])]
    blocks += [Block("related_events", event["title"]) for event in snap.get("related_events", [])]
    return blocks


def _word_pieces(old: str, new: str) -> list[tuple[str, str]]:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(old_words[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(new_words[j1:j2])))
    return pieces


def difference(old: dict, new: dict) -> list[DiffPart]:
    """What changed from ``old`` to ``new``: the parts of the text in page order, each with its blocks."""
    before, after = blocks_of(line_breaks_as_read(old)), blocks_of(line_breaks_as_read(new))
    key = lambda block: (block.part, block.depth, block.kind, block.text)  # noqa: E731
    matcher = difflib.SequenceMatcher(None, [key(b) for b in before], [key(b) for b in after], autojunk=False)
    result: list[DiffBlock] = []

    def whole(block, state, op):
        result.append(DiffBlock(block.part, state, block.depth, block.kind, [(op, block.text)]))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for block in after[j1:j2]:
                whole(block, "same", "same")
            continue
        olds, news = list(before[i1:i2]), list(after[j1:j2])
        # Pair blocks of the same part in order: those read as one block changed word by word.
        while olds and news and olds[0].part == news[0].part:
            old_block, new_block = olds.pop(0), news.pop(0)
            result.append(DiffBlock(new_block.part, "changed", new_block.depth, new_block.kind,
                                    _word_pieces(old_block.text, new_block.text)))
        for block in olds:
            whole(block, "removed", "del")
        for block in news:
            whole(block, "added", "ins")
    order = list(PARTS)
    result.sort(key=lambda block: order.index(block.part))  # stable: keeps each part's own order
    parts: list[DiffPart] = []
    for block in result:
        if not parts or parts[-1].name != PARTS[block.part]:
            parts.append(DiffPart(PARTS[block.part], []))
        parts[-1].blocks.append(block)
    return [DiffPart(part.name, _around_changes(part.blocks)) for part in parts
            if any(block.state != "same" for block in part.blocks)]


def _around_changes(blocks: list[DiffBlock], context: int = 1) -> list[DiffBlock]:
    """The changed blocks with ``context`` unchanged ones either side; each longer unchanged run becomes a gap."""
    changed = [index for index, block in enumerate(blocks) if block.state != "same"]
    near = {index + offset for index in changed for offset in range(-context, context + 1)}
    kept: list[DiffBlock] = []
    for index, block in enumerate(blocks):
        if index in near:
            kept.append(block)
        elif kept and kept[-1].state == "gap":
            kept[-1].unchanged += 1
        else:
            kept.append(DiffBlock(block.part, "gap", 0, "gap", unchanged=1))
    return kept
