"""Status changes through the state machine, and the changes the customer or staff make
to an order."""

from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django_fsm import can_proceed

from morpheus import metrics
from morpheus.compiled import fields_update
from morpheus.db_context import set_audit_context
from morpheus.jobs import deferred_together
from orders import errors, events, signals
from orders.models import Order
from orders.selectors import order_cancel_made_by
from orders.sql import INVALID_TRANSITION_SQLSTATE
from orders.transitions import ENTITLED_STATUSES, TRANSITIONS_BY_NAME, UNPAID_STATUSES, OrderStatus


def order_lock(order: Order) -> Order:
    """Lock the order's row and check the caller did not act on an outdated copy: the
    services behind the staff order page's actions call it (a status change, re-sent links);
    the refund screen compares the version itself while it holds the lock. The refusal
    names the status the order has now only when it is not the copy's: two pages sent at
    once, both checked against the order as it was, both carry its status."""
    try:
        locked = Order.objects.select_for_update().get(pk=order.pk)
    except Order.DoesNotExist as exc:
        raise errors.OrderNotFound(f"Order {order.number} not found.") from exc
    if locked.version != order.version:
        raise errors.StaleOrder.about(locked, status_shown=order.status)
    return locked


# Why a customer's cancel did nothing, in their words, by the status the order has now.
_NOT_CANCELABLE_BY_CUSTOMER = {
    **dict.fromkeys(ENTITLED_STATUSES, "Order {number} is paid, so it can no longer be canceled."),
    OrderStatus.CANCELED: "Order {number} is already canceled.",
    OrderStatus.REFUNDED: "Order {number} is refunded: there is nothing left to cancel.",
}


def order_cancel_by_customer(*, order: Order, actor: str, reason: str) -> Order:
    """The customer gives up their unpaid order. Refused for an order that cannot be
    canceled (any more: another tab or request may have been first), saying why in the
    customer's words rather than the state machine's; CanceledByYouAlready when this actor's
    own cancel came first (outside probes HW-1, HY-1: "already canceled", as if another had)."""
    try:
        return order_transition(name="cancel", order=order, actor=actor, reason=reason)
    except (errors.TransitionNotAllowed, errors.StaleOrder) as refused:
        now = Order.objects.get(pk=order.pk)
        made = now.status == OrderStatus.CANCELED and order_cancel_made_by(order=now, actor=actor)
        if made:
            raise errors.CanceledByYouAlready(
                f"Order {now.number} was already canceled by you.", from_status=made.from_status
            ) from refused
        words = _NOT_CANCELABLE_BY_CUSTOMER.get(now.status)
        if words is None:
            raise
        raise errors.TransitionNotAllowed(words.format(number=now.number)) from refused


def customer_unpaid_orders_cancel(*, customer_id: int, actor: str, reason: str) -> int:
    """Cancel the customer's unpaid orders (pending or processing) through the state
    machine: their open payment attempts end with them (`payments.receivers`), so a payment
    job still queued charges nothing and a PaymentIntent waiting for 3-D Secure is canceled
    at Stripe (a charge that still goes through is paid back, as for any canceled order).
    Paid orders are left as they are. Returns how many it canceled."""
    with transaction.atomic():
        unpaid = (
            Order.objects.select_for_update()
            .filter(customer_id=customer_id, status__in=UNPAID_STATUSES)
            .order_by("pk")
        )
        canceled = 0
        for order in unpaid:
            order_transition(name="cancel", order=order, actor=actor, reason=reason, locked=True)
            canceled += 1
    return canceled


def order_version_move(*, order: Order) -> None:
    """Something staff did to the order changed what its page shows (links re-sent): a
    page that showed it before is now stale. The caller holds the lock."""
    Order.objects.filter(pk=order.pk).update(version=models.F("version") + 1)
    order.version += 1


def order_email_change(*, order: Order, email: str, actor: str, reason: str) -> Order:
    """The order's mail goes to `email` from now on, an address its customer proved; the
    order's pages shown before are stale."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.email.lower() != email.lower():
            locked.email = email
            locked.version += 1
            locked.save(update_fields=["email", "version", "updated_at"])
            events.address_changed(order=locked, actor=actor, reason=reason)
    order.refresh_from_db()
    return order


def order_transition(
    *, order: Order, name: str, actor: str, reason: str, locked: bool = False
) -> Order:
    """Move the order along transition `name` of the state machine: the one writer of
    an order's status.

    The database trigger records the change with this actor and reason. The caller's
    `order` instance is refreshed to the new state. `locked=True` says the caller holds
    the order's row lock in this transaction and its copy is current: it is changed in
    place, with no second read.
    """
    spec = TRANSITIONS_BY_NAME[name]
    from_status = order.status
    with transaction.atomic():
        current = order if locked else order_lock(order)
        if not can_proceed(getattr(current, f"_{name}")):
            raise errors.TransitionNotAllowed(
                f"Order {current.number} is {current.get_status_display().lower()}: "
                f"the change “{spec.label}” is not allowed from there."
            )
        loaded_status = current.status
        getattr(current, f"_{name}")()
        changed = ["status", "version", "updated_at"]
        if spec.milestone:
            setattr(current, spec.milestone, timezone.now())
            changed.append(spec.milestone)
        if spec.clears:
            setattr(current, spec.clears, None)
            changed.append(spec.clears)
        current.version += 1
        set_audit_context(actor=actor, reason=reason)
        _status_save(current, changed, loaded_status)
        with deferred_together():
            answers = signals.order_status_changed.send(
                sender=Order,
                order_id=current.pk,
                transition=name,
                from_status=from_status,
                to_status=current.status,
                actor=actor,
                reason=reason,
                version=current.version,
                total_amount=current.total_amount,
                currency=current.currency,
                flagged_reason=current.flagged_reason,
            )
        if any(wrote_the_order is True for _, wrote_the_order in answers):
            current.refresh_from_db()
        _count_after_commit(name=name, from_status=from_status, to_status=current.status)
    if not locked:
        order.take_state_of(current)
    return order


def _status_save(order: Order, changed: list[str], loaded_status: str) -> None:
    """The new status, while the row still holds `loaded_status` (django-fsm's concurrent
    transition check, in the same UPDATE); built once per set of fields, as every paid
    order's webhook runs it."""
    try:
        updated = fields_update(order, changed, while_unchanged={"status": loaded_status})
    except DatabaseError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == INVALID_TRANSITION_SQLSTATE:
            raise errors.TransitionNotAllowed(str(exc.__cause__)) from exc
        raise
    if not updated:
        raise errors.StaleOrder(f"Order {order.number} changed meanwhile.")
    order._update_initial_state()  # as django-fsm's save does: the next check starts here


def _count_after_commit(*, name: str, from_status: str, to_status: str) -> None:
    def count() -> None:
        metrics.ORDER_TRANSITIONS.labels(from_status=from_status, to_status=to_status).inc()
        if name == "fail_payment":
            metrics.PAYMENT_FAILURES.inc()

    transaction.on_commit(count)
