"""`make test`'s wall time against the suite as it stood before it ran on every CPU, measured in the same run.

    make bench-suite          # BENCH_ROUNDS=2: baseline, this checkout, baseline, this checkout

The baseline is commit 0741a8d (846 tests, run in one process, as `make test` ran them then), checked out in a
temporary folder and run with this checkout's .venv; rounds alternate the two so that a machine whose speed
drifts (these are shared) weighs on both alike. Both keep Python's bytecode between rounds, as Python does unless
PYTHONDONTWRITEBYTECODE is set (`make test` keeps it even then), and both start without any: this checkout's
__pycache__ folders are emptied first. Prints each run's time and the suite's last line, then the ratio of the
medians (this checkout over the baseline).
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "0741a8d"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    elapsed = time.perf_counter() - started
    last = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    if result.returncode != 0:
        sys.exit(f"{cwd}: the suite failed ({last}); its time would mean nothing")
    return elapsed, last


def main() -> None:
    python = str(ROOT / ".venv" / "bin" / "python")
    for folder in [*ROOT.glob("__pycache__"), *ROOT.glob("[!.]*/**/__pycache__")]:  # the project's, not .venv's
        shutil.rmtree(folder)
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as folder:
        baseline = Path(folder) / "baseline"
        subprocess.run(["git", "worktree", "add", "--quiet", "--detach", str(baseline), BASELINE], cwd=ROOT,
                       check=True)
        try:
            for shared in (".venv", "node_modules"):
                if (ROOT / shared).exists():
                    (baseline / shared).symlink_to(ROOT / shared)
            runs = {"baseline": [], "this checkout": []}
            for round_ in range(1, ROUNDS + 1):
                for name, command, cwd in [
                    ("baseline", [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], baseline),
                    ("this checkout", ["make", "-s", "test", "PYTEST_ARGS=-q -p no:cacheprovider"], ROOT),
                ]:
                    elapsed, last = timed(command, cwd)
                    runs[name].append(elapsed)
                    print(f"round {round_} {name:13} {elapsed:6.1f} s  {last}", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT, check=True)
    medians = {name: statistics.median(times) for name, times in runs.items()}
    print(f"median: baseline {medians['baseline']:.1f} s, this checkout {medians['this checkout']:.1f} s; "
          f"ratio {medians['this checkout'] / medians['baseline']:.2f}")


if __name__ == "__main__":
    main()
