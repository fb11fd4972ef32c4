"""`make bench`: every benchmark, one after the other, three rounds, then one table.

Each benchmark runs in its own interpreter (each sets up Django its own way) and hands back
its rows as JSON on its last line. The webhook and download benchmarks share one embedded
PostgreSQL (or `--admin-url`); the staff list and the CSV export keep their 200,000 orders
in their own server (`var/admin-bench-pgdata`, seeded once); stamping needs no database.
Each line shows the round with the median ratio, the spread of the ratio over the rounds, and
in how many rounds the goal was met; a goal counts as met when it was met in every round.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import ROOT, Row, admin_url_or_embedded, print_rounds

BENCHMARKS = ("webhooks", "downloads", "admin_list", "csv_export", "stamping")
ON_SHARED_SERVER = {"webhooks", "downloads"}
ROWS_MARKER = "BENCH-ROWS "
RUN_ONE = """
import json, sys
from dataclasses import asdict
from benchmarks import {name} as benchmark
rows = benchmark.measure(**({{"admin_url": sys.argv[1]}} if len(sys.argv) > 1 else {{}}))
print({marker!r} + json.dumps([asdict(row) for row in rows]))
"""


def run_one(name: str, admin_url: str) -> list[Row]:
    script = RUN_ONE.format(name=name, marker=ROWS_MARKER)
    arguments = [admin_url] if name in ON_SHARED_SERVER else []
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", script, *arguments],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    (line,) = [line for line in result.stdout.splitlines() if line.startswith(ROWS_MARKER)]
    return [Row(**fields) for fields in json.loads(line.removeprefix(ROWS_MARKER))]


def describe_machine() -> str:
    cores = len(os.sched_getaffinity(0))
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return f"{platform.machine()}, {cores} cores, Python {platform.python_version()}, load {load}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", help="a superuser URL; default: an embedded server")
    parser.add_argument("--only", nargs="*", choices=BENCHMARKS, default=list(BENCHMARKS))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="morpheus-bench-all-"))
    admin_url, embedded = admin_url_or_embedded(args.admin_url, workdir)
    print(f"machine before: {describe_machine()}")
    rounds: list[list[Row]] = []
    try:
        for number in range(1, args.rounds + 1):
            rounds.append([row for name in args.only for row in run_one(name, admin_url)])
            print(f"round {number} done: {describe_machine()}", flush=True)
    finally:
        if embedded is not None:
            embedded.cleanup()
    if not print_rounds(rounds):
        sys.exit(1)


if __name__ == "__main__":
    main()
