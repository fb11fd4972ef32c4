"""Transaction-local PostgreSQL context: who is asking (row-level security) and why (audit).

Row-level security policies read `morpheus.context`, `<scope>:<user id>:<signature>`, and
accept it only when the signature verifies for this backend and this transaction (see
`morpheus/rls_sql.py`): SQL that sets the context by hand, or replays one from another
transaction, sees nothing. The order status trigger reads `morpheus.actor` and
`morpheus.reason`. All are set with `set_config(..., true)`, so they vanish when the
transaction ends and never leak to the next user of the connection.
"""

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import psycopg
from django.conf import settings
from django.db import connection, transaction

from morpheus.rls_sql import CONTEXT_SETTING, KEY_TABLE

_STATE_ATTRIBUTE = "morpheus_rls_context"


class Scope(StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"
    # One order and what hangs under it, for whoever holds its signed guest link.
    ORDER = "order"


@cache
def _key(configured: str, secret_key: str) -> bytes:
    if configured:
        return hashlib.sha256(configured.encode()).digest()
    return hmac.new(secret_key.encode(), b"morpheus.rls-context-key", hashlib.sha256).digest()


def context_key() -> bytes:
    """The signing key: from RLS_CONTEXT_KEY, or derived from SECRET_KEY."""
    return _key(settings.RLS_CONTEXT_KEY, settings.SECRET_KEY)


def install_context_key(cursor) -> None:
    """Store the key for the database's verifier (as the owner role: only it reads the table).

    The table holds HMAC's two padded keys, so PostgreSQL needs nothing but `sha256`.
    """
    key = context_key().ljust(64, b"\0")
    inner, outer = bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)
    cursor.execute(
        f"INSERT INTO public.{KEY_TABLE} (id, inner_pad, outer_pad) VALUES (1, %s, %s) "  # noqa: S608 - fixed name
        "ON CONFLICT (id) DO UPDATE SET inner_pad = excluded.inner_pad, "
        "outer_pad = excluded.outer_pad",
        [inner, outer],
    )


@dataclass
class _Transaction:
    """What this connection's open transaction carries; valid while a scope is open."""

    started_us: int
    context: str
    depth: int = 0

    def signed(self, scope: Scope, user_id: int | None) -> str:
        user = "" if user_id is None else str(user_id)
        pid = connection.connection.info.backend_pid
        message = f"{scope.value}:{user}:{pid}:{self.started_us}".encode()
        signature = hmac.new(context_key(), message, hashlib.sha256).hexdigest()
        return f"{scope.value}:{user}:{signature}"

    def apply(self, context: str) -> None:
        if context == self.context:
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [CONTEXT_SETTING, context])
        self.context = context


def _proof(scope: Scope, user_id: int | None) -> str:
    """What the database's `morpheus_enter_context` asks for: proof that the app holds the
    key, bound to this backend (a different message from any context's)."""
    user = "" if user_id is None else str(user_id)
    pid = connection.connection.info.backend_pid
    message = f"enter:{scope.value}:{user}:{pid}".encode()
    return hmac.new(context_key(), message, hashlib.sha256).hexdigest()


def _enter_in_database(scope: Scope, user_id: int | None) -> tuple[_Transaction, str]:
    """The transaction's first scope, in one statement. The proof goes as a bound
    parameter (server-side binding), so it never appears in the SQL text."""
    raw = psycopg.Cursor(connection.connection)
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(raw) as cursor:
        cursor.execute(
            "SELECT started_us, previous, context FROM morpheus_enter_context(%s, %s, %s)",
            [scope.value, user_id, _proof(scope, user_id)],
        )
        started_us, previous, context = cursor.fetchone()
    state = _Transaction(started_us=started_us, context=context)
    setattr(connection, _STATE_ATTRIBUTE, state)
    return state, previous


def _enter(scope: Scope, user_id: int | None) -> tuple[_Transaction, str]:
    """Put `scope` in force; the transaction's state and the context it replaced."""
    state = getattr(connection, _STATE_ATTRIBUTE, None)
    if state is None or state.depth == 0:
        return _enter_in_database(scope, user_id)
    outer = state.context
    state.apply(state.signed(scope, user_id))
    return state, outer


def _subject(scope: Scope, user_id: int | None, order_id: int | None) -> int | None:
    """The id the context names: the customer's, or the order's for an order scope."""
    if scope is Scope.CUSTOMER and user_id is None:
        raise ValueError("A customer scope needs the customer's user id.")
    if (scope is Scope.ORDER) != (order_id is not None):
        raise ValueError("An order id goes with an order scope, and only there.")
    return order_id if scope is Scope.ORDER else user_id


@contextmanager
def rls_scope(
    *, scope: Scope, user_id: int | None = None, order_id: int | None = None
) -> Iterator[None]:
    """Run the block in a transaction seen through `scope` (and `user_id` for customers,
    `order_id` for one order).

    Nested use restores the outer scope when the block ends (a failing block's savepoint
    rollback restores it by itself). Entering the scope already in force costs nothing.
    """
    user_id = _subject(scope, user_id, order_id)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        state, outer = _enter(scope, user_id)
        state.depth += 1
        try:
            yield
        except BaseException:
            state.context = outer
            raise
        finally:
            state.depth -= 1
        if not outermost:
            state.apply(outer)


def enter_scope(*, scope: Scope, user_id: int | None = None, order_id: int | None = None) -> None:
    """From here to the end of the current transaction (or the enclosing `rls_scope`),
    see through `scope`."""
    user_id = _subject(scope, user_id, order_id)
    if not connection.in_atomic_block:
        raise RuntimeError("A row-level security context only lives inside a transaction.")
    _enter(scope, user_id)


def scope_in_force(*, scope: Scope, user_id: int | None = None) -> bool:
    """Whether an open `rls_scope` block of this connection's transaction has `scope` (and
    `user_id`) in force."""
    state = getattr(connection, _STATE_ATTRIBUTE, None)
    return (
        connection.in_atomic_block
        and state is not None
        and state.depth > 0
        and state.context == state.signed(scope, user_id)
    )


def system_scope() -> "contextmanager[None]":
    """Scope for management commands, workers and webhooks: every row is visible."""
    return rls_scope(scope=Scope.SYSTEM)


def set_audit_context(*, actor: str, reason: str) -> None:
    """Tell the status trigger who makes the next change and why (until the transaction ends)."""
    if not connection.in_atomic_block:
        raise RuntimeError("The audit context only lives inside a transaction.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('morpheus.actor', %s, true), "
            "set_config('morpheus.reason', %s, true)",
            [actor, reason],
        )
