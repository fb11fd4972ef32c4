"""The command that freezes the database guard of the current transition table in a migration."""

import pytest
from django.core.management import CommandError, call_command

from orders.management.commands.make_guard_migration import guard_migration_source
from orders.sql import guard_pairs, latest_guard_migration, status_guard_sql
from orders.transitions import ALLOWED_PAIRS


def test_refuses_when_the_latest_guard_migration_already_holds_the_table():
    with pytest.raises(CommandError, match="already installs the current transition table"):
        call_command("make_guard_migration")


def test_writes_a_migration_holding_the_guard_literally_and_reversing_to_the_previous():
    previous = status_guard_sql().replace(
        "('pending'::public.order_status, 'canceled'::public.order_status),\n    ", ""
    )
    module: dict[str, object] = {}

    exec(  # noqa: S102 - the generated migration is the thing under test
        guard_migration_source(dependency="0009_x", sql=status_guard_sql(), previous_sql=previous),
        module,
    )

    migration = module["Migration"]
    [operation] = migration.operations
    assert migration.dependencies == [("orders", "0009_x")]
    assert guard_pairs(operation.sql) == ALLOWED_PAIRS
    assert guard_pairs(operation.reverse_sql) == ALLOWED_PAIRS - {("pending", "canceled")}


def test_the_latest_guard_migration_allows_exactly_the_transition_table():
    """Fails when someone changes orders/transitions.py without running the command."""
    name, sql = latest_guard_migration()

    assert guard_pairs(sql) == ALLOWED_PAIRS, f"{name} is out of date: make_guard_migration"
    assert sql == status_guard_sql()
