"""Flags, disputes and staff notes on an order."""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from orders import errors, events, selectors
from orders.models import Order, OrderEvent
from orders.transitions import ENTITLED_STATUSES


def order_flag(*, order: Order, actor: str, reason: str) -> Order:
    """Mark the order for a staff member's attention, keeping its status. The flag holds
    one line per reason still to look at: a new reason joins the others, so none hides
    another, and a reason already there is not added (or recorded) twice."""
    reason = " ".join(reason.split())
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        reasons = locked.flagged_reason.splitlines()
        if reason not in reasons:
            locked.flagged_reason = "\n".join([*reasons, reason])
            locked.version += 1
            locked.save(update_fields=["flagged_reason", "version", "updated_at"])
            events.flagged(order=locked, actor=actor, reason=reason)
    order.refresh_from_db()
    return order


def order_flag_clear(
    *, order: Order, settles: str | tuple[str, ...], containing: str = ""
) -> Order:
    """What the flag's reasons starting with `settles` (or one of them), and holding
    `containing`, asked staff to look at is settled: those reasons go, any other stays (the
    caller records why in the history). The caller holds the lock."""
    remaining = _flag_without(order.flagged_reason, settles=settles, containing=containing)
    if remaining != order.flagged_reason:
        order.flagged_reason = remaining
        order.version += 1
        order.save(update_fields=["flagged_reason", "version", "updated_at"])
    return order


def order_flag_reword(*, order: Order, settles: str, reason: str) -> Order:
    """What the flag's reason starting with `settles` asks staff to look at moved on: it
    reads `reason` now, in its place, other reasons stay (the caller records why in the
    history). A page that showed the order before is stale. The caller holds the lock."""
    lines = order.flagged_reason.splitlines()
    reworded = [reason if line.startswith(settles) else line for line in lines]
    order.flagged_reason = "\n".join(dict.fromkeys(reworded))
    order.version += 1
    order.save(update_fields=["flagged_reason", "version", "updated_at"])
    return order


def _flag_without(flag: str, *, settles: str | tuple[str, ...], containing: str = "") -> str:
    return "\n".join(
        line for line in flag.splitlines() if not (line.startswith(settles) and containing in line)
    )


def order_mark_disputed(*, order: Order, actor: str, reason: str) -> Order:
    """The order's payment is disputed: its access stops (once) and the dispute's reason
    joins the flag's other lines (as `order_flag` adds one)."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.disputed_at is None:
            locked.disputed_at = timezone.now()
            locked.flagged_reason = "\n".join([*locked.flagged_reason.splitlines(), reason])
            locked.version += 1
            locked.save(update_fields=["disputed_at", "flagged_reason", "version", "updated_at"])
            events.dispute_opened(order=locked, actor=actor, reason=reason)
    order.refresh_from_db()
    return order


def order_clear_dispute(
    *, order: Order, actor: str, reason: str, dispute: str, outcome: str, settles: str
) -> Order:
    """The dispute ended in our favour: the order gives access again (unless refunded or
    being refunded meanwhile: its history then does not say the downloads are back), and
    the flag's reasons starting with `settles` (the dispute's) go. Returns the locked,
    updated order (the caller's instance is left as it was)."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.disputed_at is not None:
            locked.disputed_at = None
            locked.flagged_reason = _flag_without(locked.flagged_reason, settles=settles)
            locked.version += 1
            locked.save(update_fields=["disputed_at", "flagged_reason", "version", "updated_at"])
            events.dispute_changed(
                order=locked,
                actor=actor,
                reason=reason,
                dispute=dispute,
                action=outcome,
                restored=locked.status in ENTITLED_STATUSES
                and not selectors.order_refund_full_pending(locked),
            )
    return locked


def order_note_add(
    *, order: Order, actor: str, text: str, form_key: uuid.UUID | None = None
) -> OrderEvent:
    """A staff note in the order's history. With `form_key`, the key of the form it was
    written in, once per form and words: sent again, even at the same moment, it raises
    `NoteAlreadyAdded` (the history's unique key per order, form and words)."""
    if not text.strip():
        raise errors.OrderError("A note needs some text.")
    try:
        with transaction.atomic():
            return events.note_added(order=order, actor=actor, text=text, form_key=form_key)
    except IntegrityError:
        if form_key is None:
            raise
        raise errors.NoteAlreadyAdded(
            f"This note was added to order {order.number} already (its form was sent twice)."
        ) from None
