"""Stripe's reports of refunds applied (`charge.refunded`, `charge.refund.updated`,
`refund.updated`, `refund.failed`, a read of the charge or of one refund): ours confirmed or
failed, refunds made outside the app (Stripe's dashboard) recorded, and the order's refunded
total reconciled with Stripe's."""

import logging
from collections.abc import Collection, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from delivery.models import ITEM_REFUNDED
from morpheus.db_context import system_scope
from morpheus.money import format_money
from orders import events
from orders import services as order_services
from orders.actors import stripe_actor
from orders.models import Order
from orders.transitions import OrderStatus
from payments.intents import (
    REFUND_VERDICT,
    charge_id_of,
    metadata_number,
    payment_intent_id_of,
    refund_unpaid_words,
    refund_verdict_start,
    refunds_paid_back,
)
from payments.models import REFUNDS_ENDED_UNPAID, Payment, Refund, RefundLine, RefundStatus
from payments.selectors import (
    REFUND_PAID_AFTER_ALL_FLAG,
    REFUND_PAID_TWICE_FLAG,
    payment_for_charge,
)
from payments.services.currencies import other_currency_flagged
from payments.services.duplicates import (
    charge_is_duplicate,
    duplicate_charge_refunded,
    duplicate_refund_paid_confirm,
    duplicate_refund_unpaid_fail,
)
from payments.services.refund_failures import (
    came_back_lines_paid_again,
    failed_flag_start,
    refund_fail,
    refund_fail_after_paid,
    refunds_unsent_fail,
)
from payments.services.refund_reads import refunds_read_one_by_one
from payments.services.refund_rows import (
    items_refunded_record,
    refund_row,
    refunds_pending_record,
)

logger = logging.getLogger(__name__)

EXTERNAL_REASON = "Refunded outside the app (Stripe's dashboard)"

# The credit note's `payment_reference` (invoicing) holds at most this many characters.
REFERENCE_LENGTH = 255

# What the flag's line about a refund Stripe paid twice asks staff: the money is the
# customer's now unless they give it back; settling the line records what staff decided.
PAID_TWICE_ASKS = "Ask the customer for it back, or let it go, then settle this line saying which."


def refunds_charge_unreadable_settle(*, charge_id: str, detail: str, actor: str) -> int:
    """Stripe refuses to read the charge (`detail`: localstripe forgot it at a restart, say),
    so nothing lists its refunds. Each pending refund of it Stripe gave an id is read by that
    id (`_refund_read_apply`: paid, failed, or still under way there). One Stripe refuses to
    read too, or never gave an id, fails as its job's last attempt does (the flag, its links
    given back) once no job of it waits or runs: nothing will tell us more of it. How many
    it settled. Stripe out of reach raises."""
    from payments.tasks import send_refund

    with system_scope():
        held = list(
            Refund.objects.filter(
                payment__stripe_charge_id=charge_id,
                status=RefundStatus.PENDING,
                stripe_refund_id__isnull=False,
            )
            .select_related("payment")
            .order_by("pk")
        )
    settled = refunds_read_one_by_one(
        held=held,
        read_apply=lambda refund, read: _refund_read_apply(
            refund=refund, stripe_refund=read, actor=actor
        ),
        fail=lambda refund, why: refund_fail(refund, message=why),
        job=(send_refund.name, "refund_id"),
        named="Refund",
    )
    why = f"its job ended, and Stripe refuses to read its charge: {detail}"
    return settled + refunds_unsent_fail(charge_id=charge_id, why=why)


