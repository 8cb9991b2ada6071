import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from press import markup
from tests.press.hostile_snippets import HOSTILE_SNIPPETS

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster", "background"}


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see (WHATWG URL parsing: tabs and newlines removed, C0 and spaces trimmed)."""
    value = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                 "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", value)
    return match.group(1).lower() if match else None


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in markup.ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc"}:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{scheme}: URL in {name} on <{tag}>")

    handle_startendtag = handle_starttag


def problems_in(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(str(html))
    inspector.close()
    return inspector.problems


def test_inspector_catches_what_it_should():
    assert problems_in('<a href=" java&#x09;script:alert(1)" onclick="x">x</a><script></script>') == [
        "javascript: URL in href on <a>", "attribute onclick on <a>", "tag <script>",
    ]


@pytest.mark.parametrize(("name", "snippet"), HOSTILE_SNIPPETS, ids=[name for name, _ in HOSTILE_SNIPPETS])
def test_hostile_markdown_is_neutralised(name, snippet):
    html = markup.render(f"Before.\n\n{snippet}\n\nAfter.")

    assert problems_in(html) == []
    assert html.startswith("<p>Before.</p>")


@pytest.mark.parametrize(("name", "snippet"), HOSTILE_SNIPPETS, ids=[name for name, _ in HOSTILE_SNIPPETS])
def test_hostile_html_is_sanitised(name, snippet):
    assert problems_in(markup.sanitise(snippet)) == []


@pytest.mark.parametrize(("name", "snippet"), HOSTILE_SNIPPETS, ids=[name for name, _ in HOSTILE_SNIPPETS])
def test_hostile_body_with_quotes_is_neutralised(name, snippet):
    parts = markup.render_body(f"{snippet}\n\n[quote 1]\n\n{snippet}", [SimpleNamespace(order=1)])

    assert [problems_in(part.html) for part in parts] == [[], [], []]


def test_hostile_corpus_is_large_enough():
    assert len(HOSTILE_SNIPPETS) >= 20


def test_raw_html_is_shown_as_text():
    assert markup.render("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_external_link_gets_noopener():
    assert markup.render("[site](https://example.org/a?b=1&c=2)") == (
        '<p><a href="https://example.org/a?b=1&amp;c=2" rel="noopener">site</a></p>\n'
    )


def test_relative_link_is_kept():
    assert markup.render("[events](/events/)") == '<p><a href="/events/" rel="noopener">events</a></p>\n'


def test_heading_hash_becomes_h2():
    assert markup.render("# Press conference\n\ntext") == "<h2>Press conference</h2>\n<p>text</p>\n"


def test_heading_levels_keep_their_distance_from_the_top_one():
    assert markup.render("## Top\n\n### Under") == "<h2>Top</h2>\n<h3>Under</h3>\n"


def test_heading_top_level_can_be_lower():
    assert markup.render("# Under a section", top_level=3) == "<h3>Under a section</h3>\n"


def test_nested_list_one_level():
    assert markup.render("- one\n  - one a\n- two") == (
        "<ul>\n<li>one\n<ul>\n<li>one a</li>\n</ul>\n</li>\n<li>two</li>\n</ul>\n"
    )


def test_emphasis_and_line_break():
    assert markup.render("**strong** and *em*  \nnext") == "<p><strong>strong</strong> and <em>em</em><br>\nnext</p>\n"


def test_empty_text_renders_nothing():
    assert markup.render("") == ""
    assert markup.render(None) == ""


def _summary(parts):
    return [("quote", part.quote.order) if part.quote else ("html", str(part.html)) for part in parts]


def test_render_body_places_quotes_between_paragraphs():
    quotes = [SimpleNamespace(order=2), SimpleNamespace(order=1)]

    parts = markup.render_body("First.\n\n[quote 1]\n\nSecond.\n\n[Quote 2]\n\nThird.", quotes)

    assert _summary(parts) == [
        ("html", "<p>First.</p>\n"), ("quote", 1), ("html", "<p>Second.</p>\n"), ("quote", 2),
        ("html", "<p>Third.</p>\n"),
    ]


def test_render_body_appends_unplaced_quotes_in_number_order():
    quotes = [SimpleNamespace(order=3), SimpleNamespace(order=1), SimpleNamespace(order=2)]

    parts = markup.render_body("Text.\n\n[quote 2]", quotes)

    assert _summary(parts) == [("html", "<p>Text.</p>\n"), ("quote", 2), ("quote", 1), ("quote", 3)]


def test_render_body_placeholder_right_under_a_paragraph_still_stands_alone():
    parts = markup.render_body("He said:\n[quote 1]\nAfter.", [SimpleNamespace(order=1)])

    assert _summary(parts) == [("html", "<p>He said:</p>\n"), ("quote", 1), ("html", "<p>After.</p>\n")]


def test_render_body_drops_a_placeholder_naming_no_quote_and_places_a_quote_once():
    parts = markup.render_body("A.\n\n[quote 9]\n\n[quote 1]\n\nB.\n\n[quote 1]", [SimpleNamespace(order=1)])

    assert _summary(parts) == [("html", "<p>A.</p>\n"), ("quote", 1), ("html", "<p>B.</p>\n")]


def test_render_body_ignores_placeholders_in_code_and_mid_sentence():
    parts = markup.render_body("Say [quote 1] here.\n\n    [quote 1]\n", [SimpleNamespace(order=1)])

    assert _summary(parts) == [
        ("html", "<p>Say [quote 1] here.</p>\n<pre><code>[quote 1]\n</code></pre>\n"), ("quote", 1),
    ]


def test_render_body_headings_are_normalised_across_quotes():
    parts = markup.render_body("## A\n\n[quote 1]\n\n### B", [SimpleNamespace(order=1)])

    assert _summary(parts) == [("html", "<h2>A</h2>\n"), ("quote", 1), ("html", "<h3>B</h3>\n")]


def test_quote_references_placed_and_misplaced():
    text = "Intro.\n\n[quote 1]\n\n- item [quote 2]\n\nSay [quote 3] now.\n\n[quote 4]"

    assert markup.quote_references(text) == ([1, 4], [2, 3])
