"""The staff CSV export of every order: the memory of the worker serving it.

    python -m benchmarks.csv_export [--count 200000] [--admin-url postgres://...]

Uses the order list benchmark's database (seeded by `benchmarks.seeding` up to --count orders,
see benchmarks/admin_list.py), starts gunicorn with one sync worker and a staff session,
warms the worker with the order list and an export that matches nothing, and reads its peak
resident memory (VmHWM): the idle worker. Then it downloads the export of every order and
reads the worker's peak again.
"""

import argparse
import os
import time
from pathlib import Path

import requests

from benchmarks.admin_list import PGDATA, prepare
from benchmarks.harness import (
    Row,
    free_port,
    print_table,
    settings_for_this_process,
    start_gunicorn,
)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def _only_worker(master_pid: int) -> int:
    (child,) = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return int(child)


def _staff_session_cookie() -> tuple[str, str]:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from morpheus.db_context import system_scope

    with system_scope():
        staff, _ = get_user_model().objects.get_or_create(
            username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
        )
    client = Client()
    client.force_login(staff)
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


def _download(session: requests.Session, url: str) -> tuple[int, float]:
    """Rows received (the header excluded) and seconds taken."""
    started, lines = time.monotonic(), 0
    with session.get(url, stream=True, timeout=600) as response:
        response.raise_for_status()
        for chunk in response.iter_content(chunk_size=65536):
            lines += chunk.count(b"\n")
    return lines - 1, time.monotonic() - started


def measure(admin_url: str | None = None, count: int = 200_000) -> list[Row]:
    settings_for_this_process()
    from morpheus_testing.embedded_db import start_embedded_server

    admin_url = admin_url or start_embedded_server(PGDATA, keep_data=True)
    os.environ["DATABASE_URL"] = prepare(admin_url, count)["app"]
    cookie = _staff_session_cookie()
    port = free_port()
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_TIMEOUT": "600",  # one sync worker streams the whole export
        "GUNICORN_CMD_ARGS": "--access-logfile /dev/null",
    }
    server = start_gunicorn(
        "morpheus.wsgi", workers=1, port=port, env=env, probe_path="/admin/login/"
    )
    try:
        worker = _only_worker(server.pid)
        base = f"http://127.0.0.1:{port}/admin/orders/order/"
        with requests.Session() as session:
            session.cookies.set(*cookie)
            session.get(base, timeout=60).raise_for_status()
            _download(session, f"{base}export.csv?q=nobody-at-all@example.invalid")
            idle = _peak_rss_mb(worker)
            rows, seconds = _download(session, f"{base}export.csv")
            peak = _peak_rss_mb(worker)
    finally:
        server.terminate()
        server.wait()
    print(f"CSV export: {rows} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)")
    return [
        Row(
            f"CSV export, {rows:,} orders: worker peak RSS vs idle",
            peak,
            idle,
            unit="MB",
            goal_ratio=1.5,
            higher_is_better=False,
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--admin-url", default="")
    args = parser.parse_args()
    print_table(measure(args.admin_url or None, args.count))


if __name__ == "__main__":
    main()
