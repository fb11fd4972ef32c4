"""Charges an order does not count: a second PaymentIntent that succeeded for an order
another attempt had already paid (two tabs, a 3-D Secure passed after another card paid),
or one Stripe charged after the order was canceled. Each is recorded as a `DuplicatePayment`
and paid back whole, at payment level: the order keeps its status, its download links and
its invoice, and its refunded total never counts the duplicate (no credit note).

The flag the success raised ("... refund it.") stays until Stripe confirms the refund.
Staff ask for it (`duplicate_payment_refund`, the admin's "Refund duplicate charge"); a job
sends it under a stable idempotency key; Stripe's answer, `charge.refunded` for the
duplicate's charge or reconciliation confirm it, once, in whatever order they come. The line
of a charge after the cancel ("... its refund was asked for.") says when Stripe refused that
refund, and asks staff to send it again (`_after_cancel_flag_reword`). A refund
Stripe paid and then failed (the customer's bank sent it back) flags the order again
(`_refund_came_back`)."""

import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.jobs import jobs_waiting_or_running
from morpheus.money import format_money
from notifications.models import EmailKind
from notifications.tasks import send_order_email
from orders import events
from orders import services as order_services
from orders.actors import STRIPE_REFUSED_REFUND
from orders.models import Order, OrderEvent, OrderEventType
from orders.transitions import UNPAID_STATUSES, OrderStatus
from payments import stripe_client
from payments.errors import PaymentProviderError, PaymentProviderUnreachable, RefundNotAllowed
from payments.intents import refund_unpaid_words, refund_verdict_start, refunds_paid_back
from payments.messages import refund_came_back_words
from payments.models import DuplicatePayment, DuplicateStatus, Payment, PaymentStatus
from payments.selectors import (
    REFUND_CAME_BACK_FLAG,
    STRIPE_NEVER_ASKED,
    STRIPE_UNANSWERED,
    payment_counted,
    payment_latest,
)
from payments.services.refund_reads import refunds_read_one_by_one

logger = logging.getLogger(__name__)

REFUNDED_AT_STRIPE = "Refunded outside the app (Stripe's dashboard)"
CHARGED_AFTER_CANCEL = "Charged after the order was canceled: paid back automatically"
METADATA_KEY = "duplicate_payment_id"


def duplicate_flag_prefix(payment_intent_id: str) -> str:
    """How the flag's lines about a charge the order does not count begin (the success's
    "Payment pi_... of €4.99 succeeded on a fulfilled order: refund it.")."""
    return f"Payment {payment_intent_id} of "


AFTER_CANCEL = " succeeded on a canceled order: "
REFUND_ASKED = "its refund was asked for."
# Reconciliation's line about an intent whose cancel Stripe refused or never answered.
CANCEL_UNSETTLED = " could not be canceled at Stripe: "


def after_cancel_flagged(*, order: Order, payment_intent_id: str) -> bool:
    """Whether the order's flag has the line about `payment_intent_id`'s charge after the
    cancel, which says what became of its refund and what staff are to do."""
    prefix = duplicate_flag_prefix(payment_intent_id)
    lines = order.flagged_reason.splitlines()
    return any(line.startswith(prefix) and AFTER_CANCEL in line for line in lines)


def duplicate_flag_reason(
    *, payment_intent_id: str, amount: int, currency: str, status: str
) -> str:
    paid = format_money(amount, currency)
    prefix = duplicate_flag_prefix(payment_intent_id)
    if status == OrderStatus.CANCELED:
        return f"{prefix}{paid}{AFTER_CANCEL}{REFUND_ASKED}"
    return f"{prefix}{paid} succeeded on a {status} order: refund it."


def _refund_failed_asks(why: str) -> str:
    why = " ".join(why.split()).rstrip(". ")
    return (
        f"its refund failed ({why}). The customer's order page says we will send it again: "
        'refund it again with its "Refund duplicate charge" button under Duplicate charges.'
    )


