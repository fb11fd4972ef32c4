"""Fresh Python processes for the tests that need one (settings read from the environment,
a refusal at start), forked from a process that has already imported the libraries each of
them imports: of a `manage.py check`'s 1.5 CPU-seconds, 0.7 are those imports.

A forked process starts as `python manage.py ...` or `python -c ...` would: its own
environment, working directory and arguments, Django not yet set up, no settings read and
none of the project's modules imported; only the libraries in `PRELOADED`, none of which
reads the environment when imported. `python -m morpheus_testing.forkserver` is the server
(one per test process, started on first use); `run_python` asks it, as `subprocess.run`
would run `[sys.executable, *args]`.
"""

import atexit
import importlib
import json
import os
import runpy
import select
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRELOADED = (
    "aiohttp",
    "boto3",
    "django.core.management",
    "django.db.models",
    "django.forms",
    "django.http",
    "django.template",
    "django.urls",
    "fpdf",
    "procrastinate",
    "psycopg",
    "stripe",
)


def run_python(
    *args: str, cwd: Path = ROOT, env: dict[str, str], timeout: float = 120, check: bool = False
) -> subprocess.CompletedProcess:
    """`subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
    text=True, timeout=timeout, check=check)` for `manage.py ...` or `-c CODE`."""
    with tempfile.TemporaryDirectory(prefix="morpheus-fork-") as folder:
        stdout, stderr = Path(folder, "stdout"), Path(folder, "stderr")
        request = {"args": args, "cwd": str(cwd), "env": env, "timeout": timeout}
        returncode = _server().run({**request, "out": str(stdout), "err": str(stderr)})
        result = subprocess.CompletedProcess(
            [sys.executable, *args], returncode, stdout.read_text(), stderr.read_text()
        )
    if check:
        result.check_returncode()
    return result


class _Server:
    def __init__(self) -> None:
        self._process = subprocess.Popen(  # noqa: S603 (this interpreter, this module)
            [sys.executable, "-m", __name__],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._lock = threading.Lock()
        atexit.register(self._process.kill)

    def run(self, request: dict) -> int:
        with self._lock:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            answer = json.loads(self._process.stdout.readline())
        if answer["timed_out"]:
            raise subprocess.TimeoutExpired(request["args"], request["timeout"])
        return answer["returncode"]


_servers: dict[int, _Server] = {}


def _server() -> _Server:
    """This process's server (a forked test process starts its own)."""
    if os.getpid() not in _servers:
        _servers[os.getpid()] = _Server()
    return _servers[os.getpid()]


def _serve() -> None:
    for module in PRELOADED:
        importlib.import_module(module)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become(request)
        with os.fdopen(os.pidfd_open(pid)) as exited:
            timed_out = not select.select([exited], [], [], request["timeout"])[0]
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        returncode = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        sys.stdout.write(json.dumps({"returncode": returncode, "timed_out": timed_out}) + "\n")
        sys.stdout.flush()


def _become(request: dict) -> None:
    """In the forked child: run the request as `python ARGS` would, then exit."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    for fd, path in ((0, os.devnull), (1, request["out"]), (2, request["err"])):
        os.dup2(os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC), fd)
    args = request["args"]
    if args[0] == "-c":
        sys.argv, sys.path[0] = ["-c", *args[2:]], ""
    else:
        sys.argv, sys.path[0] = list(args), str(Path(request["cwd"], args[0]).parent)
    os._exit(_exit_code(args))


def _exit_code(args: list[str]) -> int:
    try:
        if args[0] == "-c":
            exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102
        else:
            runpy.run_path(args[0], run_name="__main__")
        code = 0
    except SystemExit as exit_:
        code = _system_exit_code(exit_)
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def _system_exit_code(exit_: SystemExit) -> int:
    """What the interpreter makes of an uncaught SystemExit."""
    if exit_.code is None or isinstance(exit_.code, int):
        return exit_.code or 0
    print(exit_.code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    _serve()
