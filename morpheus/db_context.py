"""Transaction-local PostgreSQL context: who is asking (row-level security) and why (audit).

Row-level security policies read `morpheus.scope` and `morpheus.user_id`; the order status
trigger reads `morpheus.actor` and `morpheus.reason`. All are set with `set_config(..., true)`,
so they vanish when the transaction ends and never leak to the next user of the connection.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

from django.db import connection, transaction

_RLS_KEYS = ("morpheus.scope", "morpheus.user_id")


class Scope(StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"


def _set_config(values: dict[str, str]) -> None:
    if not values:
        return
    assignments = ", ".join("set_config(%s, %s, true)" for _ in values)
    params = [item for pair in values.items() for item in pair]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {assignments}", params)


def _current(keys: tuple[str, ...]) -> dict[str, str]:
    selects = ", ".join("coalesce(current_setting(%s, true), '')" for _ in keys)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}", list(keys))
        return dict(zip(keys, cursor.fetchone(), strict=True))


@contextmanager
def rls_scope(*, scope: Scope, user_id: int | None = None) -> Iterator[None]:
    """Run the block in a transaction seen through `scope` (and `user_id` for customers).

    Nested use restores the outer scope when the block ends.
    """
    if scope is Scope.CUSTOMER and user_id is None:
        raise ValueError("A customer scope needs the customer's user id.")
    with transaction.atomic():
        previous = _current(_RLS_KEYS)
        _set_config({"morpheus.scope": scope.value, "morpheus.user_id": str(user_id or "")})
        yield
        _set_config(previous)


def system_scope() -> "contextmanager[None]":
    """Scope for management commands, workers and webhooks: every row is visible."""
    return rls_scope(scope=Scope.SYSTEM)


def set_audit_context(*, actor: str, reason: str) -> None:
    """Tell the status trigger who makes the next change and why (until the transaction ends)."""
    if not connection.in_atomic_block:
        raise RuntimeError("The audit context only lives inside a transaction.")
    _set_config({"morpheus.actor": actor, "morpheus.reason": reason})
