"""tax 0010: orders placed before they recorded whether their prices included VAT get it
from what their VAT says (added on top: net; included in the total: gross)."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, create_order
from orders.buyer import BuyerDeclaration
from orders.models import Order

pytestmark = pytest.mark.django_db

MIGRATION = ("tax", "0010_orders_priced_before")


def migrate_priced_before() -> None:
    """The migration's data step, on the models as they were at that migration."""
    state = MigrationExecutor(connection).loader.project_state(MIGRATION)
    module = importlib.import_module(f"{MIGRATION[0]}.migrations.{MIGRATION[1]}")
    with connection.schema_editor(atomic=False) as schema_editor:
        module.backfill(state.apps, schema_editor)


def placed(settings, *, prices_include_tax: bool, country: str = "DE") -> Order:
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    return create_order(
        comics=[ComicFactory(price_amount=1070)], declaration=BuyerDeclaration(country=country)
    )


def recorded(order: Order) -> bool:
    with system_scope():
        return Order.objects.values_list("prices_include_tax", flat=True).get(pk=order.pk)


@pytest.mark.parametrize("now_included", [True, False], ids=["gross now", "net now"])
def test_each_order_placed_before_reads_its_vat_as_it_was_charged(settings, now_included):
    """Found by an outside probe (BA-5): an order placed with VAT included read as net, its
    lines adding up to more than was charged, after the shop switched to net prices."""
    net = placed(settings, prices_include_tax=False)
    gross = placed(settings, prices_include_tax=True)
    untaxed = placed(settings, prices_include_tax=not now_included, country="ZZ")
    with system_scope():  # as the column's default left them
        Order.objects.filter(pk__in=[net.pk, gross.pk, untaxed.pk]).update(
            prices_include_tax=now_included
        )

    settings.TAX_PRICES_INCLUDE_TAX = now_included
    migrate_priced_before()

    assert (recorded(net), recorded(gross), recorded(untaxed)) == (False, True, now_included)
