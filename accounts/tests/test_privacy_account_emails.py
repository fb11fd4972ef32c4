"""The account emails in the customer's data: listed by the export beside the order emails,
their recipient replaced by erasure (outside probe BT, BT-6)."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import AccountEmail
from accounts.services import email_verification_start
from morpheus.db_context import system_scope
from morpheus_testing.factories import UserFactory, create_order
from morpheus_testing.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
VERIFIED = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
RESET = datetime(2026, 3, 4, 11, 0, tzinfo=UTC)


def exported(client) -> dict:
    answer = client.get(reverse("privacy_export"))
    return json.loads(b"".join(answer.streaming_content) if answer.streaming else answer.content)


def test_the_export_lists_the_account_emails_sent_beside_the_order_emails(client):
    customer = UserFactory(email_verified=False)
    order = create_order(customer=customer)
    with time_machine.travel(VERIFIED, tick=False):
        email_verification_start(user=customer, email=customer.email)
        run_queued_jobs()
    with time_machine.travel(RESET, tick=False):
        Client().post(reverse("password_reset"), {"email": customer.email})
        run_queued_jobs()
    client.force_login(customer)

    emails = exported(client)["emails_sent"]

    assert {(e["kind"], e["order_number"]) for e in emails} >= {("order_received", order.number)}
    assert [e for e in emails if e["order_number"] is None] == [
        {
            "kind": "verify_email",
            "recipient": customer.email,
            "sent_at": "2026-03-04T10:00:00Z",
            "order_number": None,
        },
        {
            "kind": "password_reset",
            "recipient": customer.email,
            "sent_at": "2026-03-04T11:00:00Z",
            "order_number": None,
        },
    ]


def test_erasure_replaces_the_recipient_of_the_account_emails(client):
    customer = UserFactory(email="zora.erasable@example.com")
    Client().post(reverse("password_reset"), {"email": customer.email})
    run_queued_jobs()
    client.force_login(customer)

    client.post(reverse("privacy_erase"), {"password": PASSWORD})
    run_queued_jobs()

    with system_scope():
        kept = list(AccountEmail.objects.filter(user=customer).values_list("kind", "recipient"))
        naming = AccountEmail.objects.filter(recipient__icontains="zora.erasable").count()
    assert kept == [("password_reset", f"erased-{customer.pk}@erased.invalid")]
    assert naming == 0
