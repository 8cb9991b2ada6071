"""Reading the emails the tests receive."""

import re


def link_in(message, path: str) -> str:
    """The path of the link in ``message``'s text whose path matches the pattern ``path`` (there must be one)."""
    found = re.search(rf"https?://[^/\s]+({path})", message.body)
    assert found, message.body
    return found.group(1)
