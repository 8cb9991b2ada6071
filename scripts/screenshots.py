"""Full-page screenshots of the main pages at phone and desktop widths, for review.

    make screenshots            # writes screenshots/<page>-<width>.png

Starts the site with the seed content on a throwaway SQLite database, drives
the system's Chromium with Playwright, and stops the server at the end.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
PORT = int(os.environ.get("SCREENSHOT_PORT", "8765"))
WIDTHS = [375, 1280]
PAGES = {
    "home": "/",
    "press-list": "/press/",
    "release": "/press/parliamentarians-blocked-from-meeting-officials-and-mamay/",
    "search": "/press/search/?q=Mamay",
    "events": "/events/",
    "event": "/events/press-conference-2023-01-20/",
    "commission": "/commission/",
    "person": "/commission/people/lord-macdonald/",
    "sample-event": "/events/sample-press-conference/",
    "register": "/events/sample-press-conference/register/",
    "privacy": "/privacy/",
    "not-found": "/no-such-page/",
}


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="screenshots-"))
    env = {
        **os.environ,
        # As in production (own error pages, hashed static files), but over plain HTTP.
        "DEBUG": "0",
        "SECRET_KEY": "screenshots-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(workdir / "static"),
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_URL": "locmem://",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, check=True)
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_seed", "--sample"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{PORT}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        OUT.mkdir(exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=["--no-sandbox"]
            )
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                for name, path in PAGES.items():
                    response = page.goto(base + path)
                    status = response.status if response else "no response"
                    target = OUT / f"{name}-{width}.png"
                    page.screenshot(path=target, full_page=True)
                    print(f"{status}  {target.relative_to(ROOT)}  {path}")
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
