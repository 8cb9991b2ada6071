"""Every public page is valid HTML according to the Nu Html Checker (vnu.jar, run on Java)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PAGES = {
    "home": "/",
    "commission": "/commission/",
    "person": "/commission/people/lord-macdonald/",
    "events": "/events/",
    "event": "/events/press-conference-2023-01-20/",
    "release-list": "/press/",
    "release": "/press/parliamentarians-blocked-from-meeting-officials-and-mamay/",
    "topic": "/press/topics/zhanbolat-mamay/",
    "search": "/press/search/?q=Mamay",
    "search-empty": "/press/search/?q=zeppelin",
    "not-found": "/no-such-page/",
}


@pytest.mark.skipif(not VNU.exists(), reason=f"Nu Html Checker not installed at {VNU}: run `npm install`")
@pytest.mark.skipif(shutil.which("java") is None, reason="Nu Html Checker needs Java 17+ on PATH")
def test_public_pages_have_no_html_errors(client, tmp_path):
    call_command("load_seed", verbosity=0)
    files = []
    for name, path in PAGES.items():
        response = client.get(path)
        assert response.status_code in {200, 404}, path
        target = tmp_path / f"{name}.html"
        target.write_bytes(response.content)
        files.append(str(target))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", *files], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
