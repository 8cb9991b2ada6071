from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html

from commission.current import current_commission
from commission.web.languages import language_versions


def site(request):
    """The commission the site speaks for, for every page's header and footer.

    Lazy, so a response that never shows it never asks for it; read once per
    content version and once per request (commission/cache.py).
    """
    return {"site_commission": SimpleLazyObject(lambda: current_commission(request))}


def languages(request):
    """This page in each language, for the language switcher and the ``hreflang`` links (base.html); the
    default language, for links to what exists in English only."""
    return {
        "language_versions": SimpleLazyObject(lambda: language_versions(request)),
        "default_language": settings.LANGUAGE_CODE,
        # Content without language versions (topics, people, the commission's texts) is written in English: on a
        # page in another language its elements say so, for screen readers' pronunciation and for translation
        # tools. Releases and press conferences say their own language with ``item|lang_attr`` (languages.py).
        "content_lang": SimpleLazyObject(_content_lang),
    }


def _content_lang() -> str:
    if translation.get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
