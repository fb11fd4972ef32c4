"""Many realistic orders fast, for the staff-list and CSV benchmarks: multi-row INSERTs for
the rows, then one UPDATE per transition step, so the database guard checks every move and
its trigger writes the status history, exactly as for real orders. Bench-only: the one place
outside `orders.services.order_transition` that writes a status, kept out of the production
apps.

    python manage.py shell -c \
        "from benchmarks.seeding import seed_orders_reported as s; print(s(200_000))"
"""

import json
import random
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from catalog.models import Comic
from morpheus.db_context import set_audit_context, system_scope
from orders.transitions import TRANSITIONS_BY_NAME, OrderStatus, path_to

ACTOR = "seed:benchmarks"
NUMBER_PREFIX = "MO-S-"
BATCH = 20_000
ORDERS_PER_CUSTOMER = 10
COMICS = 40
SHARES = {  # where seeded orders end up
    OrderStatus.PENDING: 8,
    OrderStatus.PROCESSING: 2,
    OrderStatus.PAID: 3,
    OrderStatus.FULFILLED: 20,
    OrderStatus.DELIVERED: 57,
    OrderStatus.CANCELED: 6,
    OrderStatus.REFUNDED: 4,
}
FAILED_FIRST_ATTEMPT_SHARE = 0.06
DISPUTED_SHARE = 0.004
EXTRA_ON_ARRIVAL = {"refund": "refunded_amount = total_amount"}


def _insert(table: str, columns: dict[str, str], rows: Iterable[tuple]) -> None:
    """Many rows per statement, one array per column (COPY is refused on tables under
    row-level security). `columns` maps each column to its PostgreSQL type."""
    rows = list(rows)
    names = ", ".join(columns)
    arrays = ", ".join(f"%s::{kind}[]" for kind in columns.values())
    statement = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays})"  # noqa: S608 (our names)
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), BATCH):
            batch = rows[offset : offset + BATCH]
            cursor.execute(statement, [list(column) for column in zip(*batch, strict=True)])


def _comics() -> list[Comic]:
    existing = list(Comic.objects.filter(slug__startswith="seed-comic-"))
    if len(existing) >= COMICS:
        return existing
    Comic.objects.bulk_create(
        [
            Comic(
                title=f"Seed Dream #{i}", slug=f"seed-comic-{i}", price_amount=299 + 100 * (i % 9)
            )
            for i in range(len(existing), COMICS)
        ]
    )
    return list(Comic.objects.filter(slug__startswith="seed-comic-"))


def _customers(count: int, start: int) -> list[tuple[int, str]]:
    users = get_user_model()
    unusable = make_password(None)  # seeded customers never log in
    users.objects.bulk_create(
        [
            users(
                username=f"seed-reader-{start + i}",
                email=f"seed-reader-{start + i}@example.com",
                password=unusable,
            )
            for i in range(count)
        ],
        batch_size=5000,
    )
    return list(
        users.objects.filter(username__startswith="seed-reader-").values_list("id", "email")
    )


def _next_number_start() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM orders_order WHERE number LIKE %s", [f"{NUMBER_PREFIX}%"]
        )
        return cursor.fetchone()[0]


