"""`make upgrade-check`: a database made by the previous release migrates to this code.

The previous release's code (the commit in ops/previous_release) migrates a fresh
embedded database and fills it: the demo catalogue and an order in every status. Then
this checkout migrates the same database, serves it the `make run` way (web, worker,
localstripe) and buys a comic end to end with `demo_purchase`; the old orders must all
still be there in their statuses.
"""

import collections
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from ops import local_stack as stack
from ops.local_stack import BASE_DIR

PREVIOUS_RELEASE = BASE_DIR / "ops" / "previous_release"
DATABASE = "morpheus_upgrade"
READY_LINE = "Ctrl-C stops"
STARTUP_TIMEOUT_SECONDS = 300

# Demo comics (they have files), so the fulfilment jobs of the paid orders succeed.
ORDERS_IN_EVERY_STATUS = """
from catalog.models import Comic
from orders.transitions import OrderStatus
from morpheus_testing.factories import create_order
comic = Comic.objects.filter(assets__isnull=False).order_by("pk").first()
for status in OrderStatus.values:
    create_order(comics=[comic], status=status)
"""
STATUS_COUNTS = """
from django.db.models import Count
from morpheus.db_context import system_scope
from orders.models import Order
with system_scope():
    print(sorted(Order.objects.values_list("status").annotate(n=Count("id"))))
"""


def previous_release() -> str:
    return PREVIOUS_RELEASE.read_text().split()[0]


def export_tree(commit: str, destination: Path) -> Path:
    """The files of `commit`, without touching this checkout or its worktrees."""
    destination.mkdir(parents=True)
    archive = subprocess.run(  # noqa: S603 - git with a recorded commit
        ["git", "-C", str(BASE_DIR), "archive", commit],  # noqa: S607
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive, check=True)  # noqa: S603, S607
    return destination


def serve(env: dict[str, str], log: collections.deque) -> subprocess.Popen:
    """This checkout's `make run`, up to the line saying it serves; its later output
    goes to `log`."""
    process = subprocess.Popen(
        [sys.executable, "-m", "morpheus_testing.devserver"],
        env=env,
        cwd=BASE_DIR,
        text=True,
        stdout=subprocess.PIPE,
    )
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    for line in process.stdout:
        print(f"  | {line}", end="")
        if READY_LINE in line:
            threading.Thread(target=log.extend, args=(process.stdout,), daemon=True).start()
            return process
        if time.monotonic() > deadline:
            break
    process.terminate()
    raise SystemExit("the upgraded app did not start")


def main() -> None:
    started = time.monotonic()
    commit = previous_release()
    with stack.scratch_folder("morpheus-upgrade-") as work:
        env = {
            **os.environ,
            **stack.fresh_database(work, DATABASE),
            "SECRET_KEY": "upgrade-check-only-" + "0" * 40,
            "SECURE_COOKIES": "false",
            "LOG_LEVEL": "WARNING",
            "PORT": str(stack.free_port()),
            "LOCALSTRIPE_PORT": str(stack.free_port()),
        }
        owner_env = stack.as_owner(env)

        old = export_tree(commit, work / "previous")
        print(f"previous release {commit[:12]}: migrate, demo data, an order in every status")
        stack.manage(old, owner_env, "migrate", "--no-input")
        stack.manage(old, env, "seed_demo")
        stack.manage(old, env, "shell", "-v", "0", "-c", ORDERS_IN_EVERY_STATUS)
        before = stack.manage(old, env, "shell", "-v", "0", "-c", STATUS_COUNTS)

        print("this checkout: migrate, serve, buy a comic")
        stack.manage(BASE_DIR, owner_env, "migrate", "--no-input")
        stack.manage(BASE_DIR, owner_env, "migrate", "--check")
        after = stack.manage(BASE_DIR, env, "shell", "-v", "0", "-c", STATUS_COUNTS)
        if after != before:
            raise SystemExit(f"orders changed in the upgrade: {before} -> {after}")
        app_log: collections.deque = collections.deque(maxlen=200)
        app = serve(env, app_log)
        try:
            purchase = stack.demo_purchase(env)
        finally:
            app.terminate()
            app.wait()
        if not stack.purchase_completed(purchase):
            print("".join(f"  | {line}" for line in app_log))
            raise SystemExit("the purchase on the upgraded database did not complete")
    print(f"upgrade from {commit[:12]} OK in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
