"""Pending refunds (the order's or a duplicate charge's) whose charge Stripe refuses to read,
settled by reading each one by its Stripe id (reconciliation)."""

import logging
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from morpheus.db_context import system_scope
from morpheus.jobs import jobs_waiting_or_running
from payments import stripe_client
from payments.errors import PaymentProviderError, PaymentProviderUnreachable

logger = logging.getLogger(__name__)


class _HeldRefund(Protocol):
    pk: int
    stripe_refund_id: str | None


Held = TypeVar("Held", bound=_HeldRefund)


def refunds_read_one_by_one(
    *,
    held: list[Held],
    read_apply: Callable[[Held, Mapping[str, Any]], bool],
    fail: Callable[[Held, str], None],
    job: tuple[str, str],
    named: str,
) -> int:
    """Each of `held` read from Stripe by its refund id and settled by `read_apply` (whether
        it settled it: paid, failed, or still under way there). One Stripe refuses to read too
        fails (`fail`, with why) once no job of it waits or runs (`job`: its task's name and the
    argument naming the row): nothing
        will tell us more of it. `named` names a row in the log ("Refund", "Refund of duplicate",
    before its id). How many it
        settled. Stripe out of reach raises."""
    settled, unreadable = 0, []
    for row in held:
        try:
            stripe_refund = stripe_client.refund_retrieve(row.stripe_refund_id)
        except PaymentProviderUnreachable:
            raise
        except PaymentProviderError as exc:
            unreadable.append((row, exc.detail))
            continue
        settled += read_apply(row, stripe_refund)
    task_name, argument = job
    with system_scope():
        waiting = set(jobs_waiting_or_running(task_name=task_name, argument=argument))
    for row, refused in unreadable:
        if row.pk in waiting:
            continue
        why = (
            f"its job ended, and Stripe refuses to read its charge and its refund "
            f"{row.stripe_refund_id}: {refused}"
        )
        logger.warning("%s %s failed: %s.", named, row.pk, why)
        fail(row, why)
        settled += 1
    return settled
