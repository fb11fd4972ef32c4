"""The order history's vocabulary: one function per kind of row, each with a fixed `data` shape.

Status changes are not here: the database trigger records them (orders.sql) and
`orders.services.order_transition` announces them. Callers run these inside the transaction that
makes the change they record. An event that has jobs (placed, refund recorded, dispute opened,
dispute lost or its loss reversed)
announces itself here with its domain signal (`orders.signals`), whose receivers in the apps
above `orders` defer those jobs in the same transaction: a call site records the event once and
its side effects follow.
"""

import hashlib
from datetime import datetime
from uuid import UUID

from morpheus.jobs import deferred_together
from orders import signals
from orders.buyer import BuyerDeclaration
from orders.models import Order, OrderEvent, OrderEventType

T = OrderEventType
LINKS_REISSUED = "reissued"
LINKS_RESEND_ASKED = "resend_asked"
# The action of a dispute lost before and won after all (the customer's bank gave it back).
LOSS_REVERSED = "loss_reversed"
# The reason of an unpaid order's cancel by its expiry (`payments.services.order_expire`).
EXPIRED = "expired"


def _record(
    order: Order, type: OrderEventType, actor: str, reason: str = "", **data: object
) -> OrderEvent:
    return OrderEvent.objects.create(order=order, type=type, actor=actor, reason=reason, data=data)


def order_placed(
    *, order: Order, actor: str, items: int, declaration: BuyerDeclaration | None = None
) -> OrderEvent:
    """`declaration` is what the buyer said at checkout (country, VAT number), for the VAT
    app's receiver."""
    row = _record(
        order,
        T.CREATED,
        actor,
        total_amount=order.total_amount,
        currency=order.currency,
        items=items,
    )
    with deferred_together():
        signals.order_placed.send(
            sender=Order, order_id=order.pk, actor=actor, declaration=declaration
        )
    return row


def links_issued(
    *, order: Order, actor: str, links: int, expires_at: datetime, reissue: bool, reason: str = ""
) -> OrderEvent:
    action = LINKS_REISSUED if reissue else "issued"
    return _links_event(order, actor, reason, action, links, expires_at)


def _links_event(
    order: Order,
    actor: str,
    reason: str,
    action: str,
    links: int,
    expires_at: datetime,
    **item: object,
) -> OrderEvent:
    return _record(
        order,
        T.DOWNLOAD_LINKS,
        actor,
        reason,
        action=action,
        links=links,
        expires_at=expires_at.isoformat(),
        **item,
    )


def _one_link(
    order: Order, actor: str, reason: str, action: str, item_id: int, expires_at: datetime
) -> OrderEvent:
    return _links_event(order, actor, reason, action, 1, expires_at, item=item_id)


def link_issued_for_item(
    *, order: Order, actor: str, item_id: int, title: str, expires_at: datetime
) -> OrderEvent:
    reason = f"Link to {title} asked for through the API"
    return _one_link(order, actor, reason, "issued_one", item_id, expires_at)


def link_issued_from_library(
    *, order: Order, actor: str, item_id: int, title: str, expires_at: datetime
) -> OrderEvent:
    reason = f"Link to {title} asked for from the library"
    return _one_link(order, actor, reason, "library", item_id, expires_at)


def download_file_missing(
    *, order: Order, actor: str, item_id: int, asset_id: int, title: str, file: str
) -> OrderEvent:
    """A download of `title` found its file, `file` (its storage name), gone from the
    storage: the customer was answered "Download temporarily unavailable", nothing counted."""
    reason = (
        f"The file of {title} ({file}) is missing from the storage: its downloads answer "
        "“Download temporarily unavailable”, counting nothing, until the file is put back"
    )
    return _record(
        order,
        T.DOWNLOAD_LINKS,
        actor,
        reason,
        action="file_missing",
        item=item_id,
        asset=asset_id,
        file=file,
    )


