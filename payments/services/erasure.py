"""A customer's erasure, as far as Stripe goes: the customer deleted at Stripe, and dj-stripe's
local copies of it (the customer, its payment methods, the events that name it as received)
scrubbed of what names the person."""

import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from djstripe.models import Customer, Event, PaymentMethod, WebhookEventTrigger

from morpheus.db_context import system_scope
from payments import stripe_client
from payments.models import StripeCustomer


def stripe_customer_erasure_start(*, user: AbstractBaseUser) -> None:
    """Inside the erasure's transaction: queue the Stripe side of it, once per Stripe
    customer the user has (the job's arguments name no person)."""
    from payments.tasks import erase_stripe_customer

    for stripe_id in StripeCustomer.objects.filter(user=user).values_list(
        "stripe_customer_id", flat=True
    ):
        erase_stripe_customer.defer(stripe_customer_id=stripe_id)


def stripe_customer_erase(*, stripe_customer_id: str) -> None:
    """Delete the customer at Stripe, then scrub dj-stripe's mirror of it. Repeatable: a
    customer Stripe no longer has counts as deleted."""
    stripe_client.customer_delete(stripe_customer_id)
    with system_scope():
        Customer.objects.filter(id=stripe_customer_id).update(
            email="",
            metadata={},
            subscriber=None,
            date_purged=timezone.now(),
            stripe_data={"id": stripe_customer_id, "object": "customer", "deleted": True},
        )
        for method in PaymentMethod.objects.select_for_update().filter(
            customer_id=stripe_customer_id
        ):
            method.stripe_data = {**method.stripe_data, "billing_details": {}, "metadata": {}}
            method.metadata = {}
            method.save(update_fields=["stripe_data", "metadata", "djstripe_updated"])
        _scrub_events(stripe_customer_id)


# Where Stripe's objects carry a person: billing details, receipts, shipping, dispute evidence.
PERSONAL_KEYS = frozenset(
    {"billing_details", "receipt_email", "shipping", "evidence", "email", "name", "phone"}
)


def _scrubbed(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: None if key in PERSONAL_KEYS else _scrubbed(item) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrubbed(item) for item in value]
    return value


def _scrub_events(stripe_customer_id: str) -> None:
    """The events about this customer's objects, and the deliveries that brought them,
    keep their ids and amounts but lose the personal fields."""
    events = (
        Event.objects.select_for_update()
        .annotate(text=Cast("stripe_data", TextField()))
        .filter(text__contains=f'"{stripe_customer_id}"')
    )
    for event in events:
        event.stripe_data, event.data = _scrubbed(event.stripe_data), _scrubbed(event.data)
        event.save(update_fields=["stripe_data", "data", "djstripe_updated"])
    for trigger in WebhookEventTrigger.objects.select_for_update().filter(
        body__contains=f'"{stripe_customer_id}"'
    ):
        try:
            trigger.body = json.dumps(_scrubbed(json.loads(trigger.body)))
        except ValueError:  # not JSON: nothing in it is kept
            trigger.body = ""
        trigger.save(update_fields=["body", "updated"])