def _after_cancel_flag_reword(*, order: Order, duplicate: DuplicatePayment, tail: str) -> None:
    """The flag's line about a charge after the cancel says what became of its refund:
    asked for (under way), or failed (nothing else asks staff to send it again). It goes
    once one is paid (`_duplicate_refunded`). The caller holds the order's lock."""
    intent_id = duplicate.payment.stripe_payment_intent_id
    if order.status != OrderStatus.CANCELED or not intent_id:
        return
    prefix = duplicate_flag_prefix(intent_id)
    for line in order.flagged_reason.splitlines():
        if line.startswith(prefix) and AFTER_CANCEL in line:
            start = line.partition(AFTER_CANCEL)[0] + AFTER_CANCEL
            if line != start + tail:
                order_services.order_flag_reword(order=order, settles=start, reason=start + tail)
            return


def duplicate_payment_record(
    *, order: Order, payment: Payment, amount: int, actor: str
) -> DuplicatePayment:
    """The attempt's charge does not count for the order: record it (once) as a duplicate
    of the attempt that paid the order, if one did. The caller holds the order's lock."""
    found = DuplicatePayment.objects.select_for_update().filter(payment=payment).first()
    if found is not None:
        return found
    original = payment_counted(order=order, excluding=payment)
    duplicate = DuplicatePayment.objects.create(
        payment=payment,
        order=order,
        duplicate_of=original,
        amount=amount,
        currency=payment.currency,
    )
    if original is not None:
        reason = (
            f"Payment attempt {payment.attempt} charged again for an order attempt "
            f"{original.attempt} had paid"
        )
    else:
        reason = f"Payment attempt {payment.attempt} charged a {order.status} order"
    events.duplicate_payment_recorded(
        order=order,
        actor=actor,
        reason=reason,
        payment_intent=payment.stripe_payment_intent_id or "",
        attempt=payment.attempt,
        amount=amount,
        duplicate_of=(original.stripe_payment_intent_id or "") if original else "",
    )
    return duplicate


def duplicate_payment_succeeded(
    *, order: Order, payment: Payment, amount: int, actor: str
) -> DuplicatePayment:
    """A success the order does not count: recorded as a duplicate, and the order flagged
    for staff to refund it, unless Stripe already reported its refund. A charge for a
    canceled order has nothing to keep it for (a canceled order stays canceled): its refund
    is asked for at once; the flag stays until Stripe confirms it. The caller holds the
    order's and the attempt's locks."""
    duplicate = duplicate_payment_record(order=order, payment=payment, amount=amount, actor=actor)
    if order.status == OrderStatus.CANCELED and duplicate.status == DuplicateStatus.TO_REFUND:
        duplicate = duplicate_payment_refund(
            payment=payment, actor=actor, reason=CHARGED_AFTER_CANCEL
        )
    if duplicate.status != DuplicateStatus.REFUNDED:
        if order.status == OrderStatus.CANCELED:
            _cancel_unsettled_clear(order=order, payment_intent_id=payment.stripe_payment_intent_id)
        order_services.order_flag(
            order=order,
            actor=actor,
            reason=duplicate_flag_reason(
                payment_intent_id=payment.stripe_payment_intent_id or "",
                amount=amount,
                currency=payment.currency,
                status=order.status,
            ),
        )
    return duplicate


def _cancel_unsettled_clear(*, order: Order, payment_intent_id: str | None) -> None:
    """The charge is known now, and the after-cancel line says what to do about it: the
    line asking staff to check at Stripe whether it charged (and to refund it there) goes,
    so that they get one instruction. The caller holds the order's lock."""
    if not payment_intent_id:
        return
    order_services.order_flag_clear(
        order=order, settles=duplicate_flag_prefix(payment_intent_id), containing=CANCEL_UNSETTLED
    )


def charge_is_duplicate(*, order: Order, payment: Payment) -> bool:
    """Whether the attempt's charge is not the one the order counts: recorded as a
    duplicate already, or charged while another attempt paid the order, or for a canceled
    order, or an earlier attempt of an unpaid order that a later attempt replaced (a refund
    Stripe reports before the success must not pay the order back for it). The caller
    holds the order's lock."""
    if DuplicatePayment.objects.filter(payment=payment).exists():
        return True
    if payment_counted(order=order, excluding=payment) is not None:
        return True
    if order.status == OrderStatus.CANCELED:
        return True
    if order.status in UNPAID_STATUSES and payment.status != PaymentStatus.SUCCEEDED:
        return payment_latest(order=order).pk != payment.pk
    return False


