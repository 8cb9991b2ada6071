"""``python manage.py …`` in a process of its own, started in a fifth of the time.

Tests that start Django with an environment of their own (a bad setting, a deploy check, a management command
beside running app servers) each paid for a new Python importing Django and the libraries the site uses. Here
one helper process imports those libraries once, without any settings (no DJANGO_SETTINGS_MODULE: an import
that read settings would fail here, not pass with the wrong ones), then forks a child for each command: the
child takes the command's environment, folder and arguments and runs manage.py as ``python manage.py`` would,
settings and apps loaded from nothing. Its exit status, output and errors come back as subprocess.run's would.

    result = run_manage(["check", "--deploy"], env={...})   # subprocess.CompletedProcess

One helper per test process (each pytest-xdist worker), started at the first command; it ends when the test
process does (its standard input closes).
"""

import atexit
import json
import os
import runpy
import select
import signal
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Imported once in the helper: what every manage.py process imports before its settings, and the heaviest
# libraries the apps import after. None reads settings or the environment when imported.
PRELOAD = [
    "django.core.management", "django.core.checks", "django.db.models", "django.http", "django.forms",
    "django.template", "django.contrib.admin", "environ", "redis", "psycopg", "markdown_it", "nh3", "icalendar",
    "PIL.Image",
]


def _exit_code(error: SystemExit) -> int:
    """What Python does with an uncaught SystemExit: None is 0, a number is itself, anything else is printed
    to stderr and gives 1 (manage.py's ``sys.exit("Configuration error: …")``)."""
    if error.code is None:
        return 0
    if isinstance(error.code, int):
        return error.code
    print(error.code, file=sys.stderr)
    return 1


def _child(request: dict, out: int, err: int) -> None:
    """In the forked child: become ``python manage.py <args>`` in the request's folder and environment."""
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    sys.stdin = open(os.devnull)  # noqa: SIM115 — the child's, until it exits
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    script = os.path.join(request["cwd"], request["argv"][0])
    sys.argv = list(request["argv"])
    sys.path[0] = os.path.dirname(os.path.abspath(script))  # as for `python manage.py`
    code = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as error:
        code = _exit_code(error)
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def serve() -> None:
    """The helper's loop: one JSON request a line on stdin, one JSON answer a line on stdout."""
    for name in PRELOAD:
        __import__(name)
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # nothing else may write on the answers' pipe
    for line in sys.stdin:
        request = json.loads(line)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(request, out.fileno(), err.fileno())
            _, status = os.waitpid(pid, 0)
            out.seek(0)
            err.seek(0)
            answer = {"returncode": os.waitstatus_to_exitcode(status),
                      "stdout": out.read().decode(errors="replace"), "stderr": err.read().decode(errors="replace")}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


class _Helper:
    def __init__(self):
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.forkserver"], cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True,
        )

    def run(self, argv: list[str], env: dict, cwd: Path, timeout: float) -> dict:
        self.process.stdin.write(json.dumps({"argv": argv, "env": env, "cwd": str(cwd)}) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            self.stop()
            raise subprocess.TimeoutExpired(argv, timeout)
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the manage.py helper stopped (status {self.process.wait()})")
        return json.loads(line)

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # the helper and any child still running
        except ProcessLookupError:
            pass
        self.process.wait()


_helper: _Helper | None = None


def run_manage(args: list[str], *, env: dict, cwd: Path = ROOT, timeout: float = 60,
               check: bool = False) -> subprocess.CompletedProcess:
    """``python manage.py *args`` with ``env`` as its whole environment, in a forked child of the helper."""
    global _helper
    if _helper is None or _helper.process.poll() is not None:
        _helper = _Helper()
        atexit.register(_helper.stop)
    argv = ["manage.py", *args]
    try:
        answer = _helper.run(argv, env, cwd, timeout)
    except subprocess.TimeoutExpired:
        _helper = None
        raise
    result = subprocess.CompletedProcess(argv, answer["returncode"], answer["stdout"], answer["stderr"])
    if check:
        result.check_returncode()
    return result


if __name__ == "__main__":
    serve()
