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