def duplicate_charge_refunded(
    *, order: Order, payment: Payment, charge: Mapping[str, Any], actor: str
) -> None:
    """Stripe reports the duplicate's charge refunded (`charge.refunded`, or the refund
    job's read of the charge): the duplicate is refunded and the flag about it clears. The
    order's refunded total, status, links and credit notes are not touched. Once: a later
    or concurrent report finds it refunded. The caller holds the order's lock."""
    amount = int(charge.get("amount") or payment.amount)
    duplicate = duplicate_payment_record(order=order, payment=payment, amount=amount, actor=actor)
    if payment.status != PaymentStatus.SUCCEEDED:
        # A refunded charge was charged: its success, whose event has not come yet, is
        # known now (that event then changes nothing, and never pays the order).
        Payment.objects.filter(pk=payment.pk).update(
            status=PaymentStatus.SUCCEEDED,
            succeeded_at=timezone.now(),
            stripe_charge_id=payment.stripe_charge_id or str(charge.get("id") or ""),
            updated_at=timezone.now(),
        )
    if duplicate.status == DuplicateStatus.REFUNDED:
        _refund_came_back(duplicate, order=order, refunds=(charge.get("refunds") or {}).get("data"))
        return
    charge = _given_back_left_out(charge, duplicate)
    unpaid = _unpaid_words(duplicate, (charge.get("refunds") or {}).get("data") or [])
    refunded = _paid_back(charge, duplicate)
    if refunded < duplicate.amount:
        if unpaid is not None:
            logger.warning("Refund of duplicate %s failed: %s.", duplicate.pk, unpaid)
            _refund_fail(duplicate, message=unpaid)
            return
        logger.warning(
            "Duplicate payment %s paid back %s of %s at Stripe: not yet in full.",
            payment.pk,
            refunded,
            duplicate.amount,
        )
        return
    # The id the row keeps is the paying refund's only for a pending request Stripe did not
    # fail: a failed request's, or the one that came back, is not what paid it back now.
    pending = duplicate.status == DuplicateStatus.REFUND_PENDING and unpaid is None
    own = duplicate.stripe_refund_id if pending else None
    stripe_refund_id = own or _refund_id_in(charge, duplicate)
    _duplicate_refunded(
        order=order,
        payment=payment,
        duplicate=duplicate,
        stripe_refund_id=stripe_refund_id,
        actor=actor,
    )


def duplicate_refund_unpaid_fail(
    *, order: Order, payment: Payment, refunds: list[Mapping[str, Any]]
) -> bool:
    """The pending refund of the duplicate charge `payment` fails as a refusal does when
    Stripe lists it (`refunds`: the one of `charge.refund.updated`, `refund.updated` or
    `refund.failed`) as failed or canceled, with Stripe's reason; staff may ask again. One
    Stripe had paid came back (`_refund_came_back`). Whether it failed. The caller holds
    the order's lock."""
    duplicate = DuplicatePayment.objects.select_related("payment").filter(payment=payment).first()
    if duplicate is not None and duplicate.status == DuplicateStatus.REFUNDED:
        return _refund_came_back(duplicate, order=order, refunds=refunds)
    unpaid = None if duplicate is None else _unpaid_words(duplicate, refunds)
    if unpaid is None:
        return False
    logger.warning("Refund of duplicate %s failed: %s.", duplicate.pk, unpaid)
    _refund_fail(duplicate, message=unpaid)
    return True


def duplicate_refund_paid_confirm(
    *, payment: Payment, refund: Mapping[str, Any], actor: str
) -> bool:
    """The pending refund of the duplicate charge `payment` that Stripe reports paid
    (`refund`, `charge.refund.updated`'s, by the id Stripe gave it: an earlier request's
    refund is not it) is confirmed as a read of it is: the duplicate is refunded. Whether it
    was. The caller holds the order's lock."""
    duplicate = (
        DuplicatePayment.objects.select_related("payment")
        .filter(
            payment=payment, status=DuplicateStatus.REFUND_PENDING, stripe_refund_id=refund["id"]
        )
        .first()
    )
    return duplicate is not None and _duplicate_refund_read_apply(duplicate, refund, actor=actor)


