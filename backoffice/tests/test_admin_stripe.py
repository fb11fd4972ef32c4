"""Staff read the stored Stripe events and deliveries; no page reaches Stripe."""

import pytest
from django.contrib import admin
from django.urls import reverse
from djstripe.models import Event

from morpheus_testing.stripe_signing import build_event

pytestmark = pytest.mark.django_db


def test_a_stored_events_page_opens_without_asking_stripe_for_its_customer(
    superuser_client, send_event
):
    invoice = {"id": "in_paid_1", "object": "invoice", "customer": "cus_nobody_knows"}
    assert send_event(build_event("invoice.paid", invoice)).status_code == 200
    event = Event.objects.get(type="invoice.paid")

    listed = superuser_client.get(reverse("admin:djstripe_event_changelist"))
    page = superuser_client.get(reverse("admin:djstripe_event_change", args=[event.pk]))
    delivery = superuser_client.get(reverse("admin:djstripe_webhookeventtrigger_changelist"))

    assert (listed.status_code, page.status_code, delivery.status_code) == (200, 200, 200)
    assert "cus_nobody_knows" in page.content.decode()


def test_only_the_events_and_their_deliveries_of_dj_stripe_are_on_the_staff_site():
    registered = {
        model._meta.model_name
        for model in admin.site._registry
        if model._meta.app_label == "djstripe"
    }

    assert registered == {"event", "webhookeventtrigger"}
