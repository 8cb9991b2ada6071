"""HTTP benchmark: public pages served by gunicorn, as a ratio to a bare Django view.

    make bench                       # SQLite in a temporary folder
    DATABASE_URL=postgres://... make bench

Serves the app with gunicorn (2 workers, DEBUG off) on 127.0.0.1, loads the
seed plus generated content, then for each page alternates wrk runs against
the page and against a bare view in the same app returning the same bytes
(same middleware, no database or template work). Prints requests per second,
p50/p99 latency and the page's throughput as a ratio to the bare view, side by
side: the page cache off, on with the default cache (files every process on the
machine shares) and on with Redis (CACHE_URL, default redis://127.0.0.1:6379/13;
BENCH_REDIS=0 leaves it out). Ratios, not absolute figures, are what compare
across machines: both sides are measured in the same run.

For each cache it then edits a release and sends 100 requests for its page at
once, and counts how many times the page was rendered (the page cache logs each
render): once per content version across both workers is the goal.
"""

import hashlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import manage, production_env, start_gunicorn

PORT = int(os.environ.get("BENCH_PORT", "8799"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
RELEASES = int(os.environ.get("BENCH_RELEASES", "200"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
AT_ONCE = 100
PAGES = [
    p for p in os.environ.get(
        "BENCH_PAGES",
        "/press/parliamentarians-blocked-from-meeting-officials-and-mamay/,"
        "/events/press-conference-2023-01-20/,/press/",
    ).split(",") if p
]

GENERATE = """
import datetime
from django.utils import timezone
from press.models import PressRelease
from commission.models import Commission
n = {count}
commission = Commission.objects.current()
start = timezone.now() - datetime.timedelta(days=n + 400)
PressRelease.objects.bulk_create(
    [PressRelease(title=f"Generated release {{i}}", slug=f"generated-release-{{i}}",
                  status=PressRelease.Status.PUBLISHED, publish_at=start + datetime.timedelta(days=i))
     for i in range(n)],
    batch_size=1000,
)
"""


def wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses during the run")
    return {"rps": rps, "p50": percentile(50), "p99": percentile(99)}


def redis_answers(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def render_once(env: dict, port: int, log: Path, path: str) -> int:
    """Edit a release, then send AT_ONCE requests for ``path`` together: how many renders they caused."""
    manage(env, "shell", "--no-imports", "-c",
           "from press.models import PressRelease; PressRelease.objects.order_by('pk').first().save()")
    before = log.read_text().count("Rendering ")
    start = threading.Barrier(AT_ONCE)

    def fetch(_):
        start.wait()
        return urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).status

    with ThreadPoolExecutor(AT_ONCE) as pool:
        statuses = list(pool.map(fetch, range(AT_ONCE)))
    if statuses != [200] * AT_ONCE:
        raise SystemExit(f"{path}: answers other than 200 while rendering once: {sorted(set(statuses))}")
    return log.read_text().count("Rendering ") - before


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    bare = workdir / "bare"
    bare.mkdir()
    env = production_env(
        workdir,
        EMAIL_URL="locmem://",
        DJANGO_SETTINGS_MODULE="bench.settings",  # the site, plus the bare view at /__bench__/bare/
        BENCHMARK_BARE_DIR=str(bare),
        DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'db.sqlite3'}"),
        CONN_MAX_AGE="60",  # as in production: a worker keeps its database connection
        CACHE_KEY_PREFIX=f"bench-{uuid.uuid4().hex}",  # apart from the site's own pages in the same cache
    )
    env.pop("CACHE_URL", None)  # the default: files every process on this machine shares
    for command in (["collectstatic", "--no-input", "-v0"], ["migrate", "--no-input", "-v0"], ["load_seed"]):
        manage(env, *command)
    manage(env, "shell", "-c", GENERATE.format(count=RELEASES))
    database = env["DATABASE_URL"].split(":")[0]
    caches = [("off", {"PAGE_CACHE_SECONDS": "0"}), ("files", {"PAGE_CACHE_SECONDS": "600"})]
    if os.environ.get("BENCH_REDIS", "1") != "0":
        if not redis_answers(REDIS_URL):
            raise SystemExit(f"No Redis at {REDIS_URL}: start one (apt-get install redis-server), set "
                             "BENCH_REDIS_URL, or leave Redis out with BENCH_REDIS=0.")
        caches.append(("redis", {"PAGE_CACHE_SECONDS": "600", "CACHE_URL": REDIS_URL}))
    print(f"pages served by gunicorn (2 workers) on {database}; wrk {CONNECTIONS} connections, "
          f"{ROUNDS}×{SECONDS}s per side, {RELEASES} generated releases; {os.cpu_count()} CPUs")
    print(f"{'page':58} {'cache':5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'bare req/s':>10} {'ratio':>6}")
    renders = []
    try:
        for name, overrides in caches:
            log = workdir / f"gunicorn-{name}.log"
            server = start_gunicorn({**env, **overrides}, PORT, workers=2, log=log)
            try:
                for path in PAGES:
                    url = f"http://127.0.0.1:{PORT}{path}"
                    body = urllib.request.urlopen(url).read()
                    digest = hashlib.sha256(path.encode()).hexdigest()[:16]
                    (bare / digest).write_bytes(body)
                    bare_url = f"http://127.0.0.1:{PORT}/__bench__/bare/{digest}"
                    urllib.request.urlopen(bare_url).read()
                    page_runs, bare_runs = [], []
                    for _ in range(ROUNDS):  # alternate, so drift on a shared machine hits both sides
                        page_runs.append(wrk(url))
                        bare_runs.append(wrk(bare_url))
                    page_rps = statistics.median(r["rps"] for r in page_runs)
                    bare_rps = statistics.median(r["rps"] for r in bare_runs)
                    p50 = statistics.median(r["p50"] for r in page_runs)
                    p99 = statistics.median(r["p99"] for r in page_runs)
                    print(f"{path[:58]:58} {name:5} {page_rps:8.0f} {p50:7.2f} {p99:7.2f} "
                          f"{bare_rps:10.0f} {page_rps / bare_rps:6.2f}", flush=True)
                if name != "off":
                    renders.append((name, render_once({**env, **overrides}, PORT, log, PAGES[0])))
            finally:
                server.terminate()
                server.wait(timeout=10)
        for name, count in renders:
            print(f"{AT_ONCE} requests at once for {PAGES[0]} after an edit, cache {name}: rendered {count} time(s)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