def _unpaid_words(duplicate: DuplicatePayment, refunds: list[Mapping[str, Any]]) -> str | None:
    """Why Stripe will not pay the duplicate's pending refund, when `refunds` list it failed
    or canceled: the one Stripe gave the id it keeps (an earlier request's refund is not
    it, and a request asked again keeps none until Stripe answers it)."""
    if duplicate.status != DuplicateStatus.REFUND_PENDING or not duplicate.stripe_refund_id:
        return None
    for data in refunds:
        if data.get("id") == duplicate.stripe_refund_id:
            return refund_unpaid_words(data)
    return None


def _refund_came_back(
    duplicate: DuplicatePayment, *, order: Order, refunds: list[Mapping[str, Any]] | None
) -> bool:
    """Stripe lists (`refunds`) the refund that paid the duplicate back as failed: the
    customer's bank sent the money back to our Stripe balance, so the customer, emailed that
    it was refunded, is charged twice and not paid back. Once, the duplicate fails with
    Stripe's reason (staff may refund it again), the history says what Stripe reported (the
    customer's reads that it did not reach them), the customer is emailed so, and the flag
    has a line, as a bounced refund of the order has (`refund_fail_after_paid`), that stays
    until staff settle it. The order's refunded total never counted the duplicate, and does
    not move. Whether it came back. The caller holds the order's lock."""
    data = next((d for d in refunds or [] if d.get("id") == duplicate.stripe_refund_id), None)
    unpaid = None if data is None or not duplicate.stripe_refund_id else refund_unpaid_words(data)
    if unpaid is None:
        return False
    changed = DuplicatePayment.objects.filter(
        pk=duplicate.pk, status=DuplicateStatus.REFUNDED, stripe_refund_id=data["id"]
    ).update(
        status=DuplicateStatus.REFUND_FAILED, failure_message=unpaid, updated_at=timezone.now()
    )
    if not changed:
        return False
    logger.warning("Refund of duplicate %s came back after it was paid: %s.", duplicate.pk, unpaid)
    payment = duplicate.payment
    money = format_money(duplicate.amount, duplicate.currency)
    events.duplicate_refund_came_back(
        order=order,
        actor=STRIPE_REFUSED_REFUND,
        reason=(
            f"Stripe reported the refund of the duplicate charge failed after paying it "
            f"({unpaid}): {money} went back to our Stripe balance, not to the customer"
        ),
        payment_intent=payment.stripe_payment_intent_id or "",
        attempt=payment.attempt,
        amount=duplicate.amount,
        stripe_refund_id=data["id"],
    )
    charged = "twice"
    if duplicate.duplicate_of_id is None:
        canceled = order.status == OrderStatus.CANCELED
        charged = (
            "after the order was canceled" if canceled else "for an attempt the order replaced"
        )
    order_services.order_flag(
        order=order,
        actor=STRIPE_REFUSED_REFUND,
        reason=(
            f"{REFUND_CAME_BACK_FLAG}{money} ({unpaid}). It paid back payment "
            f"{payment.stripe_payment_intent_id}, a charge the order does not count, and the "
            f"customer's bank sent it back: the customer was charged {charged} and is not "
            "paid back, and was emailed so. Ask them how to be paid: refund the duplicate "
            "charge again (it may fail the same way on that card) or pay them another way, "
            "then settle this line saying how."
        ),
    )
    send_order_email.defer(
        order_id=order.pk,
        kind=EmailKind.REFUND_FAILED,
        event_key=f"duplicate-{duplicate.pk}-came-back-{data['id']}",
        amount=duplicate.amount,
        reason=refund_came_back_words(str(data.get("failure_reason") or "")),
    )
    return True


