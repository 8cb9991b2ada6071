"""A console email backend a person can read: the text part as written, links whole.

Django's console backend prints the raw MIME message, where quoted-printable
encoding breaks long lines with ``=`` (a confirmation link printed that way
cannot be copied). This one prints the headers that matter, the plain-text
body as it was written and the names of the other parts. ``EMAIL_URL=console://``
(the development default) uses it.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


class ConsoleBackend(DjangoConsoleBackend):
    def write_message(self, message):
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            *([f"Cc: {', '.join(message.cc)}"] if message.cc else []),
            f"Subject: {message.subject}",
        ]
        others = [f"{mimetype} alternative" for _content, mimetype in getattr(message, "alternatives", [])]
        others += [f"attachment {getattr(a, 'filename', None) or a[0]}" for a in message.attachments]
        if others:
            lines.append(f"Also in this message (not shown): {', '.join(others)}")
        self.stream.write("\n".join(lines) + "\n\n" + message.body.rstrip("\n") + "\n")
        self.stream.write("-" * 79 + "\n")


@register(Tags.mail, deploy=True)
def check_readable_console_not_in_production(app_configs, **kwargs):
    """Django's deploy check (mail.E001) knows its own console backend by name, not this subclass."""
    backend = getattr(settings, "MAILERS", {}).get("default", {}).get("BACKEND", "")
    if backend != "commission.web.mail.ConsoleBackend":
        return []
    return [Error(
        "EMAIL_URL is console://: email is printed, never sent.",
        hint="Set EMAIL_URL to your SMTP server, e.g. smtp+tls://user:password@mail.example.org:587.",
        id="commission.E001",
    )]
