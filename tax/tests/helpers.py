from morpheus.db_context import system_scope
from morpheus_testing.factories import PaymentFactory
from payments.intents import DisputeState
from payments.models import PaymentStatus
from payments.services.disputes import DisputeEvent, dispute_apply
from tax.models import OrderTaxEvidence


def evidence(order) -> OrderTaxEvidence:
    with system_scope():
        return OrderTaxEvidence.objects.get(order=order)


def history(order) -> list[tuple[str, str]]:
    """The order's history rows as (type, reason), oldest first."""
    with system_scope():
        return [(event.type, event.reason) for event in order.events.order_by("pk")]


def dispute_of(order, status: str) -> None:
    """Stripe's word on a dispute of the order's whole card payment (made for it the first
    time): `status` as Stripe reports it, open (needs_response), won or lost."""
    with system_scope():
        payment = order.payments.first() or PaymentFactory(
            order=order,
            stripe_payment_intent_id=f"pi_disputed_{order.pk}",
            status=PaymentStatus.SUCCEEDED,
        )
        dispute_apply(
            dispute=DisputeState(
                id=f"dp_{order.pk}",
                charge_id="",
                payment_intent_id=payment.stripe_payment_intent_id,
                status=status,
                reason="fraudulent",
                amount=payment.amount,
                currency=order.currency,
                evidence_due_by=None,
            ),
            event=DisputeEvent.UPDATED,
            actor="stripe:evt_dispute",
        )
