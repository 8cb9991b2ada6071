"""HTTP benchmark: public pages served by gunicorn, as a ratio to a bare Django view.

    make bench                       # SQLite in a temporary folder
    DATABASE_URL=postgres://... make bench

Serves the app with gunicorn (2 workers, DEBUG off) on 127.0.0.1, loads the
seed plus generated content, then for each page alternates wrk runs against
the page and against a bare view in the same app returning the same bytes
(same middleware, no database or template work). Prints requests per second,
p50/p99 latency and the page's throughput as a ratio to the bare view, with
the page cache off and on. Ratios, not absolute figures, are what compare
across machines: both sides are measured in the same run.
"""

import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from common import manage, production_env, start_gunicorn

PORT = int(os.environ.get("BENCH_PORT", "8799"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
RELEASES = int(os.environ.get("BENCH_RELEASES", "200"))
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
    )
    for command in (["collectstatic", "--no-input", "-v0"], ["migrate", "--no-input", "-v0"], ["load_seed"]):
        manage(env, *command)
    manage(env, "shell", "-c", GENERATE.format(count=RELEASES))
    database = env["DATABASE_URL"].split(":")[0]
    print(f"pages served by gunicorn (2 workers) on {database}; wrk {CONNECTIONS} connections, "
          f"{ROUNDS}×{SECONDS}s per side, {RELEASES} generated releases; {os.cpu_count()} CPUs")
    print(f"{'page':58} {'cache':5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'bare req/s':>10} {'ratio':>6}")
    try:
        for cached in (False, True):
            server = start_gunicorn({**env, "PAGE_CACHE_SECONDS": "600" if cached else "0"}, PORT, workers=2)
            try:
                for path in PAGES:
                    url = f"http://127.0.0.1:{PORT}{path}"
                    body = urllib.request.urlopen(url).read()
                    name = hashlib.sha256(path.encode()).hexdigest()[:16]
                    (bare / name).write_bytes(body)
                    bare_url = f"http://127.0.0.1:{PORT}/__bench__/bare/{name}"
                    urllib.request.urlopen(bare_url).read()
                    page_runs, bare_runs = [], []
                    for _ in range(ROUNDS):  # alternate, so drift on a shared machine hits both sides
                        page_runs.append(wrk(url))
                        bare_runs.append(wrk(bare_url))
                    page_rps = statistics.median(r["rps"] for r in page_runs)
                    bare_rps = statistics.median(r["rps"] for r in bare_runs)
                    p50 = statistics.median(r["p50"] for r in page_runs)
                    p99 = statistics.median(r["p99"] for r in page_runs)
                    print(f"{path[:58]:58} {'on' if cached else 'off':5} {page_rps:8.0f} {p50:7.2f} {p99:7.2f} "
                          f"{bare_rps:10.0f} {page_rps / bare_rps:6.2f}", flush=True)
            finally:
                server.terminate()
                server.wait(timeout=10)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
