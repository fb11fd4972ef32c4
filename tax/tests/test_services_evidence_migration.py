"""tax 0013: orders canceled unpaid before their hold and VIES flags ended with the cancel."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from morpheus.db_context import system_scope
from morpheus_testing.factories import BUSINESS, ComicAssetFactory, create_order
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.transitions import OrderStatus
from tax import services
from tax.errors import EvidenceNotHeld
from tax.models import OrderTaxEvidence
from tax.tests.helpers import evidence, history

pytestmark = pytest.mark.django_db

MIGRATION = ("tax", "0013_canceled_orders_no_longer_held")
HELD = (
    "VAT evidence conflict: declared DE, card issued in FR. "
    "Held from fulfilment until Finance decides."
)
UNCHECKED = "VAT number DE136695976 could not be checked with VIES: check it before the VAT return."


def migrate_canceled_orders() -> None:
    """The migration's data step, on the models as they were at that migration."""
    state = MigrationExecutor(connection).loader.project_state(MIGRATION)
    module = importlib.import_module(f"{MIGRATION[0]}.migrations.{MIGRATION[1]}")
    module.canceled_orders_no_longer_held(state.apps, None)


def canceled_as_before(*, vat_number: str = "", flag: list[str], held: bool) -> Order:
    """An order canceled unpaid as the shop left it before: still held, still flagged."""
    order = create_order(
        comics=[ComicAssetFactory().comic],
        declaration=BuyerDeclaration(country="DE", vat_number=vat_number, **BUSINESS),
    )
    with system_scope():
        order_services.order_cancel_by_customer(order=order, actor="customer", reason="Gave up")
        Order.objects.filter(pk=order.pk).update(flagged_reason="\n".join(flag))
        if held:
            OrderTaxEvidence.objects.filter(order=order).update(card_country="FR", decision="held")
        order.refresh_from_db()
    return order


def test_a_held_order_canceled_unpaid_before_leaves_finances_queue():
    """Outside probe BE (BE-5), left over: the orders canceled before the fix stayed
    "Held for Finance" and flagged for ever."""
    order = canceled_as_before(flag=[HELD, "Customer phoned"], held=True)
    version = order.version

    migrate_canceled_orders()

    order.refresh_from_db()
    assert (order.flagged_reason, evidence(order).decision) == ("Customer phoned", "")
    assert order.version == version + 1
    assert ("vat", "Canceled unpaid: no longer held for Finance's decision") in history(order)
    with system_scope(), pytest.raises(EvidenceNotHeld, match="canceled unpaid"):
        services.evidence_decide(order=order, decision="accepted", actor="staff", reason="Ok")


def test_a_vat_number_flagged_on_an_order_canceled_unpaid_before_is_no_longer_flagged():
    """Outside probe BE (BE-7), left over."""
    order = canceled_as_before(vat_number="DE136695976", flag=[UNCHECKED], held=False)

    migrate_canceled_orders()

    order.refresh_from_db()
    assert order.flagged_reason == ""
    assert (
        "vat",
        "Canceled unpaid: no VAT to declare, its VAT number no longer flagged",
    ) in history(order)


def test_orders_not_canceled_and_other_flags_are_left_as_they_are():
    held = create_order(
        comics=[ComicAssetFactory().comic],
        declaration=BuyerDeclaration(country="DE"),
        status=OrderStatus.PROCESSING,
    )
    services.evidence_card_country_record(order_id=held.pk, card_country="FR", actor="test")
    other = canceled_as_before(flag=["Customer phoned"], held=False)
    events = len(history(other))

    migrate_canceled_orders()

    held.refresh_from_db()
    other.refresh_from_db()
    assert (held.flagged_reason, evidence(held).decision) == (HELD, "held")
    assert other.flagged_reason == "Customer phoned"
    assert len(history(other)) == events
