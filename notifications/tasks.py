from django.conf import settings
from django.urls import reverse

from morpheus.jobs import job
from notifications.models import EmailDelivery, EmailKind, EmailWithheld
from notifications.selectors import address_waiting, downloads_may_be_emailed, email_recorded
from notifications.services import email_send_once, email_withdraw
from orders.errors import OrderError
from orders.events import EXPIRED
from orders.guests import guest_order_url, is_guest
from orders.models import Order, OrderEventType
from orders.selectors import (
    canceled_order_comics,
    order_disputes_lost_total,
    order_free_items_kept,
    order_given_by_staff,
    order_payment_failure_message,
    order_unpayable_words,
)
from orders.services import order_payable_check
from orders.status_words import cannot_be_charged_at_once
from orders.transitions import UNPAID_STATUSES, OrderStatus


@job(queue="emails")
def send_order_email(
    *,
    order_id: int,
    kind: str,
    event_key: str,
    amount: int = 0,
    reason: str = "",
    news: str = "",
    refunded_total: int | None = None,
    items_refunded: list[str] | None = None,
    version: int | None = None,
) -> None:
    """Send one customer email about an order event, once, however often the job runs. A
    failed payment's email goes only if the order is as that failure left it (`version`):
    another attempt since, failed too, has its own email (declines in a row send one). A
    refund's email says what was refunded with it (`refunded_total`), not what the order
    shows when the email goes: found by an outside probe, the first of two refunds settling
    together said the order was fully refunded. (A job queued without it, before this
    upgrade, says what the order shows.) It names the comics refunded as items
    (`items_refunded`), whose downloads close. A repricing's `news` is its `reason` worded for
    a customer told no total before (a job queued without it, before this upgrade: `reason`)."""
    email_kind = EmailKind(kind)
    if email_kind is EmailKind.ORDER_REPRICED and _received_with_the_new_total(
        order_id=order_id, repriced_key=event_key, news=news or reason
    ):
        return
    email_send_once(
        order_id=order_id,
        kind=email_kind,
        event_key=event_key,
        context=lambda order: _extra_context(
            email_kind, order, amount, reason, refunded_total, items_refunded or [], version
        ),
    )


def _received_with_the_new_total(*, order_id: int, repriced_key: str, news: str) -> bool:
    """The "We received your order" email, if it has not gone yet, sent at the repriced total
    with why, and in place of the "now costs more" email: the customer was never told the
    total it replaces (outside probe BR-3: with VIES answering within a second, "now costs
    €3.99, not €3.73 as we first told you" came first, and no page or email had said €3.73).
    Sent already, at the total before (its job ran first), the "now costs more" email
    follows it. Under the received email's lock (`email_send_once`): a run of its job
    composing it at the total before finishes first.

    Whether it told the repricing: the "now costs more" email's row goes as the received
    email is marked sent, so no record says that email went (the customer's data export
    listed it as sent) and a retry of this job sends neither again. Until then the row
    stays: the received email's own job leaves that email to this one, whose retry folds
    the news in if the send failed."""

    def context(order: Order) -> dict[str, object] | None:
        extra = _received_context(order)
        return None if extra is None else {**extra, "repriced_reason": news}

    email_send_once(
        order_id=order_id,
        kind=EmailKind.ORDER_RECEIVED,
        event_key="placed",
        context=context,
        when_sent=lambda order: email_withdraw(
            order_id=order.pk, kind=EmailKind.ORDER_REPRICED, event_key=repriced_key
        ),
    )
    return not email_recorded(
        order_id=order_id, kind=EmailKind.ORDER_REPRICED, event_key=repriced_key
    )


def _received_context(order: Order) -> dict[str, object] | EmailWithheld | None:
    if order.status == OrderStatus.CANCELED:
        return None  # canceled while this email waited (a busy queue, a worker restarted)
    if order.status not in UNPAID_STATUSES and order.total_amount:
        # Paid meanwhile: its payment's email says so (outside probe FR-2: this one came
        # after the links, saying they would follow). A free order has no such email.
        return None
    if order_given_by_staff(order=order):
        return EmailWithheld.GIFT  # the customer placed nothing
    if order.status not in UNPAID_STATUSES and downloads_may_be_emailed(order):
        # Completed for free meanwhile: its downloads email says so (outside probe GW-2:
        # this one came after it, saying the links would follow). To an address not
        # confirmed, which gets no links, this one says where the comics are.
        return None
    return {
        "links_emailed": downloads_may_be_emailed(order),
        "confirmation_waiting": address_waiting(user_id=order.customer_id, email=order.email),
        "cannot_be_paid": cannot_be_charged_at_once(order),
        # A comic taken off sale, a bundle price that lapsed, a comic bought since in another
        # order: its order page says what to do.
        "unpayable": _unpayable_words(order),
        # Not paid yet when it goes (the customer left the pay page): how long it may wait
        # for its payment (outside probe GQ-2: nothing said it was unpaid, nor for how long).
        "pay_within_hours": (
            settings.UNPAID_ORDER_MAX_AGE_HOURS if order.status == OrderStatus.PENDING else None
        ),
    }


