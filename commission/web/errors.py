"""The exception a service raises when one of its rules says no, with a message for the person who asked."""

from django.utils.translation import gettext_lazy


class Refused(Exception):
    """A rule said no. ``message`` is written for the person who asked: the one given, else the class's own
    (``default``, or what ``default_message`` says from the exception's details)."""

    default = gettext_lazy("This cannot be done.")

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message or self.default_message()

    def default_message(self) -> str:
        return str(self.default)