def charge_refunded_apply(*, charge: Mapping[str, Any], actor: str) -> None:
    """Confirm our refunds, fail those Stripe lists as failed or canceled (as a refusal
    does), record refunds made outside the app, and reconcile the order's refunded total
    with Stripe's; a full refund revokes the order's download links. Each
    refund settled here raises the total by its own amount, ours in the order staff asked
    for them, so each has its own history row, credit note and email: one read of the
    charge may settle several (a job that died before reading it leaves its refund to the
    next). Idempotent: the job that sent a refund and the later event both come through
    here."""
    with transaction.atomic():
        payment = payment_for_charge(charge)
        if payment is None:
            logger.warning("Refunded charge %s is not ours; ignored.", charge.get("id"))
            return
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        refunds = (charge.get("refunds") or {}).get("data", [])
        # The charge's currency, and each refund's (outside probe HU-3: a EUR charge's
        # refund told in USD was applied as euros).
        told = [charge.get("currency", payment.currency)]
        told += [refund.get("currency", payment.currency) for refund in refunds]
        if any(
            other_currency_flagged(
                order=order,
                payment=payment,
                currency=currency,
                what=f"the refunds of charge {charge.get('id')}",
                actor=actor,
            )
            for currency in told
        ):
            return
        if charge_is_duplicate(order=order, payment=payment):
            # A charge the order does not count: its refund is the duplicate's, never the
            # order's (no refunded total, status, revoked links or credit note).
            duplicate_charge_refunded(order=order, payment=payment, charge=charge, actor=actor)
            return
        _refunds_apply(
            order=order,
            payment=payment,
            refunds=refunds,
            refunded_total=int(charge.get("amount_refunded") or 0),
            actor=actor,
        )
        _refunds_unpaid_fail(order=order, refunds=refunds)


def charge_refund_updated_apply(*, refund: Mapping[str, Any], actor: str) -> None:
    """`charge.refund.updated`, `refund.updated` or `refund.failed` (one Refund object, and
    an account may send all three): Stripe changed the status of one refund of a charge.
    Ours, of the order or of a duplicate charge, that Stripe failed or canceled after
    answering `pending` fails as a refusal does, with Stripe's reason; the order's one Stripe
    had paid fails too, its amount no longer counted refunded (`refund_fail_after_paid`), and a
    duplicate's came back (`duplicate_refund_unpaid_fail`). One still pending here that
    Stripe paid is confirmed as a read of Stripe's refund confirms it (`_refund_read_apply`,
    `duplicate_refund_paid_confirm`). Each once, whichever of these events, `charge.refunded`
    and reconciliation tells of it first. Any other change (still under way) waits."""
    unpaid = refund_unpaid_words(refund)
    if unpaid is None and refund.get("status") != "succeeded":
        return
    charge_id = charge_id_of(refund)
    with transaction.atomic():
        payment = payment_for_charge(
            {"id": charge_id, "payment_intent": payment_intent_id_of(refund)}
        )
        if payment is None:
            logger.warning("Refund %s of charge %s is not ours; ignored.", refund["id"], charge_id)
            return
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        if other_currency_flagged(
            order=order,
            payment=payment,
            currency=refund.get("currency", payment.currency),
            what=f"refund {refund['id']} of charge {charge_id}",
            actor=actor,
        ):
            return
        if charge_is_duplicate(order=order, payment=payment):
            if unpaid is None:
                duplicate_refund_paid_confirm(payment=payment, refund=refund, actor=actor)
            else:
                duplicate_refund_unpaid_fail(order=order, payment=payment, refunds=[refund])
        elif unpaid is None:
            _unnamed_external_row_named(order=order, data=refund)
            held = set(order.refunds.values_list("stripe_refund_id", flat=True))
            row = (
                order.refunds.select_related("payment")
                .filter(_ours(refund, held=held), status=RefundStatus.PENDING)
                .first()
            )
            if row is not None:
                _refund_read_apply(refund=row, stripe_refund=refund, actor=actor)
        else:
            _refunds_unpaid_fail(order=order, refunds=[refund])


def _refund_read_apply(*, refund: Refund, stripe_refund: Mapping[str, Any], actor: str) -> bool:
    """Stripe's own object of the pending `refund`, read by its id where Stripe refuses to
    read its charge (reconciliation): paid, the refund is confirmed as a read of the charge
    listing it would confirm it (its history row, credit note and email; the order refunded
    when it pays back the rest); failed or canceled there, it fails as a refusal does.
    Still under way at Stripe: nothing yet. Whether it settled the refund."""
    unpaid = refund_unpaid_words(stripe_refund)
    if unpaid is not None:
        logger.warning("Refund %s failed: %s.", refund.pk, unpaid)
        refund_fail(refund, message=unpaid)
        return True
    if stripe_refund.get("status") != "succeeded":
        return False
    with system_scope():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        if not order.refunds.filter(pk=refund.pk, status=RefundStatus.PENDING).exists():
            return False
        amount = int(stripe_refund.get("amount") or refund.amount)
        _refunds_apply(
            order=order,
            payment=refund.payment,
            refunds=[stripe_refund],
            refunded_total=order.refunded_amount + amount,
            actor=actor,
        )
    return True


