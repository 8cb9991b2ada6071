"""Does the sign-up form's answer tell whether an address is registered? Time it for new and known addresses.

    make bench-sign-up
    BENCH_N=300 DATABASE_URL=postgres://postgres@127.0.0.1:5432/pressroom_bench make bench-sign-up

Starts one gunicorn server on 127.0.0.1 (one sync worker, the immediate task backend as on a
small site: emails are built and written by the web process, with the file email backend), with a
press conference that has one registrant holding a place and one whose address is not yet
confirmed. Then posts the sign-up form BENCH_N times for each of three addresses, in shuffled
order: a new address each time, the pending one, and the one holding a place. Each post is timed
from sending the request to reading the whole answer (a redirect to "check your email"), as the
person, or someone probing addresses, sees it. Before each timed post an untimed request waits for
the worker to be idle, so that work left from the previous post (the email, built after the
answer) is not counted in the next one.

Prints the median and 90th percentile of each, and the ratios of the known addresses' medians to
the new address's: close to 1 means the timing does not tell them apart. Exits 0 either way.

The database is SQLite in a temporary folder unless DATABASE_URL is set (a PostgreSQL database is
created if missing and never dropped; the benchmark's press conference is deleted at the end).
"""

import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import common
from common import ensure_postgres_database, event_script, manage, production_env, start_gunicorn

N = int(os.environ.get("BENCH_N", "150"))
PORT = int(os.environ.get("BENCH_PORT", "8821"))
SLUG = f"bench-sign-up-{int(time.time())}"

# After the press conference: its display zones, one registrant holding a place and one not yet confirmed.
THEN = """
DisplayZone.objects.create(event=event, order=1, label="", place="London, UK", timezone="Europe/London")
DisplayZone.objects.create(event=event, order=2, label="ALMT", place="Almaty, Kazakhstan", timezone="Asia/Almaty")
common = dict(event=event, organisation="Benchmark Times", role="journalist", attendance="in_person",
              consented_at=timezone.now())
Registration.objects.create(name="Holder", email="holder@bench.example", status="confirmed",
                            confirmed_at=timezone.now(), **common)
Registration.objects.create(name="Pending", email="pending@bench.example", **common)
"""

DELETE = "from events.models import Event; Event.objects.filter(slug={slug!r}).delete()"


def request(method: str, path: str, **kwargs) -> tuple[int, dict, str, float]:
    """One request to the server; its status, headers, body and the seconds until the body was read."""
    return common.request(PORT, method, path, **kwargs)


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-sign-up-"))
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'db.sqlite3'}"
    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    env = production_env(workdir, DATABASE_URL=database_url, EMAIL_URL=f"file://{mail_dir}",
                         TASKS_BACKEND="immediate", REGISTRATION_RATE="0", PAGE_CACHE_SECONDS="0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_seed", "-v0")
    manage(env, "shell", "-c", event_script(
        SLUG, created_by="bench/sign_up.py", attendance="mixed", venue_name="Hall", online_platform="Zoom",
        join_url="https://meet.example.org/bench", in_person_capacity=100, then=THEN))
    server = start_gunicorn(env, PORT, workers=1, log=workdir / "server.log")
    path = f"/events/{SLUG}/register/"
    try:
        status, headers, page, _elapsed = request("GET", path)
        assert status == 200, status
        cookie = "csrftoken=" + re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

        def post(address: str) -> float:
            request("GET", "/robots.txt")  # untimed: waits until the worker has finished the last post's email
            form = {"csrfmiddlewaretoken": token, "name": "Ann Reporter", "email": address,
                    "organisation": "The Paper", "role": "journalist", "attendance": "in_person", "consent": "on"}
            status, _headers, _page, elapsed = request("POST", path, body=form, cookie=cookie)
            assert status == 302, f"{address}: {status}"
            return elapsed

        for address in ("warm-up@bench.example", "holder@bench.example", "pending@bench.example"):
            post(address)
        times = {"new": [], "pending": [], "holds a place": []}
        rng = random.Random(11)
        for round_ in range(N):
            kinds = list(times)
            rng.shuffle(kinds)
            for kind in kinds:
                address = {"new": f"new-{round_}@bench.example", "pending": "pending@bench.example",
                           "holds a place": "holder@bench.example"}[kind]
                times[kind].append(post(address))
        request("GET", "/robots.txt")

        sent = sum(1 for _file in mail_dir.iterdir())
        engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
        print(f"Sign-up form, {N} posts per address kind; one gunicorn sync worker, immediate task backend, "
              f"{engine}; {sent} email files written")
        medians = {kind: statistics.median(values) * 1000 for kind, values in times.items()}
        for kind, values in times.items():
            p90 = sorted(values)[int(len(values) * 0.9)] * 1000
            print(f"  {kind:<14} median {medians[kind]:6.2f} ms   p90 {p90:6.2f} ms")
        for kind in ("pending", "holds a place"):
            print(f"  ratio {kind} / new: {medians[kind] / medians['new']:.2f}")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=15)
        if database_url.startswith("postgres"):
            manage(env, "shell", "-c", DELETE.format(slug=SLUG))
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