def _given_back_left_out(
    charge: Mapping[str, Any], duplicate: DuplicatePayment
) -> Mapping[str, Any]:
    """The duplicate's charge as Stripe has it now: a refund of it we recorded as failed or
    canceled by Stripe's own word, or as came back, never pays it back (a refund Stripe
    failed never succeeds after), whatever its status: one the charge lists as succeeded is
    a read older than that word (localstripe never learns of it), taken as failed and out
    of the amount refunded. Without a list, nothing is taken as paid back: a read of the
    charge that lists its refunds (reconciliation's, the refund job's) tells."""
    given_back = _refunds_given_back(duplicate)
    if not given_back:
        return charge
    refunds = (charge.get("refunds") or {}).get("data") or []
    if not refunds:
        return {**charge, "amount_refunded": 0}
    kept, stale = [], 0
    for data in refunds:
        if data.get("id") in given_back and data.get("status") == "succeeded":
            kept.append({**data, "status": "failed"})
            stale += int(data.get("amount") or 0)
        else:
            kept.append(data)
    refunded = int(charge.get("amount_refunded") or 0) - stale
    return {**charge, "amount_refunded": refunded, "refunds": {"data": kept}}


def _refunds_given_back(duplicate: DuplicatePayment) -> set[str]:
    """Stripe's ids of the duplicate's refunds that Stripe failed or canceled, or that came
    back: the history keeps them once staff ask again (the row then keeps none)."""
    with system_scope():
        given_back = set(
            OrderEvent.objects.filter(
                order_id=duplicate.order_id,
                type=OrderEventType.DUPLICATE_PAYMENT,
                data__action__in=("refund_came_back", "refund_failed"),
                data__attempt=duplicate.payment.attempt,
                data__has_key="stripe_refund_id",
            ).values_list("data__stripe_refund_id", flat=True)
        )
    if _failed_by_stripe(duplicate):  # its history row may predate the id it now keeps
        given_back.add(duplicate.stripe_refund_id)
    return given_back


def _failed_by_stripe(duplicate: DuplicatePayment) -> bool:
    """Whether the duplicate's last request failed by Stripe's own word on the refund it
    keeps (not for want of Stripe's answer)."""
    stripe_refund_id = duplicate.stripe_refund_id
    return (
        duplicate.status == DuplicateStatus.REFUND_FAILED
        and bool(stripe_refund_id)
        and duplicate.failure_message.startswith(refund_verdict_start(stripe_refund_id))
    )


def _paid_back(charge: Mapping[str, Any], duplicate: DuplicatePayment) -> int:
    """What Stripe paid back of the duplicate's charge: its amount refunded counts refunds
    still under way, taken out when it lists them (`refunds_paid_back`). Without its list,
    a refund staff asked for may be such a one (Stripe answered `pending`): nothing is
    taken as paid until a read of the charge lists it (reconciliation's), as a refund that
    failed would have been paid back and emailed for good."""
    refunds = (charge.get("refunds") or {}).get("data") or []
    refunded = int(charge.get("amount_refunded") or 0)
    if refunds:
        return refunds_paid_back(refunds, refunded_total=refunded)
    return 0 if duplicate.status == DuplicateStatus.REFUND_PENDING else refunded


def _duplicate_refunded(
    *,
    order: Order,
    payment: Payment,
    duplicate: DuplicatePayment,
    stripe_refund_id: str | None,
    actor: str,
) -> None:
    """The duplicate's charge is paid back in full: the row, its history row with who asked
    and why, the customer's email, and the flag's line about it goes. The caller holds the
    order's lock."""
    taken_by_staff = bool(duplicate.refund_actor)
    DuplicatePayment.objects.filter(pk=duplicate.pk).update(
        status=DuplicateStatus.REFUNDED,
        stripe_refund_id=stripe_refund_id,
        refunded_at=timezone.now(),
        failure_message="",
        updated_at=timezone.now(),
    )
    events.duplicate_refunded(
        order=order,
        actor=duplicate.refund_actor if taken_by_staff else actor,
        reason=duplicate.refund_reason if taken_by_staff else REFUNDED_AT_STRIPE,
        payment_intent=payment.stripe_payment_intent_id or "",
        attempt=payment.attempt,
        amount=duplicate.amount,
        stripe_refund_id=stripe_refund_id or "",
        confirmed_by=actor,
    )
    send_order_email.defer(
        order_id=order.pk,
        kind=EmailKind.CHARGE_REFUNDED,
        event_key=_refunded_email_key(
            duplicate=duplicate, payment=payment, stripe_refund_id=stripe_refund_id
        ),
        amount=duplicate.amount,
    )
    if payment.stripe_payment_intent_id:
        order_services.order_flag_clear(
            order=order, settles=duplicate_flag_prefix(payment.stripe_payment_intent_id)
        )