def _unpayable_words(order: Order) -> str:
    """Why the pending order cannot be paid, as its order page says: `order_unpayable_words`,
    or a comic the customer owns since, bought in another order (outside probe HD-2: the
    email said "pay for it from your order page")."""
    if words := order_unpayable_words(order=order):
        return words
    if order.status != OrderStatus.PENDING:
        return ""
    try:
        order_payable_check(order=order)
    except OrderError as refusal:
        return str(refusal)
    return ""


def _extra_context(
    kind: EmailKind,
    order: Order,
    amount: int,
    reason: str,
    refunded_total: int | None = None,
    items_refunded: list[str] | None = None,
    version: int | None = None,
) -> dict[str, object] | None:
    if kind is EmailKind.ORDER_RECEIVED:
        if EmailDelivery.objects.filter(order=order, kind=EmailKind.ORDER_REPRICED).exists():
            return None  # repriced before it went: the repriced email's job sends it, saying why
        failed = order.emails.filter(kind=EmailKind.PAYMENT_FAILED, sent_at__isnull=False)
        if failed.exists():
            # Its "did not go through" email went first, naming the order and how to pay it
            # (outside probe HL-2: this one came after it, saying links would follow "as
            # soon as the payment is confirmed").
            return None
        return _received_context(order)
    if kind is EmailKind.PAYMENT_FAILED:
        if order.status not in UNPAID_STATUSES:
            return None  # the customer retried and paid while this email waited
        if version is not None and order.version != version:
            return None  # the order moved on: another attempt, whose failure has its email
        return {
            "reason": order_payment_failure_message(order=order),
            "retry_url": _retry_url(order),
        }
    if kind is EmailKind.REFUND_ISSUED:
        refunded = order.refunded_amount if refunded_total is None else refunded_total
        dispute_lost = order_disputes_lost_total(order=order)
        return {
            "amount": amount,
            "refunded_so_far": refunded,
            # Outside probe IA-2: "€2.99 of €4.99" read as €2.00 still owed, which a lost
            # dispute had given back through the customer's bank.
            "dispute_lost": dispute_lost,
            "all_back": dispute_lost and refunded + dispute_lost >= order.total_amount,
            "items_refunded": items_refunded,
            "items_kept": _items_kept(order) if items_refunded else [],
            # No links went to an address never confirmed: the comics were in the library
            # alone (outside probe HC-2: "its download link no longer works").
            "links_emailed": order.emails.filter(
                kind=EmailKind.DOWNLOADS_READY, sent_at__isnull=False
            ).exists(),
            # All paid back may still leave the customer the order's free comics.
            "fully_refunded": refunded == order.total_amount and not order_free_items_kept(order),
        }
    if kind is EmailKind.CHARGE_REFUNDED:
        return {"amount": amount}
    if kind is EmailKind.REFUND_FAILED:
        return {"amount": amount, "reason": reason}
    if kind is EmailKind.LINKS_SUSPENDED:
        return {"reason": reason}
    if kind is EmailKind.ORDER_CANCELED:
        if order.status != OrderStatus.CANCELED:
            return None  # never: a canceled order stays so; said for a job queued twice
        return {
            "was_being_paid": _canceled_while_paid(order),
            "expired_after_hours": _expired_after_hours(order),
            "catalog_url": _catalog_url(),
            # As its pages say (outside probe HS-1: it offered comics taken off sale).
            "canceled": canceled_order_comics(order=order),
        }
    if kind is EmailKind.ORDER_REPRICED:
        if order.status not in UNPAID_STATUSES:
            return None  # paid (its payment email says what) or canceled while this waited
        return {
            "was_total": amount,
            "reason": reason,
            "retry_url": _retry_url(order),
            "cannot_be_paid": cannot_be_charged_at_once(order),
        }
    return {}


def _items_kept(order: Order) -> list[str]:
    """The titles of the items no refund of items takes: still the customer's."""
    kept = order.items.filter(refunded_amount=0, refund_pending_amount=0).order_by("pk")
    return list(kept.values_list("title", flat=True))


def _canceled_while_paid(order: Order) -> bool:
    """Canceled while a payment was under way: it may still go through, and is then paid
    back (the customer gets the refund's email)."""
    return order.events.filter(
        type=OrderEventType.STATUS_CHANGED,
        from_status=OrderStatus.PROCESSING,
        to_status=OrderStatus.CANCELED,
    ).exists()


def _expired_after_hours(order: Order) -> int | None:
    """The hours an unpaid order is kept, when its expiry canceled it; else None."""
    expired = order.events.filter(to_status=OrderStatus.CANCELED, reason=EXPIRED).exists()
    return settings.UNPAID_ORDER_MAX_AGE_HOURS if expired else None


def _catalog_url() -> str:
    return settings.SITE_URL + reverse("catalog:list")


def _retry_url(order: Order) -> str:
    """Where the customer pays again: the pay page, or for a guest, who has no password to
    sign in with, the signed link to their order's page, which offers the payment."""
    if is_guest(order.customer):
        return guest_order_url(order)
    return settings.SITE_URL + reverse("orders:pay", args=[order.number])
