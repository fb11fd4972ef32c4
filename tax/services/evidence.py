"""The VAT evidence of an order: the card's country weighed against what the buyer
declared, an order held on a conflict, and Finance's decisions."""

from django.db import transaction
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.money import format_money
from orders import events
from orders import services as order_services
from orders.errors import StaleOrder
from orders.models import Order
from orders.selectors import (
    order_dispute_lost,
    order_refund_full_pending,
    order_refund_last_requested,
)
from orders.transitions import OrderStatus
from tax import errors, signals
from tax.countries import country_code_shown
from tax.models import EvidenceDecision, OrderTaxEvidence
from tax.selectors import by_when, decided_by_when
from tax.services.terms import (
    CHARGED_BACK,
    CHARGED_BACK_NOTHING_TO_DECIDE,
    CONFLICT,
    EVIDENCE_RULE,
    HELD_AGAIN,
    HELD_AGAIN_CAME_BACK,
    NO_LONGER_HELD,
    NOTHING_TO_DECIDE,
    REFUND_DECIDED_CAME_BACK,
    RELEASED_AS_DECLARED,
)


def _evidence_locked(*, order_id: int) -> OrderTaxEvidence | None:
    """The order's evidence, with its order, locked for the caller's change."""
    return (
        OrderTaxEvidence.objects.select_for_update()
        .select_related("order")
        .filter(order_id=order_id)
        .first()
    )


def evidence_card_country_record(*, order_id: int, card_country: str, actor: str) -> None:
    """The paying card's issuing country, from Stripe, learnt before each attempt's charge,
    judged with the rest of the evidence (see evidence_judge)."""
    card_country = card_country.upper()
    with system_scope():
        evidence = _evidence_locked(order_id=order_id)
        if evidence is None or not card_country or evidence.card_country == card_country:
            return
        evidence.card_country = card_country
        evidence_judge(
            evidence=evidence, actor=actor, learnt=f"Card issued in {card_country}", card=True
        )
        evidence.save(update_fields=["card_country", "decision"])


def evidence_judge(*, evidence: OrderTaxEvidence, actor: str, learnt: str, card: bool) -> None:
    """The EU rule for a consumer: the declared country stands on two non-contradictory
    pieces of evidence. When the card's or the IP's country contradicts it and neither
    supports it, the order is held from fulfilment (flagged for Finance) until Finance
    decides; a later piece from the declared country, before Finance decided, releases it.
    A business (a buyer with a VAT number VIES did not refuse) is never held, by reverse
    charge or buying in the seller's own country: the supply is where it is established,
    which its VAT number shows (VIES checks it, a refusal flags the order; a company card
    or a trip abroad is ordinary). Nor is an order canceled meanwhile: it was never paid
    and is never fulfilled."""
    order = evidence.order
    others = [country for country in (evidence.card_country, evidence.ip_country) if country]
    supported = evidence.declared_country in others
    data = {"card_country": evidence.card_country} if card else {}
    if evidence.contradicted and not evidence.decision and order.status != OrderStatus.CANCELED:
        evidence.decision = EvidenceDecision.HELD
        order_services.order_flag(
            order=order,
            actor=EVIDENCE_RULE,
            reason=_conflict_flag(evidence, "Held from fulfilment until Finance decides."),
        )
    elif supported and evidence.decision == EvidenceDecision.HELD:
        evidence.decision = EvidenceDecision.NONE
        order_services.order_flag_clear(order=order, settles=CONFLICT)
        events.vat_evidence(
            order=order, actor=actor, reason=f"{learnt}, {RELEASED_AS_DECLARED}", **data
        )
    elif card:
        events.vat_evidence(order=order, actor=actor, reason=learnt, **data)


def _conflict_flag(evidence: OrderTaxEvidence, outcome: str) -> str:
    """The order flag's line for the conflict, ending with what comes of it."""
    declared = country_code_shown(evidence.declared_country)
    return f"{CONFLICT} declared {declared}, {_others(evidence)}. {outcome}"


def _others(evidence: OrderTaxEvidence) -> str:
    pieces = [
        f"card issued in {evidence.card_country}" if evidence.card_country else "",
        f"IP address in {evidence.ip_country}" if evidence.ip_country else "",
    ]
    return ", ".join(piece for piece in pieces if piece)


