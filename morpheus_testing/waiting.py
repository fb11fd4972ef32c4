"""Waiting in tests for what other threads and processes do, without sleeping.

`wait_until` checks a condition, then checks it again each time its source of changes
reports one. `committed_writes` is that source for the database: PostgreSQL notifies it
when a transaction that wrote to one of the watched tables commits, whichever process
wrote (a job worker, gunicorn, the live server's threads). A job finishing is a write to
`procrastinate_jobs`, a worker's heartbeat one to `procrastinate_workers`.
"""

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import psycopg
from psycopg import sql

T = TypeVar("T")

CHANNEL = "morpheus_test_writes"
# Only for a condition that time alone makes true (see `wait_until`).
POLL_SECONDS = 0.1

_NOTIFY_FUNCTION = """
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify({channel}, TG_TABLE_NAME);
    RETURN NULL;
END
$$
"""
_NOTIFY_TRIGGER = (
    "CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION {function}()"
)


class CommittedWrites:
    """Notifications of the watched tables' committed writes, on a LISTENing connection."""

    def __init__(self, listener: psycopg.Connection) -> None:
        self._listener = listener

    def wait(self, timeout: float) -> None:
        """Return at the next commit of a write (at once if one came since the last call),
        or after `timeout` seconds."""
        for _ in self._listener.notifies(timeout=timeout, stop_after=1):
            pass


@contextmanager
def committed_writes(database_url: str, *tables: str) -> Iterator[CommittedWrites]:
    """Each write to `tables` committed while the block runs wakes `CommittedWrites.wait`.

    A row trigger installed here sends the notification (a role owning the tables must
    connect: `database_urls["owner"]`); it is dropped on the way out, so every other test
    sees the migrations' schema. A write committed before the block is visible to the
    first check of a condition made inside it; one committed after wakes the wait.
    """
    name = sql.Identifier(f"morpheus_test_writes_{secrets.token_hex(4)}")
    with psycopg.connect(database_url, autocommit=True) as listener:
        listener.execute(
            sql.SQL(_NOTIFY_FUNCTION).format(function=name, channel=sql.Literal(CHANNEL))
        )
        try:
            for table in tables:
                listener.execute(
                    sql.SQL(_NOTIFY_TRIGGER).format(
                        trigger=name, table=sql.Identifier(table), function=name
                    )
                )
            listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
            yield CommittedWrites(listener)
        finally:
            listener.execute(sql.SQL("DROP FUNCTION {} CASCADE").format(name))


def wait_until(
    condition: Callable[[], T],
    *,
    timeout: float,
    what: str,
    changes: CommittedWrites | None = None,
) -> T:
    """What `condition()` returns once it is true: checked at once, then again each time
    `changes` reports a change. AssertionError naming `what` after `timeout` seconds.

    Without `changes` it is checked every POLL_SECONDS. That is for a condition that time
    alone makes true and nothing can announce (a killed worker's last heartbeat growing
    older than the allowed age): what a process does, it commits, so give `changes`.
    """
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"{what}: not within {timeout} s")
        if changes is None:
            time.sleep(min(POLL_SECONDS, remaining))
        else:
            changes.wait(remaining)
    return result
