"""Production processes for fault tests: job workers (`manage.py procrastinate worker`) and
gunicorn, each a real OS process on the test database as the app role.

Their settings come from the environment, as in production: the test's own `settings`
overrides do not reach them.
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60


def process_env(database_url: str, **settings: str) -> dict[str, str]:
    """The test run's environment, on `database_url`, with `settings` added."""
    return {**os.environ, "DATABASE_URL": database_url, **settings}


def start_worker(env: dict[str, str], *args: str) -> subprocess.Popen:
    """`python manage.py procrastinate worker ARGS` (it runs until stopped or killed)."""
    return subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "procrastinate", "worker", *args], cwd=ROOT, env=env
    )


def stop(process: subprocess.Popen) -> None:
    """Ask it to stop (SIGTERM), kill it if it does not within 15 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def gunicorn(env: dict[str, str], *, port: int, workers: int) -> Iterator[str]:
    """`gunicorn morpheus.wsgi` (sync workers, the project's gunicorn.conf.py); yields its
    base URL once /healthz answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "morpheus.wsgi"],
        cwd=ROOT,
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_listening(base_url, server)
        yield base_url
    finally:
        stop(server)


def _wait_until_listening(base_url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            requests.get(base_url + "/healthz", timeout=STARTUP_SECONDS)
            return
        except requests.ConnectionError:
            time.sleep(0.1)  # an external process is still starting to listen
    raise TimeoutError("gunicorn did not start")
