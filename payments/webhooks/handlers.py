"""Our reactions to Stripe events. dj-stripe verified the signature and stores each event id
once; these run inside its transaction, so a failure rolls everything back (Stripe retries)."""

from djstripe.event_handlers import djstripe_receiver
from djstripe.models import Event

from morpheus.db_context import system_scope
from orders.actors import stripe_actor
from payments.intents import OUTCOME_BY_EVENT_TYPE, IntentState
from payments.services import charge_refunded_apply, dispute_created_apply, payment_outcome_apply

CHARGE_REFUNDED = "charge.refunded"
DISPUTE_CREATED = "charge.dispute.created"
HANDLED_EVENT_TYPES = (*OUTCOME_BY_EVENT_TYPE, CHARGE_REFUNDED, DISPUTE_CREATED)


@djstripe_receiver(list(OUTCOME_BY_EVENT_TYPE))
def on_payment_intent_event(sender, event: Event, **kwargs) -> None:
    with system_scope():
        payment_outcome_apply(
            intent=IntentState.from_stripe(event.data["object"]),
            outcome=OUTCOME_BY_EVENT_TYPE[event.type],
            actor=stripe_actor(event.id),
        )


@djstripe_receiver(CHARGE_REFUNDED)
def on_charge_refunded(sender, event: Event, **kwargs) -> None:
    with system_scope():
        charge_refunded_apply(charge=event.data["object"], actor=stripe_actor(event.id))


@djstripe_receiver(DISPUTE_CREATED)
def on_dispute_created(sender, event: Event, **kwargs) -> None:
    with system_scope():
        dispute_created_apply(dispute=event.data["object"], actor=stripe_actor(event.id))