def _refunds_apply(
    *,
    order: Order,
    payment: Payment,
    refunds: list[Mapping[str, Any]],
    refunded_total: int,
    actor: str,
) -> None:
    """`charge_refunded_apply` for the order's own charge: the `refunds` Stripe lists of it,
    `refunded_total` what it counts refunded of it in all, refunds still under way there
    included (`_paid_back` takes them out). The caller holds the order's lock."""
    from delivery.services import download_links_refunded

    refunds, refunded_total = _failed_at_stripe_kept(
        order=order, refunds=refunds, refunded_total=refunded_total
    )
    paid_back = _paid_back(order=order, refunds=refunds, refunded_total=refunded_total)
    beyond_total = paid_back > order.total_amount
    was_refunded = order.status == OrderStatus.REFUNDED
    for row, stripe_refund_id in _refunds_confirmed(order=order, refunds=refunds):
        _refund_confirm(order=order, refund=row, stripe_refund_id=stripe_refund_id)
        if not beyond_total:
            _refund_settled_record(
                order=order,
                refund=row,
                stripe_refund_id=stripe_refund_id,
                refunded_total=paid_back,
                actor=actor,
            )
    items_refunded_record(order=order)
    refunds_pending_record(order=order)
    if beyond_total:
        order_services.order_flag(
            order=order,
            actor=actor,
            reason=f"Stripe refunded {format_money(paid_back, order.currency)}, more than the "
            f"order total of {format_money(order.total_amount, order.currency)}.",
        )
        return
    for row in _record_external_refunds(
        order=order,
        payment=payment,
        refunds=refunds,
        refunded_total=refunded_total,
        actor=actor,
    ):
        _refund_settled_record(
            order=order,
            refund=row,
            stripe_refund_id=row.stripe_refund_id,
            refunded_total=paid_back,
            actor=actor,
        )
    # What no refund Stripe listed explains (it reported an amount without its refunds).
    order_services.order_record_refunded_amount(
        order=order,
        refunded_total=paid_back,
        actor=actor,
        reason="Refund confirmed by Stripe",
    )
    if order.status == OrderStatus.REFUNDED and not was_refunded:
        download_links_refunded(order=order, actor=actor)


def _failed_at_stripe_kept(
    *, order: Order, refunds: list[Mapping[str, Any]], refunded_total: int
) -> tuple[list[Mapping[str, Any]], int]:
    """Stripe's list of the charge's refunds, and its refunded total, as Stripe has them now:
    a refund it lists as succeeded that a row of ours failed by Stripe's own word
    (`refund_verdict_start`) is a read older than that word (events come in any order, and
    a refund Stripe failed or canceled never succeeds after), so it is taken as failed, its
    amount out of the total. Before, such a read confirmed the row as paid after all and
    counted its amount refunded again. Without a list (Stripe's events of this API version)
    the total may be such an older read's: what those rows asked for is taken out of it, so
    it never records them again as a refund made outside the app; a refund truly made there
    meanwhile waits for a read of the charge that lists it (a refund job's, reconciliation's)."""
    failed = order.refunds.filter(status=RefundStatus.FAILED)
    if not refunds:
        by_stripe = failed.filter(failure_message__startswith=REFUND_VERDICT)
        taken = by_stripe.aggregate(total=Sum("amount"))["total"] or 0
        return refunds, max(refunded_total - taken, 0)
    if not any(data.get("status") == "succeeded" for data in refunds):
        return refunds, refunded_total
    words = list(failed.values_list("failure_message", flat=True))
    kept, stale = [], 0
    for data in refunds:
        start = refund_verdict_start(data.get("id"))
        if data.get("status") == "succeeded" and any(word.startswith(start) for word in words):
            kept.append({**data, "status": "failed"})
            stale += int(data.get("amount") or 0)
        else:
            kept.append(data)
    return kept, refunded_total - stale