def stamped_copy_remade(
    *, order: Order, actor: str, item_id: int, asset_id: int, title: str, file: str
) -> OrderEvent:
    """A download found the buyer's ready stamped copy of `file` (the comic's file name)
    gone from the storage: it is made again from the original, the link page says
    "Preparing your copy" meanwhile."""
    reason = (
        f"The customer's copy of {title} ({file}) was missing from the storage at a "
        "download: a new one is being made, the link says “Preparing your copy” until then"
    )
    return _stamped_copy(order, actor, reason, "remade", item_id, asset_id, file)


def stamped_copy_dropped(
    *, order: Order, actor: str, item_id: int, asset_id: int, title: str, file: str
) -> OrderEvent:
    """The buyer's stamped copy could not be made: the original, `file` (its storage
    name), is gone from the storage. The request is dropped; the first download once the
    original is back asks again."""
    reason = (
        f"The original of {title} ({file}) is missing from the storage: its downloads "
        "answer “Download temporarily unavailable” until the file is put back, then the "
        "next download has the copy made"
    )
    return _stamped_copy(order, actor, reason, "dropped", item_id, asset_id, file)


def stamped_copy_unavailable(
    *, order: Order, actor: str, item_id: int, asset_id: int, title: str, file: str
) -> OrderEvent:
    """A download found the buyer's ready stamped copy gone from the storage, and its
    original, `file` (its storage name), too: the copy cannot be made again, its request is
    dropped; the first download once the original is back asks again."""
    reason = (
        f"The customer's copy of {title} and its original ({file}) are missing from the "
        "storage: its downloads answer “Download temporarily unavailable” until the original "
        "is put back, then the next download has the copy made"
    )
    return _stamped_copy(order, actor, reason, "unavailable", item_id, asset_id, file)


def _stamped_copy(
    order: Order, actor: str, reason: str, action: str, item_id: int, asset_id: int, file: str
) -> OrderEvent:
    return _record(
        order, T.STAMPED_COPY, actor, reason, action=action, item=item_id, asset=asset_id, file=file
    )


def joined_account(*, order: Order, actor: str, guest_id: int, user_id: int) -> OrderEvent:
    """A guest order moved to the account that confirmed the guest's address."""
    return _record(order, T.CLAIMED, actor, guest=guest_id, user=user_id)


def address_changed(*, order: Order, actor: str, reason: str) -> OrderEvent:
    """The order's email address was replaced; neither address is named here: the history
    cannot be rewritten, and an erasure must leave no address behind."""
    return _record(order, T.ADDRESS, actor, reason)


def links_resend_asked(*, order: Order, actor: str, reason: str) -> OrderEvent:
    """Staff asked for fresh links to be emailed; a job issues them (`links_issued`). Until
    it has, this row is the change a colleague's page sent meanwhile is told of (outside
    probe DB-1: told of the change before it)."""
    return _record(order, T.DOWNLOAD_LINKS, actor, reason, action=LINKS_RESEND_ASKED)


def links_revoked(*, order: Order, actor: str, reason: str, links: int) -> OrderEvent:
    return _record(order, T.DOWNLOAD_LINKS, actor, reason, action="revoked", links=links)


def links_suspension_lifted(*, order: Order, actor: str, reason: str, alert: int) -> OrderEvent:
    """Staff gave back the downloads an abuse alert had suspended."""
    return _record(order, T.DOWNLOAD_LINKS, actor, reason, action="unsuspended", alert=alert)


def links_alert_dismissed(*, order: Order, actor: str, alert: int) -> OrderEvent:
    """Staff judged an abuse alert a normal customer's downloads: the links stay."""
    reason = "Download alert dismissed: a normal customer"
    return _record(order, T.DOWNLOAD_LINKS, actor, reason, action="alert_dismissed", alert=alert)


def item_links_revoked(
    *, order: Order, actor: str, reason: str, links: int, items: list[int]
) -> OrderEvent:
    """Links of some items only (their ids) stopped, the order's other links stay."""
    return _record(
        order, T.DOWNLOAD_LINKS, actor, reason, action="revoked", links=links, items=items
    )