def _refunded_email_key(
    *, duplicate: DuplicatePayment, payment: Payment, stripe_refund_id: str | None
) -> str:
    """One "We refunded a payment" email per refund that paid the duplicate back. Until a
    refund of it came back, the duplicate alone names it (the key such emails always had);
    after, each new refund is its own email: by Stripe's id of it, else by how many came
    back before it."""
    came_back = OrderEvent.objects.filter(
        order_id=duplicate.order_id,
        type=OrderEventType.DUPLICATE_PAYMENT,
        data__action="refund_came_back",
        data__attempt=payment.attempt,
    ).count()
    if not came_back:
        return f"duplicate-{duplicate.pk}"
    if stripe_refund_id:
        return f"duplicate-{duplicate.pk}-refund-{stripe_refund_id}"
    return f"duplicate-{duplicate.pk}-after-{came_back}-came-back"


def _refund_id_in(charge: Mapping[str, Any], duplicate: DuplicatePayment) -> str | None:
    refund = _refund_in(charge, duplicate)
    return str(refund["id"]) if refund else None


def _refund_in(charge: Mapping[str, Any], duplicate: DuplicatePayment) -> dict[str, Any] | None:
    """The refund that paid the duplicate back: ours (its metadata names the duplicate),
    else the latest one Stripe lists as succeeded, in `charge` as `_given_back_left_out`
    has it (a refund that came back is not one)."""
    refunds = [
        data
        for data in (charge.get("refunds") or {}).get("data", [])
        if isinstance(data, Mapping) and data.get("status") == "succeeded" and data.get("id")
    ]
    for data in refunds:
        if str((data.get("metadata") or {}).get(METADATA_KEY, "")) == str(duplicate.payment_id):
            return dict(data)
    return dict(refunds[-1]) if refunds else None


def duplicate_payment_refund(*, payment: Payment, actor: str, reason: str) -> DuplicatePayment:
    """Pay the whole duplicate charge back: the request is recorded (pending, in the order's
    history) and a job asks Stripe once the transaction commits. Asked again while pending,
    it returns the same request; after Stripe refused, it is a new request (a new key)."""
    from payments.tasks import send_duplicate_refund

    if not reason.strip():
        raise RefundNotAllowed("A refund needs a reason.")
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        duplicate = (
            DuplicatePayment.objects.select_for_update()
            .select_related("payment")
            .filter(payment_id=payment.pk)
            .first()
        )
        if duplicate is None:
            raise RefundNotAllowed(
                f"Payment attempt {payment.attempt} is what paid order {order.number}, not a "
                "duplicate: refund the order from its refund screen."
            )
        if duplicate.status == DuplicateStatus.REFUND_PENDING:
            return duplicate
        if duplicate.status == DuplicateStatus.REFUNDED:
            raise RefundNotAllowed(
                f"The duplicate charge of payment attempt {payment.attempt} is refunded already."
            )
        duplicate.status = DuplicateStatus.REFUND_PENDING
        duplicate.refund_attempt += 1
        duplicate.refund_actor = actor
        duplicate.refund_reason = reason
        duplicate.refund_requested_at = timezone.now()
        duplicate.failure_message = ""
        # Stripe's refund of a request that failed there: the new one is Stripe's to answer.
        duplicate.stripe_refund_id = None
        duplicate.save()
        events.duplicate_refund_requested(
            order=order,
            actor=actor,
            reason=reason,
            payment_intent=duplicate.payment.stripe_payment_intent_id or "",
            attempt=duplicate.payment.attempt,
            amount=duplicate.amount,
        )
        _after_cancel_flag_reword(order=order, duplicate=duplicate, tail=REFUND_ASKED)
        send_duplicate_refund.defer(duplicate_id=duplicate.pk)
    return duplicate


