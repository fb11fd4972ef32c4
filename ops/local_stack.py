"""Pieces shared by the checks that run the app the way a server does (upgrade, prod)."""

import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from morpheus_testing.embedded_db import (
    Roles,
    ensure_database,
    ensure_roles,
    role_url,
    start_embedded_server,
    stop_embedded_server,
)

BASE_DIR = Path(__file__).resolve().parent.parent
# A loaded CI machine can take longer than demo_purchase's defaults for webhook and job.
PATIENT = ("--timeout", "120", "--fulfilment-timeout", "120")


@contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder for a check's files and its `fresh_database`, whose server is
    stopped before the folder goes: removed first, it left the server running with its data
    deleted under it, long after the check."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        work = Path(folder)
        try:
            yield work
        finally:
            stop_embedded_server(work / "pgdata")


def fresh_database(work: Path, database: str) -> dict[str, str]:
    """An embedded server under `work` (stopped and deleted when `scratch_folder` ends, or
    when this process exits) with the app's roles and an empty database: the variables that
    point the app at it."""
    admin_url = start_embedded_server(work / "pgdata", keep_data=False)
    roles = Roles()
    ensure_roles(admin_url, roles)
    ensure_database(admin_url, database, owner=roles.owner)
    return {
        "MORPHEUS_VAR_DIR": str(work / "var"),
        "DATABASE_URL": role_url(
            admin_url, user=roles.app, password=roles.password, database=database
        ),
        "DATABASE_OWNER_URL": role_url(
            admin_url, user=roles.owner, password=roles.password, database=database
        ),
        "DATABASE_WORKER_URL": role_url(
            admin_url, user=roles.worker, password=roles.password, database=database
        ),
    }


def as_owner(env: dict[str, str]) -> dict[str, str]:
    """For migrations: the tables' owner instead of the app role."""
    return {**env, "DATABASE_URL": env["DATABASE_OWNER_URL"]}


def as_worker(env: dict[str, str]) -> dict[str, str]:
    """For the job worker: its own role instead of the app role."""
    return {**env, "DATABASE_URL": env["DATABASE_WORKER_URL"]}


def manage(tree: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - a checkout's own manage.py
        [sys.executable, str(tree / "manage.py"), *args],
        env=env,
        cwd=tree,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    )
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def demo_purchase(env: dict[str, str]) -> subprocess.CompletedProcess:
    """`make demo-purchase` beside a running app: card 4242, webhook, fulfilment."""
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "morpheus_testing.devserver", "manage", "demo_purchase", *PATIENT],
        env=env,
        cwd=BASE_DIR,
        text=True,
        stdout=subprocess.PIPE,
        check=False,
    )


def purchase_completed(purchase: subprocess.CompletedProcess) -> bool:
    print(purchase.stdout)
    return purchase.returncode == 0 and "(now fulfilled)" in purchase.stdout