def payment_failed(
    *,
    order: Order,
    actor: str,
    reason: str,
    payment_intent: str,
    attempt: int,
    code: str,
    customer_message: str,
) -> OrderEvent:
    """`reason` is the provider's own text, for staff; `customer_message` is ours, for the
    customer's email."""
    return _record(
        order,
        T.PAYMENT_FAILED,
        actor,
        reason,
        payment_intent=payment_intent,
        attempt=attempt,
        code=code,
        customer_message=customer_message,
    )


def _refund(
    order: Order, actor: str, reason: str, refund_id: int, amount: int, status: str, **more: object
) -> OrderEvent:
    """One refund row's life (pending, sent again, failed or not sent, succeeded, failed
    after it was paid): its id, amount and status."""
    return _record(
        order, T.REFUND, actor, reason, refund_id=refund_id, amount=amount, status=status, **more
    )


def refund_requested(
    *, order: Order, actor: str, reason: str, refund_id: int, amount: int, **asked: object
) -> OrderEvent:
    """A refund asked for; `asked` may name the order `version` it was asked from, so the
    same confirmation sent again is known for the one that made it."""
    return _refund(order, actor, reason, refund_id, amount, "pending", **asked)


def refund_items_requested(
    *,
    order: Order,
    actor: str,
    reason: str,
    refund_id: int,
    amount: int,
    items: list[int],
    **asked: object,
) -> OrderEvent:
    """A refund of whole items (their ids): their download links close now."""
    return _refund(order, actor, reason, refund_id, amount, "pending", items=items, **asked)


def refund_sent_again(
    *, order: Order, actor: str, reason: str, refund_id: int, amount: int
) -> OrderEvent:
    """Staff asked again for a refund still pending that Stripe never answered: it was sent
    to Stripe again under its key, refunding nothing more (the refund stays pending; the
    customer's history has its "under way" already)."""
    return _refund(order, actor, reason, refund_id, amount, "sent_again")


def refund_amount_changed(
    *, order: Order, actor: str, reason: str, refund_id: int, amount: int, was: int
) -> OrderEvent:
    """A refund not sent to the provider yet now pays back `amount` instead of `was`."""
    return _refund(order, actor, reason, refund_id, amount, "changed", was=was)


def refund_failed(
    *, order: Order, actor: str, reason: str, refund_id: int, amount: int
) -> OrderEvent:
    return _refund(order, actor, reason, refund_id, amount, "failed")


def refund_failed_after_paid(
    *,
    order: Order,
    actor: str,
    reason: str,
    refund_id: int,
    amount: int,
    stripe_refund_id: str,
    refunded_total: int,
) -> OrderEvent:
    """A refund the provider had paid failed after all (the customer's bank sent the money
    back): the order's refunded total went down to `refunded_total`."""
    row = _refund(
        order,
        actor,
        reason,
        refund_id,
        amount,
        "failed",
        after_paid=True,
        stripe_refund_id=stripe_refund_id,
        refunded_total=refunded_total,
    )
    signals.order_refund_taken_back.send(
        sender=Order,
        order_id=order.pk,
        amount=amount,
        refunded_total=refunded_total,
        refund_reference=stripe_refund_id,
        actor=actor,
    )
    return row


def refund_not_sent(
    *, order: Order, actor: str, reason: str, refund_id: int, amount: int
) -> OrderEvent:
    """Never sent to Stripe, which had paid back an earlier refund after all."""
    return _refund(order, actor, reason, refund_id, amount, "not_sent")


def refund_paid_after_failing(
    *, order: Order, actor: str, reason: str, refund_id: int, amount: int, stripe_refund_id: str
) -> OrderEvent:
    """A refund recorded as failed that Stripe had paid all the same: it succeeded."""
    return _refund(
        order,
        actor,
        reason,
        refund_id,
        amount,
        "succeeded",
        after_failing=True,
        stripe_refund_id=stripe_refund_id,
    )