def _paid_back(*, order: Order, refunds: list[Mapping[str, Any]], refunded_total: int) -> int:
    """What Stripe paid back of the order's charge, that it counts `refunded_total` refunded:
    not what the refunds it lists as still under way will pay (`refunds_paid_back`; should
    one fail, it never paid), nor, when it lists none (its event carries no list), what our
    refunds still pending will: the next read of the charge, reconciliation's or a refund
    job's, lists them, and counts those it paid. Recorded before, a refund that failed left
    the order refunded for good (a refunded total never goes down)."""
    if refunds:
        return refunds_paid_back(refunds, refunded_total=refunded_total)
    pending = order.refunds.filter(status=RefundStatus.PENDING).aggregate(total=Sum("amount"))
    return refunded_total - (pending["total"] or 0)


def _refunds_confirmed(
    *, order: Order, refunds: list[Mapping[str, Any]]
) -> list[tuple[Refund, str]]:
    """Our refunds Stripe lists as succeeded, each with its Stripe id, in the order staff
    asked for them: the pending ones, and the failed ones Stripe paid after all (their
    request reached Stripe while their job gave up); their metadata names them. Locked."""
    found: dict[int, tuple[Refund, str]] = {}
    held = set(order.refunds.values_list("stripe_refund_id", flat=True))
    for data in refunds:
        if data.get("status") != "succeeded":
            continue
        row = (
            order.refunds.select_for_update()
            .filter(_ours(data, held=held), status__in=(RefundStatus.PENDING, RefundStatus.FAILED))
            .exclude(pk__in=found)
            .first()
        )
        if row is not None:
            found[row.pk] = (row, data["id"])
    return [found[pk] for pk in sorted(found)]


def _ours(data: Mapping[str, Any], *, held: Collection[str | None]) -> Q:
    """Our row of Stripe's refund `data`: the one holding its id, or the one its metadata
    names while Stripe gave that row no id yet (its job died before keeping Stripe's answer)
    and no row holds this id (`held`)."""
    ours = Q(stripe_refund_id=data["id"])
    refund_id = metadata_number(data.get("metadata"), "refund_id")
    if refund_id is not None and data["id"] not in held:
        ours |= Q(pk=refund_id, stripe_refund_id__isnull=True)
    return ours


def _refunds_unpaid_fail(*, order: Order, refunds: list[Mapping[str, Any]]) -> None:
    """Our refunds that Stripe lists as failed or canceled fail with Stripe's reason: a
    pending one (it answered `pending`, then the bank sent the money back, or someone
    canceled it) as a refusal does (the flag's line, the links given back, the customer's
    history); one Stripe had paid (the customer's bank sent the money back since) as
    `refund_fail_after_paid` says. Once: a later read of the charge or event finds them
    failed, and one listing them as paid is older (`_failed_at_stripe_kept`). The caller
    holds the order's lock."""
    for data in refunds:
        if refund_unpaid_words(data) is not None:
            _unnamed_external_row_named(order=order, data=data)
    held = set(order.refunds.values_list("stripe_refund_id", flat=True))
    for data in refunds:
        unpaid = refund_unpaid_words(data)
        if unpaid is None:
            continue
        row = (
            order.refunds.filter(_ours(data, held=held))
            .filter(status__in=(RefundStatus.PENDING, RefundStatus.SUCCEEDED))
            .first()
        )
        if row is None:
            continue
        logger.warning("Refund %s failed: %s.", row.pk, unpaid)
        if row.status == RefundStatus.SUCCEEDED:
            refund_fail_after_paid(row, message=unpaid, data=data)
        else:
            refund_fail(row, message=unpaid)


