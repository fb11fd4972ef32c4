"""Transactions that succeed or fail as a whole."""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Inside an open transaction: the nested `transaction.atomic()` blocks of the code run
    here make no savepoints (a round trip each to make, another to release). A block that
    raises then dooms the whole transaction instead of rolling back to its savepoint, so
    use it only where nothing catches an exception from a nested block and carries on:
    a webhook's processing, which answers 500 and rolls back on any error."""
    if not connection.in_atomic_block:
        raise RuntimeError("all_or_nothing() runs inside a transaction.")
    features = connection.features
    if "uses_savepoints" in features.__dict__:
        yield
        return
    features.uses_savepoints = False
    try:
        yield
    finally:
        del features.uses_savepoints


@contextmanager
def prepared_statements() -> Iterator[None]:
    """In the block, the default connection binds parameters on the server, and SQL it has
    run before is prepared: PostgreSQL keeps it parsed and planned for the connection's
    next runs (Django's default sends every statement as text, parsed and planned again).
    For a hot path whose statements repeat on persistent connections (`CONN_MAX_AGE`); a
    fresh connection prepares nothing the first time, so it costs nothing without them.
    Off with `DATABASE_PREPARED_STATEMENTS=false` (a transaction-mode pooler older than
    PgBouncer 1.21 cannot keep prepared statements)."""
    if not settings.DATABASE_PREPARED_STATEMENTS:
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    factory, threshold = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory, raw.prepare_threshold = ServerBindingCursor, 1
    try:
        yield
    finally:
        raw.cursor_factory, raw.prepare_threshold = factory, threshold


class NetworkCallInTransaction(RuntimeError):
    """A call to another service (object storage) made while a database transaction is
    open: it would hold the transaction's locks for as long as the network takes."""


def transaction_open() -> bool:
    """Whether the default connection is inside a transaction of ours. The atomic blocks a
    test case wraps around each test are marked by Django (`_from_testcase`) and ignored."""
    return connection.in_atomic_block and not all(
        block._from_testcase for block in connection.atomic_blocks
    )


def refuse_inside_transaction(operation: str) -> None:
    if transaction_open():
        raise NetworkCallInTransaction(f"{operation} made while a database transaction is open")


def lock_key(name: str) -> int:
    """The number of the PostgreSQL advisory lock named `name`. The number, not the name,
    reaches the server: a waiting statement's text is visible to the app role."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


@contextmanager
def one_at_a_time(name: str) -> Iterator[None]:
    """Outside any transaction, others running the block under `name` wait until it is done:
    a PostgreSQL session-level advisory lock, so no row lock is held while waiting and the
    block may call another service. A killed process's connection closes and PostgreSQL
    drops its lock. It lives on the connection: PostgreSQL reached directly or through a
    session-mode pooler."""
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def take_turns(name: str) -> None:
    """Until the open transaction ends, others taking turns on `name` wait here."""
    if not connection.in_atomic_block:
        raise RuntimeError("take_turns() runs inside a transaction.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name)])
