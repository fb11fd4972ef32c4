"""Transactions that succeed or fail as a whole."""

from collections.abc import Iterator
from contextlib import contextmanager

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
