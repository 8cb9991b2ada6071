"""Building the site's automatic emails (``automatic_email``), and a console email backend a person can read:
the text part as written, links whole.

Django's console backend prints the raw MIME message, where quoted-printable
encoding breaks long lines with ``=`` (a confirmation link printed that way
cannot be copied). This one prints the headers that matter, the plain-text
body as it was written and the names of the other parts. ``EMAIL_URL=console://``
(the development default) uses it.
"""

import email.message

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend
from django.template.loader import render_to_string

from commission.web.text import one_line


def automatic_email(*, subject: str, template: str, context: dict, to: str,
                    headers: dict | None = None) -> EmailMultiAlternatives:
    """An email the site sends by itself to ``to``: the subject on one line, the text and HTML parts rendered
    from ``templates/emails/<template>.txt`` and ``.html``, marked ``Auto-Submitted`` (no vacation replies)."""
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"emails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated", **(headers or {})},
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


class ConsoleBackend(DjangoConsoleBackend):
    def write_message(self, message):
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            *([f"Cc: {', '.join(message.cc)}"] if message.cc else []),
            f"Subject: {message.subject}",
        ]
        others = [f"{mimetype} alternative" for _content, mimetype in getattr(message, "alternatives", [])]
        others += [f"attachment {_attachment_name(a)}" for a in message.attachments]
        if others:
            lines.append(f"Also in this message (not shown): {', '.join(others)}")
        self.stream.write("\n".join(lines) + "\n\n" + message.body.rstrip("\n") + "\n")
        self.stream.write("-" * 79 + "\n")


def _attachment_name(attachment) -> str:
    """Django's ``EmailAttachment`` (name, content, type), or a MIME part attached whole (a calendar file)."""
    if isinstance(attachment, email.message.Message):
        return attachment.get_filename() or attachment.get_content_type()
    return attachment.filename


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
