"""Reading rendered pages back the way a browser or crawler would, with the standard library's parser."""

import json
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


def carried(html) -> dict[str, list[str]]:
    """The hidden fields of a page that asks first, as the browser posts them back with its confirming button."""
    fields = {}
    for field in tags(html, "input", type="hidden"):
        if field.get("name") and field["name"] != "csrfmiddlewaretoken":
            fields.setdefault(field["name"], []).append(field.get("value", ""))
    return fields


def meta(html, key) -> str | None:
    """The content of ``<meta property=key>`` or ``<meta name=key>``."""
    for attrs in tags(html, "meta"):
        if attrs.get("property") == key or attrs.get("name") == key:
            return attrs.get("content")
    return None


def json_ld(html) -> list:
    return [json.loads(content) for attrs, content in parse(html, None).scripts
            if attrs.get("type") == "application/ld+json"]


class _FormReader(HTMLParser):
    """The fields of the post forms inside ``<main>``, as a browser sends them (see ``form_fields``); a file input
    is left out, as a browser sends no file for it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_main = self.in_form = False
        self.fields = []  # (name, value, type)
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif tag == "form" and self.in_main and attrs.get("method", "").lower() == "post":
            self.in_form = True
        elif not self.in_form or "disabled" in attrs:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") != "file":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:  # sent only if checked, "on" without a value of its own
                if "checked" in attrs:
                    self.fields.append((attrs["name"], attrs.get("value", "on"), kind))
            else:
                self.fields.append((attrs["name"], attrs.get("value") or "", kind))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = (attrs["name"], [])
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value") or "", "select"))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif tag == "form":
            self.in_form = False
        elif tag == "textarea" and self._textarea:
            name, parts = self._textarea
            self.fields.append((name, "".join(parts).removeprefix("\n"), "textarea"))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1].append(data)


def form_fields(html, press=None) -> dict[str, list[str]]:
    """What pressing the submit button named ``press`` (None: one without a name) of the page's post form inside
    ``<main>`` sends: every named field as the page filled it in, and no other submit button."""
    reader = _FormReader()
    reader.feed(html if isinstance(html, str) else html.decode())
    reader.close()
    sent: dict[str, list[str]] = {}
    for name, value, kind in reader.fields:
        if kind not in {"submit", "button"} or name == press:
            sent.setdefault(name, []).append(value)
    if press is not None:
        assert press in sent, f"no submit button named {press}"
    return sent


def switcher(html) -> list[dict]:
    """The language switcher's links, the page's own language among them."""
    return [a for a in tags(html, "a", within="nav") if "hreflang" in a]
