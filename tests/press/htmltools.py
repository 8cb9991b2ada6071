"""Reading rendered pages back the way a browser or crawler would, with the standard library's parser."""

import json
import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self, within):
        super().__init__(convert_charrefs=True)
        self.within = within
        self.depth = 0 if within else 1
        self.skip = 0
        self.text = []
        self.tags = []  # (tag, attrs dict, inside `within`)
        self.scripts = []  # (attrs, content)
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.within and tag == self.within:
            self.depth += 1
        self.tags.append((tag, attrs, self.depth > 0))
        if tag in {"script", "style"}:
            self.skip += 1
            if tag == "script":
                self._script = (attrs, [])
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "figcaption", "blockquote", "br", "dt", "dd", "td", "th"}:
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skip -= 1
            if tag == "script" and self._script is not None:
                self.scripts.append((self._script[0], "".join(self._script[1])))
                self._script = None
        if self.within and tag == self.within:
            self.depth -= 1
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "figcaption", "blockquote", "td", "th"}:
            self.text.append(" ")

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        elif self.depth > 0 and not self.skip:
            self.text.append(data)


def parse(html, within="main") -> _Collector:
    collector = _Collector(within)
    collector.feed(html if isinstance(html, str) else html.decode())
    collector.close()
    return collector


def text_of(html, within="main") -> str:
    """Visible text inside ``within``, whitespace collapsed."""
    return " ".join("".join(parse(html, within).text).split())


def tags(html, element, within=None, **match) -> list[dict]:
    """Attribute dicts of every ``<element>`` (inside ``within`` if given) whose attributes include ``match``."""
    wanted = {key.replace("_", "-"): value for key, value in match.items()}
    return [
        attrs for tag, attrs, inside in parse(html, within).tags
        if tag == element and (within is None or inside) and all(attrs.get(k) == v for k, v in wanted.items())
    ]


def meta(html, key) -> str | None:
    """The content of ``<meta property=key>`` or ``<meta name=key>``."""
    for attrs in tags(html, "meta"):
        if attrs.get("property") == key or attrs.get("name") == key:
            return attrs.get("content")
    return None


def json_ld(html) -> list:
    return [json.loads(content) for attrs, content in parse(html, None).scripts
            if attrs.get("type") == "application/ld+json"]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