def _refund_confirm(*, order: Order, refund: Refund, stripe_refund_id: str) -> None:
    """Mark the refund succeeded; a failed one keeps its staff reason and actor."""
    Refund.objects.filter(pk=refund.pk).update(
        status=RefundStatus.SUCCEEDED,
        stripe_refund_id=stripe_refund_id,
        failure_message="",
        succeeded_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if refund.status == RefundStatus.FAILED:
        _paid_after_all_record(order=order, refund=refund, stripe_refund_id=stripe_refund_id)


def _refund_settled_record(
    *, order: Order, refund: Refund, stripe_refund_id: str, refunded_total: int, actor: str
) -> None:
    """Raise the order's refunded total by what the refund, just succeeded, paid back (never
    beyond Stripe's `refunded_total`): its history row, credit note and email. The items
    and pending amounts are recorded first, as this refund leaves them, so the credit note
    credits the lines this refund paid back, and not those of a refund settled after it. The
    flag's lines for refunds that came back say what it paid again of them."""
    items_refunded_record(order=order)
    refunds_pending_record(order=order)
    order_services.order_record_refunded_amount(
        order=order,
        refunded_total=min(order.refunded_amount + refund.amount, refunded_total),
        actor=actor,
        reason="Refund confirmed by Stripe",
        refund_reference=stripe_refund_id,
        items_refunded=_items_refunded_by(order=order, stripe_refund_ids=[stripe_refund_id]),
    )
    came_back_lines_paid_again(order=order)


def _paid_after_all_record(*, order: Order, refund: Refund, stripe_refund_id: str) -> None:
    """The refund recorded as failed (`refund`, as it was) was paid by Stripe: the history
    says so, the links its failure gave back to the items it refunds stop again, and the
    flag's line asking to refund again or to tell the customer why not makes way for one
    telling staff the customer was paid back, until they settle it (they may have told the
    customer nothing was refunded). The caller holds the order's lock."""
    from delivery.services import download_links_revoke_items

    actor = stripe_actor(stripe_refund_id)
    money = format_money(refund.amount, refund.currency)
    reason = (
        f"{REFUND_PAID_AFTER_ALL_FLAG}{refund.pk} after all, recorded here as failed "
        f"({refund.failure_message}): {stripe_refund_id} ({money}). The customer was paid "
        "back: do not refund it again."
    )
    events.refund_paid_after_failing(
        order=order,
        actor=actor,
        reason=reason,
        refund_id=refund.pk,
        amount=refund.amount,
        stripe_refund_id=stripe_refund_id,
    )
    if item_ids := sorted(refund.lines.values_list("order_item_id", flat=True)):
        download_links_revoke_items(
            order=order, item_ids=item_ids, reason=ITEM_REFUNDED, actor=actor
        )
    alike = order.refunds.filter(
        status=RefundStatus.FAILED, amount=refund.amount, failure_message=refund.failure_message
    )
    if not alike.exists():  # two alike share one line, which stays for the other
        order_services.order_flag_clear(
            order=order,
            settles=failed_flag_start(refund.amount, refund.currency, refund.failure_message),
        )
    order_services.order_flag(order=order, actor=actor, reason=reason)


def refunds_reference(order: Order) -> str:
    """The payment reference naming every refund of the order Stripe confirmed."""
    confirmed = order.refunds.filter(status=RefundStatus.SUCCEEDED).exclude(
        stripe_refund_id__isnull=True
    )
    return _refund_reference(
        list(confirmed.order_by("pk").values_list("stripe_refund_id", flat=True))
    )


def _items_refunded_by(*, order: Order, stripe_refund_ids: list[str]) -> tuple[str, ...]:
    """The titles of the items these refunds paid back as items (their links close)."""
    lines = RefundLine.objects.filter(
        refund__order=order, refund__stripe_refund_id__in=stripe_refund_ids
    ).order_by("order_item_id")
    return tuple(lines.values_list("order_item__title", flat=True).distinct())


def _refund_reference(stripe_refund_ids: list[str]) -> str:
    """The payment reference of the credit note for what this charge's refunds added: the
    refunds settled now (Stripe's ids), as many as the reference holds."""
    reference = ""
    for stripe_refund_id in stripe_refund_ids:
        longer = f"{reference}, {stripe_refund_id}" if reference else stripe_refund_id
        if len(longer) > REFERENCE_LENGTH:
            break
        reference = longer
    return reference


def _record_external_refunds(
    *,
    order: Order,
    payment: Payment,
    refunds: list[Mapping[str, Any]],
    refunded_total: int,
    actor: str,
) -> list[Refund]:
    """Stripe refunded more than our rows account for: someone refunded at Stripe directly.
    One row for each refund in the charge's list that is not ours (`_refund_confirm` gave
    each of ours its Stripe id), Stripe's refund its actor; without a list, one row for
    what our rows do not explain. A refund whose metadata names one of our rows all the
    same was paid once more than asked: the order is flagged until staff settle the line
    (`refund_failures_settle`). The rows of refunds Stripe listed."""
    rows = order.refunds.all()
    if not refunds:
        accounted = rows.exclude(status__in=REFUNDS_ENDED_UNPAID).aggregate(total=Sum("amount"))
        unexplained = refunded_total - (accounted["total"] or 0)
        if unexplained > 0:
            _external_refund_record(
                order=order, payment=payment, stripe_refund_id=None, amount=unexplained, actor=actor
            )
        return []
    ours = {row.stripe_refund_id: row for row in rows if row.stripe_refund_id}
    named = {str(row.pk): row for row in rows}
    recorded = []
    for data in refunds:
        amount = int(data.get("amount") or 0)
        if data.get("status") != "succeeded" or amount <= 0 or data["id"] in ours:
            continue
        if _unnamed_external_row_named(order=order, data=data):
            continue  # recorded already, by an event that did not list it
        row = named.get(str((data.get("metadata") or {}).get("refund_id", "")))
        reason = EXTERNAL_REASON if row is None else _paid_new_order_words(row, data["id"], amount)
        recorded.append(
            _external_refund_record(
                order=order,
                payment=payment,
                stripe_refund_id=data["id"],
                amount=amount,
                actor=stripe_actor(data["id"]),
                reason=reason,
            )
        )
        if row is not None:
            order_services.order_flag(
                order=order, actor=actor, reason=f"{reason} {PAID_TWICE_ASKS}"
            )
    return recorded


def _unnamed_external_row_named(*, order: Order, data: Mapping[str, Any]) -> bool:
    """A refund made at Stripe that a `charge.refunded` without the charge's refund list
    recorded as the row of an amount nothing explained, without Stripe's id: once Stripe names
    a refund of that amount (its own event, a read or event listing it) that no row holds,
    that row takes its id. Outside probe GJ-1: its failure, told by its own event, was
    matched to no row (counted refunded, its credit note standing, nobody told); GJ-2: a later
    event listing it recorded it a second time. Whether a row was named."""
    amount = int(data.get("amount") or 0)
    if amount <= 0 or order.refunds.filter(stripe_refund_id=data["id"]).exists():
        return False
    unnamed = order.refunds.filter(
        external=True, stripe_refund_id__isnull=True, status=RefundStatus.SUCCEEDED, amount=amount
    ).order_by("pk")
    return bool(Refund.objects.filter(pk__in=unnamed[:1]).update(stripe_refund_id=data["id"]))


def _paid_new_order_words(row: Refund, stripe_refund_id: str, amount: int) -> str:
    return (
        f"{REFUND_PAID_TWICE_FLAG}{stripe_refund_id} repeats {row.stripe_refund_id}: the "
        f"customer was paid back {format_money(amount, row.currency)} more than staff asked for."
    )


def _external_refund_record(
    *,
    order: Order,
    payment: Payment,
    stripe_refund_id: str | None,
    amount: int,
    actor: str,
    reason: str = EXTERNAL_REASON,
) -> Refund:
    refund = refund_row(
        order,
        payment,
        amount,
        reason,
        actor,
        status=RefundStatus.SUCCEEDED,
        stripe_refund_id=stripe_refund_id,
        external=True,
        succeeded_at=timezone.now(),
    )
    events.refund_external(
        order=order,
        actor=actor,
        reason=reason,
        refund_id=refund.pk,
        amount=amount,
        stripe_refund_id=stripe_refund_id,
    )
    return refund
