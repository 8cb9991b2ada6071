"""Compiling the interface translations: locale/<language>/LC_MESSAGES/django.po → django.mo.

The .mo files are built, not committed. Babel compiles them in pure Python, so a machine with only Python
and pip needs no GNU gettext (whose msgfmt Django's ``compilemessages`` calls). ``make`` runs this module at
install (``python -m commission.web.translations``) and the test suite at start, so neither ever reads a
catalogue older than its .po file.
"""

import os
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent.parent / "locale"


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile each ``django.po`` whose ``.mo`` is missing or older; return the files written.

    Each file is written under a temporary name and renamed, so processes compiling at once (test workers)
    never read half a file.
    """
    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source)
        partial = mo.with_name(f".{mo.name}.{os.getpid()}")
        with partial.open("wb") as target:
            write_mo(target, catalog)
        os.replace(partial, mo)
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_catalogs():
        sys.stdout.write(f"Compiled {path.relative_to(LOCALE_DIR.parent)}\n")