def duplicate_refund_send(*, duplicate_id: int) -> None:
    """Ask Stripe to refund the duplicate's whole charge: the body of its job. Stripe out of
    reach raises (the job is retried under the same key); a refusal fails the request (staff
    may ask again). A refund Stripe answers `succeeded` is applied at once from the charge,
    as `charge.refunded` would."""
    from payments.services.refunds import refund_ask_then_apply

    with system_scope():
        duplicate = DuplicatePayment.objects.select_related("payment", "order").get(pk=duplicate_id)
    if duplicate.status != DuplicateStatus.REFUND_PENDING:
        return
    refund_ask_then_apply(
        payment=duplicate.payment,
        stripe_refund_id=duplicate.stripe_refund_id,
        ask=lambda: _refund_ask(duplicate),
    )


def _charge_left(duplicate: DuplicatePayment) -> tuple[int, Mapping[str, Any] | None]:
    """What is left to pay back of the duplicate's charge as Stripe has it (all of it, less
    what was refunded there already, never a refund of it that came back or failed), and
    the charge (None without a charge id: all of it)."""
    charge_id = duplicate.payment.stripe_charge_id
    if not charge_id:
        return duplicate.amount, None
    charge = _given_back_left_out(stripe_client.charge_retrieve(charge_id), duplicate)
    left = int(charge.get("amount") or duplicate.amount) - int(charge.get("amount_refunded") or 0)
    return left, charge


def _refund_ask(duplicate: DuplicatePayment) -> dict[str, Any] | None:
    """Stripe's answer, its refund id remembered on the row; None when Stripe refused, or
    when the charge is paid back already by a refund Stripe does not list."""
    try:
        left, charge = _charge_left(duplicate)
        if left > 0:
            answer = stripe_client.refund_create(
                payment_intent_id=duplicate.payment.stripe_payment_intent_id,
                amount=left,
                metadata={
                    "order_number": duplicate.order.number,
                    METADATA_KEY: str(duplicate.payment_id),
                },
                idempotency_key=duplicate.idempotency_key,
            )
        else:
            # Paid back already: by this job's run that ended before it remembered the
            # refund (asked again, Stripe would refuse the key for another amount), or
            # in Stripe's dashboard. That refund is Stripe's answer.
            answer = _refund_in(charge or {}, duplicate)
    except PaymentProviderUnreachable:
        raise
    except PaymentProviderError as exc:
        _refund_fail(duplicate, message=exc.detail)
        return None
    if answer is None:  # paid back by a refund the charge does not list: its event settles it
        return None
    with system_scope():
        DuplicatePayment.objects.filter(
            pk=duplicate.pk,
            status=DuplicateStatus.REFUND_PENDING,
            refund_attempt=duplicate.refund_attempt,
            stripe_refund_id__isnull=True,
        ).update(stripe_refund_id=answer["id"], updated_at=timezone.now())
    return answer


def duplicate_refund_unanswered_fail(*, duplicate_id: int) -> bool:
    """The refund's job gave up without Stripe's answer (Stripe out of reach at its last
    attempt): the request fails as a refusal does, and staff may ask again, which pays back
    only what Stripe's charge has left (`_charge_left`): never twice. Whether it failed
    (not one Stripe gave an id, which reconciliation settles)."""
    with system_scope():
        duplicate = DuplicatePayment.objects.select_related("payment").get(pk=duplicate_id)
    if duplicate.status != DuplicateStatus.REFUND_PENDING or duplicate.stripe_refund_id:
        return False
    logger.warning(
        "Stripe unreachable for duplicate %s at its last attempt: its refund failed.",
        duplicate.pk,
    )
    _refund_fail(duplicate, message=STRIPE_UNANSWERED)
    return True


def duplicates_unsent_fail(*, charge_id: str, why: str = STRIPE_NEVER_ASKED) -> int:
    """Fail, as a refusal does, the pending refund of the duplicate charge `charge_id` that
    Stripe gave no id and whose job neither waits nor runs (it ended without Stripe's
    answer: a worker killed during its last attempt). Run once the charge, just read, has
    confirmed a refund Stripe lists, or once Stripe refused to read it (`why` says so). How
    many failed."""
    from payments.tasks import send_duplicate_refund

    with system_scope():
        sending = jobs_waiting_or_running(
            task_name=send_duplicate_refund.name, argument="duplicate_id"
        )
        unsent = list(
            DuplicatePayment.objects.filter(
                payment__stripe_charge_id=charge_id,
                status=DuplicateStatus.REFUND_PENDING,
                stripe_refund_id__isnull=True,
            )
            .exclude(pk__in=sending)
            .select_related("payment")
        )
    for duplicate in unsent:
        logger.warning("Refund of duplicate %s failed: %s.", duplicate.pk, why)
        _refund_fail(duplicate, message=why)
    return len(unsent)


