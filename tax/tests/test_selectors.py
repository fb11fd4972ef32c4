from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, create_order
from orders.buyer import BuyerDeclaration
from orders.transitions import OrderStatus
from tax.models import EvidenceDecision, OrderTaxEvidence, TaxRule
from tax.selectors import (
    order_vat_refund_words,
    orders_held_for_staff,
    rate_and_type_for,
    rate_for,
)
from tax.services import evidence_card_country_record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("country", "category", "on", "rate"),
    [
        ("DE", "ebook", date(2026, 1, 1), "7"),
        ("DE", "standard", date(2026, 1, 1), "19"),
        ("FR", "ebook", date(2026, 1, 1), "5.5"),
        ("DK", "ebook", date(2026, 1, 1), "25"),  # no reduced rate: the standard one
        ("EE", "standard", date(2025, 6, 30), "22"),  # the day before the change
        ("EE", "standard", date(2025, 7, 1), "24"),
        ("GB", "ebook", date(2026, 1, 1), "0"),
        ("CH", "ebook", date(2026, 1, 1), "2.6"),
        ("US", "ebook", date(2026, 1, 1), "0"),  # outside the schemes
    ],
)
def test_the_rate_in_force_is_chosen_by_country_category_and_date(country, category, on, rate):
    with system_scope():
        assert rate_for(country=country, category=category, on=on) == Decimal(rate)


@pytest.mark.parametrize(
    ("country", "rate", "rate_type"),
    [("DE", "7", "reduced"), ("DK", "25", "standard"), ("US", "0", "standard")],
)
def test_an_items_rate_and_its_type_are_read_in_one_statement(country, rate, rate_type):
    """An order's VAT read the rules twice: its rate, then the standard rate to tell its
    type (each checkout, each pay page's check of its VAT)."""
    with system_scope(), CaptureQueriesContext(connection) as queries:
        read = rate_and_type_for(country=country, category="ebook", on=date(2026, 1, 1))

    assert read == (Decimal(rate), rate_type)
    assert len(queries.captured_queries) == 1


def test_a_rule_finance_adds_applies_from_its_start_date():
    with system_scope():
        TaxRule.objects.filter(country="DE", category="ebook").update(valid_to=date(2027, 1, 1))
        TaxRule.objects.create(country="DE", category="ebook", rate=5, valid_from=date(2027, 1, 1))
        assert rate_for(country="DE", category="ebook", on=date(2026, 12, 31)) == 7
        assert rate_for(country="DE", category="ebook", on=date(2027, 1, 1)) == 5


@pytest.mark.parametrize(
    ("declared", "shown"),
    [("DE", "DE"), ("ZZ", "Elsewhere (outside the EU, the UK, Norway and Switzerland)")],
)
def test_staff_are_told_a_held_orders_countries_with_elsewhere_by_where_it_is(declared, shown):
    """Found by an outside probe: the re-send screen said "declared ZZ" where every other
    staff text names Elsewhere."""
    order = create_order(
        declaration=BuyerDeclaration(country=declared), status=OrderStatus.PROCESSING
    )
    evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")

    with system_scope():
        told = orders_held_for_staff(order_ids=[order.pk])

    assert told == {
        order.pk: f"Held for Finance: VAT evidence conflict (declared {shown}, card FR)."
    }


@pytest.mark.parametrize(
    ("declared", "card", "ip", "comics", "told"),
    [
        (
            "ZZ",
            "FR",
            "",
            1,
            "(you declared a country outside the EU, the UK, Norway and Switzerland; your card "
            "was issued in France), so we refunded your payment. To buy this comic, check out "
            "again declaring the country you live in, or pay with a card issued there.",
        ),
        (
            "DE",
            "",
            "AT",
            2,
            "(you declared Germany; you ordered from an internet address in Austria), so we "
            "refunded your payment. To buy these comics, check out again declaring the country "
            "you live in.",
        ),
    ],
    ids=["elsewhere-card-one-comic", "ip-only-two-comics"],
)
def test_the_customer_is_told_which_countries_kept_their_vat_refunded_order_from_them(
    declared, card, ip, comics, told
):
    """Outside probe BS-3: a refund Finance decided on for the VAT evidence told the
    customer no reason; it names what conflicted, and only offers another card when the
    card was what conflicted. Outside probe BT-6: an order of one comic read "To buy these
    comics"."""
    order = create_order(
        comics=ComicFactory.create_batch(comics),
        declaration=BuyerDeclaration(country=declared),
        status=OrderStatus.PAID,
    )
    with system_scope():
        OrderTaxEvidence.objects.filter(order=order).update(
            card_country=card, ip_country=ip, decision=EvidenceDecision.REFUND
        )

        words = order_vat_refund_words(order_id=order.pk)

    assert words == f"We could not confirm the country you live in for VAT {told}"
