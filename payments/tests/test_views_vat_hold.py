"""The order page: what the customer reads of their order's hold for its VAT evidence."""

import re

import pytest
from django.urls import reverse

from delivery.tasks import fulfil_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicFactory,
    UserFactory,
    create_order_held_for_its_vat_evidence,
)
from morpheus_testing.jobs import run_queued_jobs
from tax import services

pytestmark = pytest.mark.django_db


def history(client, order) -> list[str]:
    page = client.get(reverse("orders:detail", args=[order.number])).text
    lines = page.split('data-testid="history"')[1].split("</ol>")[0]
    return re.findall(r"</time> ([^<]+)</li>", lines)


def test_the_history_says_the_order_was_held_for_its_vat_check_and_when_the_hold_ended(client):
    """Outside probe GQ-3: it went from "Payment received" to "Ready to download" hours
    later, with nothing about the check that kept the comics waiting."""
    customer = UserFactory()
    order = create_order_held_for_its_vat_evidence(customer=customer, comics=[ComicFactory()])
    client.force_login(customer)

    held = history(client, order)
    with system_scope():
        services.evidence_decide(
            order=order, decision="accepted", actor="staff:finance", reason="German address"
        )
    run_queued_jobs(names={fulfil_order.name})
    released = history(client, order)

    assert held[-2:] == [
        "Comic to be held, once paid, for our check of the country you live in, for VAT",
        "Payment received",
    ]
    assert released[-2:] == ["Country you live in confirmed, for VAT", "Ready to download"]
    assert "German address" not in " ".join(released)


def test_the_hold_of_an_order_of_several_comics_speaks_of_them(client):
    """Outside probe IB-2: the hold of an order of one comic read "Comics held"; one of
    several reads so still."""
    customer = UserFactory()
    order = create_order_held_for_its_vat_evidence(
        customer=customer, comics=[ComicFactory(), ComicFactory()]
    )
    client.force_login(customer)

    assert history(client, order)[-2:] == [
        "Comics to be held, once paid, for our check of the country you live in, for VAT",
        "Payment received",
    ]


def test_a_hold_ended_by_a_card_from_the_declared_country_says_so(client):
    customer = UserFactory()
    order = create_order_held_for_its_vat_evidence(customer=customer, comics=[ComicFactory()])
    client.force_login(customer)

    services.evidence_card_country_record(order_id=order.pk, card_country="DE", actor="t")

    assert history(client, order)[-1] == "Country you live in confirmed, for VAT"