def refund_external(
    *, order: Order, actor: str, reason: str, refund_id: int, amount: int, stripe_refund_id: str
) -> OrderEvent:
    """A refund made outside the shop (Stripe's dashboard), learnt from Stripe."""
    return _refund(
        order,
        actor,
        reason,
        refund_id,
        amount,
        "succeeded",
        external=True,
        stripe_refund_id=stripe_refund_id,
    )


def refund_recorded(
    *,
    order: Order,
    actor: str,
    reason: str,
    previously: int,
    refund_reference: str = "",
    items_refunded: tuple[str, ...] = (),
) -> OrderEvent:
    """The order's refunded total went up to its `refunded_amount` (from `previously`), by
    the provider's refunds `refund_reference` names (empty when unknown), which paid back
    the items titled `items_refunded` as items."""
    refunded_amount = order.refunded_amount
    row = _record(
        order, T.REFUND, actor, reason, refunded_amount=refunded_amount, previously=previously
    )
    # A refund failed after it was paid took its amount back: a total reached again is
    # reached by another refund.
    taken_back = order.events.filter(type=T.REFUND, data__after_paid=True).count()
    signals.order_refund_recorded.send(
        sender=Order,
        order_id=order.pk,
        refunded_total=refunded_amount,
        previous_total=previously,
        taken_back=taken_back,
        refund_reference=refund_reference,
        items_refunded=items_refunded,
        actor=actor,
    )
    return row


def _duplicate_payment(
    order: Order,
    actor: str,
    reason: str,
    action: str,
    payment_intent: str,
    attempt: int,
    amount: int,
    **more: object,
) -> OrderEvent:
    """A charge the order does not count (a second payment, or one after a cancel) and
    its refund: kept apart from the order's refunds, so its refunded total never moves."""
    return _record(
        order,
        T.DUPLICATE_PAYMENT,
        actor,
        reason,
        action=action,
        payment_intent=payment_intent,
        attempt=attempt,
        amount=amount,
        **more,
    )


def duplicate_payment_recorded(
    *,
    order: Order,
    actor: str,
    reason: str,
    payment_intent: str,
    attempt: int,
    amount: int,
    duplicate_of: str,
) -> OrderEvent:
    """`duplicate_of` is the PaymentIntent that paid the order ("" when none did)."""
    return _duplicate_payment(
        order,
        actor,
        reason,
        "recorded",
        payment_intent,
        attempt,
        amount,
        duplicate_of=duplicate_of,
    )


def duplicate_refund_requested(
    *, order: Order, actor: str, reason: str, payment_intent: str, attempt: int, amount: int
) -> OrderEvent:
    return _duplicate_payment(
        order, actor, reason, "refund_requested", payment_intent, attempt, amount
    )


def duplicate_refund_failed(
    *,
    order: Order,
    actor: str,
    reason: str,
    payment_intent: str,
    attempt: int,
    amount: int,
    stripe_refund_id: str = "",
) -> OrderEvent:
    """`stripe_refund_id` is the refund the provider itself failed or canceled ("" when it
    refused to make one, or did not answer)."""
    more = {"stripe_refund_id": stripe_refund_id} if stripe_refund_id else {}
    return _duplicate_payment(
        order, actor, reason, "refund_failed", payment_intent, attempt, amount, **more
    )


def duplicate_refund_came_back(
    *,
    order: Order,
    actor: str,
    reason: str,
    payment_intent: str,
    attempt: int,
    amount: int,
    stripe_refund_id: str,
) -> OrderEvent:
    """The provider had paid the duplicate charge back, then failed the refund (the
    customer's bank sent the money back)."""
    return _duplicate_payment(
        order,
        actor,
        reason,
        "refund_came_back",
        payment_intent,
        attempt,
        amount,
        stripe_refund_id=stripe_refund_id,
    )