def duplicates_charge_unreadable_settle(*, charge_id: str, detail: str, actor: str) -> int:
    """Stripe refuses to read the duplicate charge `charge_id` (`detail`), so its refunded
    amount is unknown. A pending refund of it Stripe gave an id is read by that id: paid,
    the duplicate is refunded (Stripe was asked for all the charge had left); failed or
    canceled there, the request fails as a refusal does; still under way, nothing yet. One
    Stripe refuses to read too, or never gave an id, fails as its job's last attempt does
    once no job of it waits or runs (staff may ask again). How many it settled. Stripe out
    of reach raises."""
    from payments.tasks import send_duplicate_refund

    with system_scope():
        held = list(
            DuplicatePayment.objects.filter(
                payment__stripe_charge_id=charge_id,
                status=DuplicateStatus.REFUND_PENDING,
                stripe_refund_id__isnull=False,
            ).select_related("payment")
        )
    settled = refunds_read_one_by_one(
        held=held,
        read_apply=lambda duplicate, read: _duplicate_refund_read_apply(
            duplicate, read, actor=actor
        ),
        fail=lambda duplicate, why: _refund_fail(duplicate, message=why),
        job=(send_duplicate_refund.name, "duplicate_id"),
        named="Refund of duplicate",
    )
    why = f"its job ended, and Stripe refuses to read its charge: {detail}"
    return settled + duplicates_unsent_fail(charge_id=charge_id, why=why)


def _duplicate_refund_read_apply(
    duplicate: DuplicatePayment, stripe_refund: Mapping[str, Any], *, actor: str
) -> bool:
    """Stripe's own object of the duplicate's pending refund, read by its id: paid, the
    duplicate is refunded; failed or canceled, the request fails. Whether it settled it."""
    unpaid = refund_unpaid_words(stripe_refund)
    if unpaid is not None:
        logger.warning("Refund of duplicate %s failed: %s.", duplicate.pk, unpaid)
        _refund_fail(duplicate, message=unpaid)
        return True
    if stripe_refund.get("status") != "succeeded":
        return False
    with system_scope():
        order = Order.objects.select_for_update().get(pk=duplicate.order_id)
        asked = (
            DuplicatePayment.objects.select_for_update()
            .filter(
                pk=duplicate.pk,
                status=DuplicateStatus.REFUND_PENDING,
                refund_attempt=duplicate.refund_attempt,
            )
            .first()
        )
        if asked is None:
            return False
        _duplicate_refunded(
            order=order,
            payment=duplicate.payment,
            duplicate=asked,
            stripe_refund_id=asked.stripe_refund_id,
            actor=actor,
        )
    return True


def _refund_fail(duplicate: DuplicatePayment, *, message: str) -> None:
    with system_scope():
        order = Order.objects.select_for_update().get(pk=duplicate.order_id)
        changed = DuplicatePayment.objects.filter(
            pk=duplicate.pk,
            status=DuplicateStatus.REFUND_PENDING,
            refund_attempt=duplicate.refund_attempt,
        ).update(
            status=DuplicateStatus.REFUND_FAILED,
            failure_message=message,
            updated_at=timezone.now(),
        )
        if changed:
            stripe_refund_id = duplicate.stripe_refund_id or ""
            verdict = bool(stripe_refund_id) and message.startswith(
                refund_verdict_start(stripe_refund_id)
            )
            events.duplicate_refund_failed(
                order=order,
                actor=STRIPE_REFUSED_REFUND,
                reason=f"Refund of the duplicate charge failed at Stripe: {message}",
                payment_intent=duplicate.payment.stripe_payment_intent_id or "",
                attempt=duplicate.payment.attempt,
                amount=duplicate.amount,
                stripe_refund_id=stripe_refund_id if verdict else "",
            )
            _after_cancel_flag_reword(
                order=order, duplicate=duplicate, tail=_refund_failed_asks(message)
            )
