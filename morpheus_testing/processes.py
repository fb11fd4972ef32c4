"""Production processes for fault tests: job workers (`manage.py procrastinate worker`) and
gunicorn, each a real OS process on the test database, gunicorn as the app role and the
workers as theirs (`database_urls["worker"]`).

Their settings come from the environment, as in production: the test's own `settings`
overrides do not reach them.
"""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
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
def gunicorn(env: dict[str, str], *, workers: int) -> Iterator[str]:
    """`gunicorn morpheus.wsgi` (sync workers, the project's gunicorn.conf.py); yields its
    base URL once /healthz answers.

    It serves a socket this process opened and listens on (`fd://`), so a request sent
    while gunicorn is starting waits in the socket's queue instead of being refused."""
    with socket.create_server((HOST, 0)) as listening:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "morpheus.wsgi"],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"fd://{listening.fileno()}",
                "WEB_CONCURRENCY": str(workers),
            },
            pass_fds=[listening.fileno()],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base_url = f"http://{HOST}:{listening.getsockname()[1]}"
    try:
        _wait_until_answering(base_url)
        yield base_url
    finally:
        stop(server)


def _wait_until_answering(base_url: str) -> None:
    try:
        requests.get(base_url + "/healthz", timeout=STARTUP_SECONDS)
    except requests.ConnectionError as exc:
        raise RuntimeError("gunicorn did not start: it closed the socket") from exc
