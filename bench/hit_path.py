"""CPU cost of a cached page against the bare view, in one process, without the network or wrk.

    .venv/bin/python bench/hit_path.py          # the default cache (files), then Redis

Calls the site's WSGI handler directly (the whole middleware stack, no socket) for each page, cached, and for
the bare view returning the same bytes, alternating rounds, and reports the CPU time per request
(time.process_time: what this process spent, whatever else the machine is doing) and the bare view's over the
page's, i.e. the throughput ratio on a CPU of its own. Complements bench/serve.py, whose wrk figures move with
the machine's load.
"""

import io
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import django
from django.core.handlers.wsgi import WSGIHandler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import manage, production_env  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
PAGES = ["/press/parliamentarians-blocked-from-meeting-officials-and-mamay/",
         "/events/press-conference-2023-01-20/", "/press/"]
CACHES = {"files": None, "redis": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")}
if os.environ.get("BENCH_REDIS", "1") == "0":
    del CACHES["redis"]


def measure() -> None:
    """In a process whose environment names the cache: each page's CPU per request and its ratio."""
    django.setup()
    logging.getLogger("commission.web.cache").setLevel(logging.INFO)  # bench/settings.py logs each render

    handler = WSGIHandler()

    def call(path: str) -> bytes:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
                   "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(),
                   "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
        status = []
        body = b"".join(handler(environ, lambda s, headers, exc_info=None: status.append(s)))
        assert status[0].startswith("200"), (path, status)
        return body

    def cpu_per_request(path: str) -> float:
        start = time.process_time()
        for _ in range(REQUESTS):
            call(path)
        return (time.process_time() - start) / REQUESTS

    bare_dir = Path(os.environ["BENCHMARK_BARE_DIR"])
    for number, path in enumerate(PAGES):
        (bare_dir / str(number)).write_bytes(call(path))  # rendered and cached
        bare = f"/__bench__/bare/{number}"
        page_runs, bare_runs = [], []
        for _ in range(ROUNDS):
            page_runs.append(cpu_per_request(path))
            bare_runs.append(cpu_per_request(bare))
        page_cpu, bare_cpu = statistics.median(page_runs), statistics.median(bare_runs)
        print(f"{path[:58]:58} {os.environ.get('BENCH_CACHE_NAME'):5} {page_cpu * 1e6:9.0f} {bare_cpu * 1e6:9.0f} "
              f"{bare_cpu / page_cpu:6.2f}", flush=True)


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-hit-"))
    bare = workdir / "bare"
    bare.mkdir()
    env = production_env(workdir, EMAIL_URL="locmem://", DJANGO_SETTINGS_MODULE="bench.settings",
                         BENCHMARK_BARE_DIR=str(bare), DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
                         PAGE_CACHE_SECONDS="600", CACHE_KEY_PREFIX=f"bench-{uuid.uuid4().hex}")
    env.pop("CACHE_URL", None)
    for command in (["collectstatic", "--no-input", "-v0"], ["migrate", "--no-input", "-v0"], ["load_seed"]):
        manage(env, *command)
    print(f"in one process, {ROUNDS} rounds of {REQUESTS} requests a side; CPU µs per request")
    print(f"{'page':58} {'cache':5} {'page µs':>9} {'bare µs':>9} {'ratio':>6}", flush=True)
    for name, url in CACHES.items():
        run_env = {**env, "BENCH_CACHE_NAME": name, **({"CACHE_URL": url} if url else {})}
        subprocess.run([sys.executable, __file__, "--measure"], env=run_env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(measure() if "--measure" in sys.argv else main())