def seed_orders(count: int, *, rng: random.Random, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    start = _next_number_start()
    comics = _comics()
    customers = _customers(max(1, count // ORDERS_PER_CUSTOMER), start)
    plans = [_plan(rng, comics, customers, now) for _ in range(count)]
    order_ids = _insert_orders(plans, start)
    _insert_items_and_creation_events(plans, order_ids, comics)
    targets = rng.choices(list(SHARES), weights=list(SHARES.values()), k=count)
    _insert_payments(order_ids, plans, targets, rng)
    _walk(order_ids, targets)
    _mark_disputes(order_ids, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orders_order; ANALYZE orders_orderevent; ANALYZE payments_payment")
    return {status: targets.count(status) for status in OrderStatus}


def _plan(rng, comics, customers, now) -> dict:
    picked = rng.sample(comics, rng.choice((1, 1, 1, 2, 3)))
    customer_id, email = rng.choice(customers)
    return {
        "customer_id": customer_id,
        "email": email,
        "comics": picked,
        "total": sum(comic.price_amount for comic in picked),
        "created_at": now - timedelta(seconds=rng.randrange(365 * 86400)),
    }


def _insert_orders(plans: list[dict], start: int) -> list[int]:
    numbers = [f"{NUMBER_PREFIX}{start + i:07d}" for i in range(len(plans))]
    columns = {
        "number": "text",
        "customer_id": "bigint",
        "email": "text",
        "currency": "text",
        "subtotal_amount": "bigint",
        "total_amount": "bigint",
        "refunded_amount": "bigint",
        "status": "order_status",
        "version": "integer",
        "flagged_reason": "text",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    _insert(
        "orders_order",
        columns,
        (
            (
                number,
                p["customer_id"],
                p["email"],
                "EUR",
                p["total"],
                p["total"],
                0,
                OrderStatus.PENDING.value,
                1,
                "",
                p["created_at"],
                p["created_at"],
            )
            for number, p in zip(numbers, plans, strict=True)
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT number, id FROM orders_order WHERE number = ANY(%s)", [numbers])
        ids = dict(cursor.fetchall())
    return [ids[number] for number in numbers]


def _insert_items_and_creation_events(plans, order_ids, comics) -> None:
    _insert(
        "orders_orderitem",
        {"order_id": "bigint", "comic_id": "bigint", "title": "text", "unit_amount": "integer"},
        (
            (order_id, comic.pk, comic.title, comic.price_amount)
            for order_id, plan in zip(order_ids, plans, strict=True)
            for comic in plan["comics"]
        ),
    )
    _insert(
        "orders_orderevent",
        {
            "order_id": "bigint",
            "type": "text",
            "from_status": "text",
            "to_status": "text",
            "actor": "text",
            "reason": "text",
            "data": "jsonb",
            "created_at": "timestamptz",
        },
        (
            (
                order_id,
                "created",
                "",
                "",
                ACTOR,
                "",
                json.dumps({"total_amount": plan["total"], "currency": "EUR"}),
                plan["created_at"],
            )
            for order_id, plan in zip(order_ids, plans, strict=True)
        ),
    )


def _insert_payments(order_ids, plans, targets, rng) -> None:
    """An attempt for every order that went to processing; some failed once first."""
    rows = []
    for order_id, plan, target in zip(order_ids, plans, targets, strict=True):
        steps = {step.name for step in path_to(target)}
        if "submit_payment" not in steps:
            continue
        attempt = 1
        at = plan["created_at"] + timedelta(minutes=1)
        if rng.random() < FAILED_FIRST_ATTEMPT_SHARE:
            rows.append(_payment_row(order_id, attempt, plan, at, "failed"))
            attempt += 1
        status = "succeeded" if "mark_paid" in steps else "processing"
        rows.append(_payment_row(order_id, attempt, plan, at + timedelta(minutes=1), status))
    _insert(
        "payments_payment",
        {
            "order_id": "bigint",
            "attempt": "smallint",
            "idempotency_key": "text",
            "stripe_payment_intent_id": "text",
            "stripe_charge_id": "text",
            "amount": "bigint",
            "currency": "text",
            "status": "text",
            "failure_code": "text",
            "failure_message": "text",
            "created_at": "timestamptz",
            "updated_at": "timestamptz",
            "succeeded_at": "timestamptz",
        },
        rows,
    )


def _payment_row(order_id, attempt, plan, at, status) -> tuple:
    failed = status == "failed"
    return (
        order_id,
        attempt,
        f"seed-{order_id}-{attempt}",
        f"pi_seed_{order_id}_{attempt}",
        "" if failed else f"ch_seed_{order_id}_{attempt}",
        plan["total"],
        "EUR",
        status,
        "card_declined" if failed else "",
        "Your card was declined." if failed else "",
        at,
        at,
        at if status == "succeeded" else None,
    )


def _walk(order_ids: list[int], targets: list[str]) -> None:
    """One UPDATE per (step number, transition): the guard checks each, the trigger logs it."""
    by_step: dict[tuple[int, str], list[int]] = defaultdict(list)
    for order_id, target in zip(order_ids, targets, strict=True):
        for index, step in enumerate(path_to(target)):
            by_step[(index, step.name)].append(order_id)
    set_audit_context(actor=ACTOR, reason="Benchmark seed")
    for (index, name), ids in sorted(by_step.items()):
        _move(name, ids, minutes_after_creation=2 + 10 * index)


def _move(name: str, ids: list[int], *, minutes_after_creation: int) -> None:
    spec = TRANSITIONS_BY_NAME[name]
    assignments = [f"status = '{spec.target.value}'", "version = version + 1"]
    if spec.milestone:
        assignments.append(
            f"{spec.milestone} = created_at + interval '{minutes_after_creation} minutes'"
        )
    if name in EXTRA_ON_ARRIVAL:
        assignments.append(EXTRA_ON_ARRIVAL[name])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE orders_order SET {', '.join(assignments)} WHERE id = ANY(%s)",  # noqa: S608 (table-driven names)
            [ids],
        )


def _mark_disputes(order_ids: list[int], rng) -> None:
    disputed = [order_id for order_id in order_ids if rng.random() < DISPUTED_SHARE]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE orders_order SET disputed_at = paid_at + interval '3 days', "
            "flagged_reason = 'Dispute opened at Stripe' "
            "WHERE id = ANY(%s) AND paid_at IS NOT NULL",
            [disputed],
        )


def seed_orders_reported(count: int, seed: int = 6) -> str:
    """Seed `count` orders in one transaction under the system scope; say what it made."""
    started = time.perf_counter()
    with system_scope():
        by_status = seed_orders(count, rng=random.Random(seed))  # noqa: S311 (test data)
    summary = ", ".join(f"{status} {n}" for status, n in by_status.items())
    return f"Seeded {count} orders in {time.perf_counter() - started:.1f} s: {summary}"
