import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.seeding import seed_orders
from morpheus.db_context import system_scope


class Command(BaseCommand):
    help = "Add COUNT realistic orders (items, payments, history) for the admin benchmark."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=6, help="Random seed (repeatable data).")

    def handle(self, *args, count: int, seed: int, **options) -> None:
        started = time.perf_counter()
        with transaction.atomic(), system_scope():
            by_status = seed_orders(count, rng=random.Random(seed))  # noqa: S311 (test data)
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{status} {n}" for status, n in by_status.items())
        self.stdout.write(f"Seeded {count} orders in {elapsed:.1f} s: {summary}")
