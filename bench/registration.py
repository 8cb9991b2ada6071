"""Registration under load: N confirmations at once, through two app servers, for fewer seats.

    make bench-registration
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pressroom_bench BENCH_N=200 BENCH_SEATS=50 make bench-registration

Starts two gunicorn servers on 127.0.0.1 (BENCH_WORKERS sync workers each)
against one PostgreSQL database, creates a press conference with BENCH_SEATS
in-person seats, registers BENCH_N people through the form, reads their
confirmation links from the emails (file backend), opens each confirmation
page, then fires all N confirmations at the same moment, alternating between
the two servers. Prints the confirmation throughput and latency, and as its
last line ``confirmed=C waitlisted=W errors=E lost=L`` read back from the
database (lost: registrations neither confirmed nor waitlisted). Exits
non-zero if the room was overbooked, anything was lost, or a request failed.

The database is created if missing and never dropped; the benchmark's own
press conference (and its registrations) is deleted at the end unless
BENCH_KEEP=1. The rate limit is off (REGISTRATION_RATE=0): every request
comes from 127.0.0.1. Emails go through the immediate task backend, so each
confirmation request also builds and writes its email (with the .ics): the
slower case; with TASKS_BACKEND=database the request only queues it.
"""

import email
import email.policy
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import common
from common import ensure_postgres_database, event_script, manage, production_env, start_gunicorn

