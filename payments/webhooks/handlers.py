"""Our reactions to Stripe events. dj-stripe verified the signature and stores each event id
once; these run inside its transaction, so a failure rolls everything back (Stripe retries).

A signed event whose object we cannot read is logged at WARNING and answered 200: sending it
again would not make it readable."""

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from djstripe.event_handlers import djstripe_receiver
from djstripe.models import Event

from morpheus.db_context import system_scope
from morpheus.observability import log_context
from orders.actors import stripe_actor
from payments.intents import (
    OUTCOME_BY_EVENT_TYPE,
    DisputeState,
    IntentState,
    MalformedStripeObject,
    refund_checked,
    refunded_charge_checked,
)
from payments.services import (
    DisputeEvent,
    charge_refund_updated_apply,
    charge_refunded_apply,
    dispute_apply,
    payment_outcome_apply,
)

logger = logging.getLogger(__name__)

CHARGE_REFUNDED = "charge.refunded"
CHARGE_REFUND_UPDATED = "charge.refund.updated"
# Stripe's events of one refund, each carrying the Refund object: `charge.refund.updated`
# (some payment methods only), and `refund.updated` and `refund.failed` (every refund, from
# API version 2024-10-28). An account may send any of them, or all: each is applied once.
REFUND_EVENTS = (CHARGE_REFUND_UPDATED, "refund.updated", "refund.failed")


def _object_of(event: Event) -> Any:
    data = event.data
    if not isinstance(data, Mapping):
        raise MalformedStripeObject("the event has no data")
    return data.get("object")


def _order_number(event: Event) -> str:
    """For the log context only: "-" unless the object carries it where we put it."""
    found: Any = event.data
    for key in ("object", "metadata", "order_number"):
        found = found.get(key) if isinstance(found, Mapping) else None
    return found if isinstance(found, str) else "-"


@contextmanager
def _handling(event: Event, **context: str) -> Iterator[None]:
    """The event's log context and the system's database scope; a malformed object is
    logged and the event ignored."""
    with log_context(stripe_event_id=event.id, **context), system_scope():
        try:
            yield
        except MalformedStripeObject as exc:
            logger.warning("Malformed %s event ignored: %s", event.type, exc)
        else:
            logger.info("applied %s", event.type)


@djstripe_receiver(list(OUTCOME_BY_EVENT_TYPE))
def on_payment_intent_event(sender, event: Event, **kwargs) -> None:
    with _handling(event, order_number=_order_number(event)):
        payment_outcome_apply(
            intent=IntentState.from_stripe(_object_of(event)),
            outcome=OUTCOME_BY_EVENT_TYPE[event.type],
            actor=stripe_actor(event.id),
        )


@djstripe_receiver(CHARGE_REFUNDED)
def on_charge_refunded(sender, event: Event, **kwargs) -> None:
    with _handling(event):
        charge_refunded_apply(
            charge=refunded_charge_checked(_object_of(event)), actor=stripe_actor(event.id)
        )


@djstripe_receiver(list(REFUND_EVENTS))
def on_refund_updated(sender, event: Event, **kwargs) -> None:
    with _handling(event):
        charge_refund_updated_apply(
            refund=refund_checked(_object_of(event)), actor=stripe_actor(event.id)
        )


# Every event the shop acts on, which its webhook must be sent (README, "Running in production").
HANDLED_EVENTS = (*OUTCOME_BY_EVENT_TYPE, CHARGE_REFUNDED, *REFUND_EVENTS, *DisputeEvent)


@djstripe_receiver(list(DisputeEvent))
def on_dispute_event(sender, event: Event, **kwargs) -> None:
    with _handling(event):
        dispute_apply(
            dispute=DisputeState.from_stripe(_object_of(event)),
            event=DisputeEvent(event.type),
            actor=stripe_actor(event.id),
        )
