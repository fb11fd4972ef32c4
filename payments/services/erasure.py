"""A customer's erasure, as far as Stripe goes: the customer deleted at Stripe, and dj-stripe's
local copies of it (the customer, its payment methods) scrubbed of what names the person."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from djstripe.models import Customer, PaymentMethod

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
    with transaction.atomic(), system_scope():
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
