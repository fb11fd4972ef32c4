"""Our reactions to Stripe events. dj-stripe verified the signature and stores each event id
once; these run inside its transaction, so a failure rolls everything back (Stripe retries)."""

import logging

from djstripe.event_handlers import djstripe_receiver
from djstripe.models import Event

from morpheus.db_context import system_scope
from morpheus.observability import log_context
from orders.actors import stripe_actor
from payments.intents import OUTCOME_BY_EVENT_TYPE, IntentState
from payments.services import charge_refunded_apply, dispute_created_apply, payment_outcome_apply

logger = logging.getLogger(__name__)

CHARGE_REFUNDED = "charge.refunded"
DISPUTE_CREATED = "charge.dispute.created"
HANDLED_EVENT_TYPES = (*OUTCOME_BY_EVENT_TYPE, CHARGE_REFUNDED, DISPUTE_CREATED)


def _order_number(stripe_object: dict) -> str:
    return (stripe_object.get("metadata") or {}).get("order_number", "-")


@djstripe_receiver(list(OUTCOME_BY_EVENT_TYPE))
def on_payment_intent_event(sender, event: Event, **kwargs) -> None:
    with (
        log_context(stripe_event_id=event.id, order_number=_order_number(event.data["object"])),
        system_scope(),
    ):
        payment_outcome_apply(
            intent=IntentState.from_stripe(event.data["object"]),
            outcome=OUTCOME_BY_EVENT_TYPE[event.type],
            actor=stripe_actor(event.id),
        )
        logger.info("applied %s", event.type)


@djstripe_receiver(CHARGE_REFUNDED)
def on_charge_refunded(sender, event: Event, **kwargs) -> None:
    with log_context(stripe_event_id=event.id), system_scope():
        charge_refunded_apply(charge=event.data["object"], actor=stripe_actor(event.id))
        logger.info("applied %s", event.type)


@djstripe_receiver(DISPUTE_CREATED)
def on_dispute_created(sender, event: Event, **kwargs) -> None:
    with log_context(stripe_event_id=event.id), system_scope():
        dispute_created_apply(dispute=event.data["object"], actor=stripe_actor(event.id))
        logger.info("applied %s", event.type)