def duplicate_refunded(
    *,
    order: Order,
    actor: str,
    reason: str,
    payment_intent: str,
    attempt: int,
    amount: int,
    stripe_refund_id: str,
    confirmed_by: str,
) -> OrderEvent:
    """Stripe paid the duplicate charge back: `actor` asked for it (or Stripe's event, for
    a refund made at Stripe directly), `confirmed_by` is what told us."""
    return _duplicate_payment(
        order,
        actor,
        reason,
        "refunded",
        payment_intent,
        attempt,
        amount,
        stripe_refund_id=stripe_refund_id,
        confirmed_by=confirmed_by,
    )


def bundle_priced(*, order: Order, actor: str, reason: str, total_amount: int) -> OrderEvent:
    """The order's items were priced as a bundle (the reason names it)."""
    return _record(order, T.BUNDLE, actor, reason, total_amount=total_amount)


def discount_applied(*, order: Order, actor: str, code: str, amount: int) -> OrderEvent:
    """A discount code took `amount` off the order (shared across its lines)."""
    return _record(order, T.DISCOUNT, actor, f"Code {code}", code=code, amount=amount)


def discount_released(*, order: Order, actor: str, code: str) -> OrderEvent:
    """The order ended unpaid: its use of the code counts no more."""
    return _record(order, T.DISCOUNT, actor, f"Code {code} released", code=code, released=True)


def comp_granted(
    *, order: Order, actor: str, reason: str, comics: list[int], form_key: UUID | None = None
) -> OrderEvent:
    """Staff gave the customer these comics (their ids) for nothing; `form_key`, the key of
    the form they used (`selectors.comp_given_by_form`)."""
    if form_key is None:
        return _record(order, T.COMP, actor, reason, comics=comics)
    return _record(order, T.COMP, actor, reason, comics=comics, form_key=str(form_key))


def note_added(*, order: Order, actor: str, text: str, form_key: UUID | None = None) -> OrderEvent:
    """With `form_key`, the note is keyed by its form and its words (the history holds one
    per order and key): the same form sent again repeats it, while words edited after going
    back in the browser make a new note."""
    if form_key is None:
        return _record(order, T.NOTE, actor, text)
    words = hashlib.sha256(text.encode()).hexdigest()[:16]
    return _record(order, T.NOTE, actor, text, form_key=f"{form_key}:{words}")


def flagged(*, order: Order, actor: str, reason: str) -> OrderEvent:
    return _record(order, T.FLAGGED, actor, reason)


def flag_settled(*, order: Order, actor: str, reason: str, settled: list[str]) -> OrderEvent:
    """Staff settled what the flag's lines `settled` asked them to look at, saying why; those
    lines left the order's flag."""
    return _record(order, T.FLAGGED, actor, reason, settled=settled)


def dispute_opened(*, order: Order, actor: str, reason: str) -> OrderEvent:
    row = _record(order, T.DISPUTED, actor, reason)
    signals.order_disputed.send(sender=Order, order_id=order.pk, actor=actor)
    return row


def dispute_changed(
    *, order: Order, actor: str, reason: str, dispute: str, action: str, restored: bool = False
) -> OrderEvent:
    """Funds withdrawn or reinstated, or the dispute closed (`action`: won, lost...).
    `restored`: the close gave the customer their downloads back (the customer's history
    says so only then)."""
    back = {"restored": True} if restored else {}
    return _record(order, T.DISPUTED, actor, reason, dispute=dispute, action=action, **back)


def dispute_charged_back(
    *, order: Order, actor: str, reason: str, dispute: str, action: str, amount: int
) -> OrderEvent:
    """A dispute lost (`action` "lost": the customer's bank took `amount` back) or, lost
    before, won after all (`LOSS_REVERSED`: `amount` is negative, the money came back)."""
    row = _record(order, T.DISPUTED, actor, reason, dispute=dispute, action=action, amount=amount)
    signals.order_charged_back.send(
        sender=Order, order_id=order.pk, dispute=dispute, amount=amount, actor=actor
    )
    return row


def vat_evidence(*, order: Order, actor: str, reason: str, **data: object) -> OrderEvent:
    """The buyer's VAT evidence: recorded, in conflict (held), decided by Finance, or a VAT
    number checked (`data` says which)."""
    return _record(order, T.VAT, actor, reason, **data)