def evidence_decide(*, order: Order, decision: str, actor: str, reason: str) -> OrderTaxEvidence:
    """Finance's decision on a held order: `accepted` (the declared country stands, the
    order is fulfilled) or `refund` (it stays held; Finance refunds it). `order` is the
    copy the caller acted on: when someone else decided since (two staff at once), nothing
    is done and the refusal says who decided what and when, as it does for an order
    already accepted or a refund decided again; another change since is a stale order. An
    accept of an order shown decided for a refund replaces that decision (Finance changed
    its mind); the caller's reason says so. An accept while refunds asked for cover all that
    is left of the order is refused: it would fulfil nothing; so is any decision on an order
    charged back. An accept while its payment is disputed stands: the order is fulfilled if
    the dispute is won (`accepted_then`)."""
    if decision not in (EvidenceDecision.ACCEPTED, EvidenceDecision.REFUND):
        raise errors.TaxError(f"Unknown decision {decision!r}.")
    if not reason.strip():
        raise errors.TaxError("A decision needs a reason.")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status in NOTHING_TO_DECIDE:
            raise errors.EvidenceNotHeld(
                NOTHING_TO_DECIDE[locked.status].format(number=locked.number)
            )
        if order_dispute_lost(locked):
            raise errors.EvidenceNotHeld(
                CHARGED_BACK_NOTHING_TO_DECIDE.format(number=locked.number)
            )
        evidence = OrderTaxEvidence.objects.select_for_update().filter(order=locked).first()
        changed = locked.version != order.version
        if evidence is not None and (
            evidence.decision == EvidenceDecision.ACCEPTED
            or (
                evidence.decision == EvidenceDecision.REFUND
                and (changed or decision == evidence.decision)
            )
        ):
            raise errors.EvidenceDecided(_decision_told(evidence, locked))
        if evidence is None or evidence.decision not in (
            EvidenceDecision.HELD,
            EvidenceDecision.REFUND,
        ):
            raise errors.EvidenceNotHeld(f"Order {locked.number} is not held for its VAT evidence.")
        if decision == EvidenceDecision.ACCEPTED and order_refund_full_pending(locked):
            raise errors.EvidenceRefundUnderWay(_refund_under_way_told(locked))
        if changed:
            raise StaleOrder.about(locked, status_shown=order.status)
        evidence.decision = decision
        evidence.decided_by = actor
        evidence.decided_at = timezone.now()
        evidence.save(update_fields=["decision", "decided_by", "decided_at"])
        events.vat_evidence(
            order=locked,
            actor=actor,
            reason=reason,
            decision=decision,
            declared_country=evidence.declared_country,
            card_country=evidence.card_country,
        )
        if decision == EvidenceDecision.ACCEPTED:
            order_services.order_flag_clear(order=locked, settles=CONFLICT)
            signals.vat_hold_released.send(sender=OrderTaxEvidence, order_id=locked.pk, actor=actor)
        else:
            # Rewording the flag also makes a copy read before this decision stale: another
            # decision taken from it must not pass unseen.
            order_services.order_flag_reword(
                order=locked,
                settles=CONFLICT,
                reason=_conflict_flag(
                    evidence,
                    f"Refund decided by {decided_by_when(evidence, dated=True)}: held from "
                    "fulfilment until it is refunded.",
                ),
            )
    order.refresh_from_db()
    return evidence


def _refund_under_way_told(order: Order) -> str:
    """Why the declared country of `order` cannot be accepted while refunds asked for cover
    all that is left of it: nothing would be fulfilled, unless Stripe refuses them."""
    pending = format_money(order.refund_pending_amount, order.currency)
    requested = order_refund_last_requested(order)
    asked = f", requested by {by_when(requested.actor, requested.created_at)}" if requested else ""
    return (
        f"Nothing was done: a refund of the whole of order {order.number} is under way "
        f"({pending}{asked}): nothing can be fulfilled unless Stripe refuses it."
    )


def _decision_told(evidence: OrderTaxEvidence, order: Order) -> str:
    """Finance's decision on `order` as told to staff who tried to decide too."""
    who, _, when = decided_by_when(evidence).partition(" ")
    if evidence.decision == EvidenceDecision.ACCEPTED:
        return (
            f"Nothing was done: {who} accepted the declared country of order {order.number} "
            f"{when}; {accepted_then(order)}."
        )
    return (
        f"Nothing was done: {who} decided on a refund for order {order.number} {when}; "
        "it stays held until it is refunded."
    )