N = int(os.environ.get("BENCH_N", "200"))
SEATS = int(os.environ.get("BENCH_SEATS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
PORTS = [int(os.environ.get("BENCH_PORT", "8811")), int(os.environ.get("BENCH_PORT", "8811")) + 1]
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pressroom_bench")
SLUG = f"bench-registration-{int(time.time())}"

COUNT = """
from collections import Counter
from events.models import Registration
counts = Counter(Registration.objects.filter(event__slug={slug!r}).values_list("status", flat=True))
print(" ".join(f"{{k}}={{v}}" for k, v in sorted(counts.items())))
"""

DELETE = "from events.models import Event; Event.objects.filter(slug={slug!r}).delete()"


def request(port: int, method: str, path: str, **kwargs) -> tuple[int, dict, str]:
    status, headers, page, _elapsed = common.request(port, method, path, timeout=120, **kwargs)
    return status, headers, page


def csrf_of(headers: dict, page: str) -> tuple[str, str]:
    """The CSRF cookie to send back and the form's token."""
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return f"csrftoken={cookie}", token


def register(index: int) -> int:
    port = PORTS[index % 2]
    path = f"/events/{SLUG}/register/"
    status, headers, page = request(port, "GET", path)
    if status != 200:
        return status
    cookie, token = csrf_of(headers, page)
    form = {"csrfmiddlewaretoken": token, "name": f"Reporter {index}", "email": f"reporter{index}@bench.example",
            "organisation": "Benchmark Times", "role": "journalist", "attendance": "in_person", "consent": "on"}
    status, _headers, _page = request(port, "POST", path, body=form, cookie=cookie)
    return status


def confirmation_paths(mail_dir: Path) -> list[str]:
    """Every confirmation link in the emails written by the file backend."""
    paths = []
    separator = re.compile(r"^-{79}$", re.M)
    for file in sorted(mail_dir.iterdir()):
        for raw in separator.split(file.read_text()):
            if not raw.strip():
                continue
            message = email.message_from_string(raw.strip() + "\n", policy=email.policy.default)
            body = message.get_body(preferencelist=("plain",))
            found = re.search(r"https?://[^/\s]+(/events/[^/\s]+/confirm/[^/\s]+/)", body.get_content())
            if found:
                paths.append(found.group(1))
    return paths


def prepare_confirmation(index: int, path: str) -> dict:
    """Open the confirmation page (as the registrant does) to get the form's CSRF token."""
    port = PORTS[index % 2]
    status, headers, page = request(port, "GET", path)
    if status != 200:
        return {"port": port, "path": path, "error": status}
    cookie, token = csrf_of(headers, page)
    return {"port": port, "path": path, "cookie": cookie, "token": token}


def main() -> int:
    if not DATABASE_URL.startswith("postgres"):
        raise SystemExit(f"DATABASE_URL must be PostgreSQL (two app servers share one database), not {DATABASE_URL!r}")
    ensure_postgres_database(DATABASE_URL)
    workdir = Path(tempfile.mkdtemp(prefix="bench-registration-"))
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    env = production_env(
        workdir, DATABASE_URL=DATABASE_URL, EMAIL_URL=f"file://{mail_dir}", TASKS_BACKEND="immediate",
        REGISTRATION_RATE="0",
    )
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_seed", "-v0")
    manage(env, "shell", "-c", event_script(SLUG, created_by="bench/registration.py", attendance="in_person",
                                             in_person_capacity=SEATS))
    log = workdir / "servers.log"
    # The servers' output (one INFO line per email task, and any error) goes to a file, shown if a request failed.
    servers = [
        start_gunicorn(env, port, workers=WORKERS, args=["--backlog", "2048", "--timeout", "120"], log=log)
        for port in PORTS
    ]
    try:
        print(f"{N} registrations for {SEATS} seats; two gunicorn servers ({WORKERS} sync workers each) on "
              f"127.0.0.1:{PORTS[0]} and :{PORTS[1]}; PostgreSQL {urllib.parse.urlsplit(DATABASE_URL).path[1:]}; "
              f"{os.cpu_count()} CPUs", flush=True)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(register, range(N)))
        register_errors = sum(status != 302 for status in statuses)
        print(f"registered {N - register_errors} of {N} through the form in {time.perf_counter() - started:.1f}s",
              flush=True)

        paths = confirmation_paths(mail_dir)
        with ThreadPoolExecutor(max_workers=16) as pool:
            prepared = list(pool.map(prepare_confirmation, range(len(paths)), paths))
        ready = [p for p in prepared if "error" not in p]
        print(f"{len(paths)} confirmation emails read; {len(ready)} confirmation pages opened", flush=True)

        barrier = threading.Barrier(len(ready) + 1)
        results: list[tuple[int, float]] = []
        lock = threading.Lock()

        def fire(item):
            barrier.wait()
            began = time.perf_counter()
            try:
                status, _headers, _page = request(item["port"], "POST", item["path"],
                                                  body={"csrfmiddlewaretoken": item["token"]}, cookie=item["cookie"])
            except OSError:
                status = 0
            with lock:
                results.append((status, time.perf_counter() - began))

        threads = [threading.Thread(target=fire, args=(item,)) for item in ready]
        for thread in threads:
            thread.start()
        barrier.wait()
        fired = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - fired

        latencies = sorted(duration * 1000 for _status, duration in results)
        confirm_errors = sum(status != 302 for status, _duration in results)
        print(f"{len(ready)} confirmations fired at once: {elapsed:.2f}s, {len(ready) / elapsed:.0f} confirmations/s; "
              f"latency p50 {statistics.median(latencies):.0f} ms, "
              f"p99 {latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]:.0f} ms, "
              f"max {latencies[-1]:.0f} ms", flush=True)

        last_line = manage(env, "shell", "-c", COUNT.format(slug=SLUG)).strip().splitlines()[-1]
        counts = dict(pair.split("=") for pair in last_line.split())
        confirmed, waitlisted = int(counts.get("confirmed", 0)), int(counts.get("waitlisted", 0))
        errors = register_errors + (len(paths) - len(ready)) + confirm_errors
        lost = N - confirmed - waitlisted
        if errors:
            errors_logged = [line for line in log.read_text().splitlines() if "ERROR" in line or "Traceback" in line]
            print("server errors:", *errors_logged[-20:], sep="\n  ")
        if not os.environ.get("BENCH_KEEP"):
            manage(env, "shell", "-c", DELETE.format(slug=SLUG))
        print(f"confirmed={confirmed} waitlisted={waitlisted} errors={errors} lost={lost}")
        return 0 if (confirmed == min(SEATS, N) and errors == 0 and lost == 0) else 1
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
