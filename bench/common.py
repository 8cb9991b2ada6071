"""What the benchmark scripts share: a production-like environment and gunicorn on 127.0.0.1."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(workdir: Path, **overrides: str) -> dict:
    """DEBUG off, hashed static files collected into ``workdir``, quiet logs; ``overrides`` on top."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


def manage(env: dict, *args: str) -> str:
    """Run ``manage.py`` with ``env``; its standard output."""
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def start_gunicorn(env: dict, port: int, *, workers: int, args=(), log: Path | None = None) -> subprocess.Popen:
    """gunicorn serving the site on 127.0.0.1:``port``, returned once it answers ``/``."""
    output = log.open("a") if log else None
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "commission.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", *args],
        cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT if output else None,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn on port {port} did not start")