def accepted_then(order: Order) -> str:
    """What becomes of `order` once Finance accepted its declared country, as staff are
    told: a disputed payment holds its fulfilment until the dispute is won."""
    if order.status in (OrderStatus.FULFILLED, OrderStatus.DELIVERED):
        return "it has been fulfilled"
    if order.disputed_at is not None:
        return "its payment is disputed: it is fulfilled if the dispute is won"
    return "it is being fulfilled"


def evidence_hold_end(*, order_id: int, actor: str) -> bool:
    """An order refunded in full, or canceled before it was paid, has nothing left to
    fulfil: the VAT conflict that held it no longer waits for Finance, so its flag goes (the
    evidence keeps Finance's decision, if any; an order still held has nothing left to
    decide). Runs in the transaction that moved the order, which holds the order's lock,
    as the shop: a customer canceling their order may not write VAT evidence themselves;
    whether it changed the order's row."""
    with system_scope():
        order = Order.objects.get(pk=order_id)
        return _hold_end(order=order, actor=actor, reason=NO_LONGER_HELD[order.status])


def _hold_end(*, order: Order, actor: str, reason: str) -> bool:
    undecided = OrderTaxEvidence.objects.filter(order=order, decision=EvidenceDecision.HELD).update(
        decision=EvidenceDecision.NONE
    )
    flagged = any(line.startswith(CONFLICT) for line in order.flagged_reason.splitlines())
    if flagged:
        order_services.order_flag_clear(order=order, settles=CONFLICT)
    if flagged or undecided:
        events.vat_evidence(order=order, actor=actor, reason=reason)
    return flagged


def evidence_charged_back(*, order_id: int, actor: str) -> None:
    """A dispute of the order was lost (the customer's bank took money back), or a loss
    was reversed. Lost, the order is closed for good: an undecided hold ends, its flag's
    line going, as for an order refunded in full (a refund Finance decided stays, with its
    line: what is left of the order is still owed). Reversed, the order may be fulfilled again
    (winning gives it back): a conflict still undecided holds it again, before its
    fulfilment job runs. Runs in the dispute's transaction, which holds the order's lock."""
    with system_scope():
        order = Order.objects.get(pk=order_id)
        if order_dispute_lost(order):
            held = OrderTaxEvidence.objects.filter(order=order, decision=EvidenceDecision.HELD)
            if held.exists():
                _hold_end(order=order, actor=actor, reason=CHARGED_BACK)
            return
        evidence = (
            OrderTaxEvidence.objects.select_for_update()
            .select_related("order")
            .filter(order=order, decision=EvidenceDecision.NONE)
            .first()
        )
        if evidence is None or order.status != OrderStatus.PAID:
            return
        evidence_judge(evidence=evidence, actor=actor, learnt="", card=False)
        if evidence.decision == EvidenceDecision.HELD:
            evidence.save(update_fields=["decision"])
            events.vat_evidence(order=order, actor=actor, reason=HELD_AGAIN)


def evidence_hold_restore(*, order_id: int, actor: str) -> bool:
    """An order refunded in full before it was fulfilled is paid again: the refund came back
    from the customer's bank (`refund_bounce_unfulfilled`). The hold the refund ended
    (`evidence_hold_end`) comes back as it was: a conflict still undecided holds it again,
    and a refund Finance decided holds it with its flag's line, until it is refunded (outside
    probe BP-1: the order was fulfilled, its VAT never checked). One Finance accepted is
    fulfilled. Runs in the transaction that moved the order, which holds the order's lock;
    whether it changed the order's row."""
    with system_scope():
        evidence = _evidence_locked(order_id=order_id)
        if evidence is None or evidence.order.status != OrderStatus.PAID:
            return False
        order = evidence.order
        if evidence.decision == EvidenceDecision.REFUND:
            decided = f"Refund decided by {decided_by_when(evidence, dated=True)}"
            order_services.order_flag(
                order=order,
                actor=EVIDENCE_RULE,
                reason=_conflict_flag(
                    evidence, f"{decided}: held from fulfilment until it is refunded."
                ),
            )
            events.vat_evidence(order=order, actor=actor, reason=REFUND_DECIDED_CAME_BACK)
            return True
        if evidence.decision:
            return False
        evidence_judge(evidence=evidence, actor=actor, learnt="", card=False)
        if evidence.decision != EvidenceDecision.HELD:
            return False
        evidence.save(update_fields=["decision"])
        events.vat_evidence(order=order, actor=actor, reason=HELD_AGAIN_CAME_BACK)
        return True
