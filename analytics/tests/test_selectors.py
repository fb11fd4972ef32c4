from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.models import BusinessEventKind
from analytics.selectors import sales_per_bundle, sales_per_title, split_amount
from analytics.tasks import record_business_event
from catalog.models import Comic
from delivery.tests.conftest import fulfilled_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
)
from morpheus_testing.jobs import run_queued_jobs
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.services import (
    order_items_record_refunded,
    order_record_refunded_amount,
    order_transition,
)
from orders.transitions import OrderStatus
from payments.models import Refund, RefundLine, RefundStatus
from promotions.bundles import bundle_order_create
from promotions.models import Bundle

pytestmark = pytest.mark.django_db


def _refund(order, amount):
    with system_scope():
        order_record_refunded_amount(
            order=order, refunded_total=amount, actor="test", reason="test refund"
        )


def _refund_item(order, item, previously: int = 0, amount: int | None = None):
    """A refund of one item (of `amount`, else its price) as payments records it once
    Stripe confirmed it."""
    amount = item.unit_amount if amount is None else amount
    with system_scope():
        refund = Refund.objects.create(
            order=order,
            payment=order.payments.first() or PaymentFactory(order=order),
            amount=amount,
            currency=order.currency,
            reason="Wrong comic",
            status=RefundStatus.SUCCEEDED,
            succeeded_at=timezone.now(),
            actor="staff:finance",
        )
        RefundLine.objects.create(refund=refund, order_item=item, amount=amount)
        order_items_record_refunded(order=order, refunded={item.pk: amount})
    _refund(order, previously + amount)


def _period():
    now = timezone.now()
    return {"start": now - timedelta(hours=1), "end": now + timedelta(hours=1)}


def test_per_title_figures_add_up_to_the_orders_and_refunds(client):
    a, b, c = (ComicFactory(price_amount=price) for price in (499, 699, 399))
    first, (link, other_link) = fulfilled_order(assets=[a.assets.get(), b.assets.get()])
    second = create_order(comics=[b], status=OrderStatus.PAID)
    third = create_order(comics=[a, b, c], status=OrderStatus.PAID)
    create_order(comics=[c])  # never paid
    _refund(third, 500)
    _refund(second, 699)
    client.get(link.path)
    client.get(other_link.path, HTTP_RANGE="bytes=0-0")  # a probe: no download
    run_queued_jobs(names={record_business_event.name})

    rows = {row.comic_id: row for row in sales_per_title(**_period())}

    paid = Order.objects.filter(pk__in=[first.pk, second.pk, third.pk])
    assert sum(row.revenue for row in rows.values()) == sum(o.total_amount for o in paid)
    assert sum(row.refunds for row in rows.values()) == sum(o.refunded_amount for o in paid)
    assert sum(row.refunds for row in rows.values()) == 1199
    assert {key: row.units for key, row in rows.items()} == {a.pk: 2, b.pk: 3, c.pk: 1}
    assert {key: row.revenue for key, row in rows.items()} == {
        a.pk: 2 * 499,
        b.pk: 3 * 699,
        c.pk: 399,
    }
    assert rows[b.pk].refunded_orders == 2
    assert {key: row.downloads for key, row in rows.items()} == {a.pk: 1, b.pk: 0, c.pk: 0}
    assert sum(rows[b.pk].revenue_per_day.values()) == rows[b.pk].revenue


def test_a_refunded_item_is_a_refund_of_its_own_title_and_the_figures_still_add_up():
    a, b, c = (ComicFactory(price_amount=price) for price in (499, 699, 399))
    order = create_order(comics=[a, b, c], status=OrderStatus.FULFILLED)
    other = create_order(comics=[b, c], status=OrderStatus.PAID)
    with system_scope():
        refunded_item = order.items.get(comic=b)
    _refund_item(order, refunded_item)
    _refund(other, 300)  # an amount: split across the order's titles
    run_queued_jobs(names={record_business_event.name})

    rows = {row.comic_id: row for row in sales_per_title(**_period())}

    assert {key: row.refunds for key, row in rows.items()} == {
        a.pk: 0,
        b.pk: 699 + 191,
        c.pk: 109,
    }
    assert {key: row.refunded_orders for key, row in rows.items()} == {a.pk: 0, b.pk: 2, c.pk: 1}
    paid = Order.objects.filter(pk__in=[order.pk, other.pk])
    assert sum(row.refunds for row in rows.values()) == sum(o.refunded_amount for o in paid)
    assert sum(row.revenue for row in rows.values()) == sum(o.total_amount for o in paid)


def test_with_net_prices_each_title_has_what_its_item_paid_with_vat_and_its_own_refunds(
    settings,
):
    """Outside probe BE (BE-3): split by the items' prices before VAT, this order counted
    1.588 KWD for Kuwait Nights and 3.012 for Kuwait Dawn (its invoice lines: 1.590 and
    3.010), and the refund of Kuwait Nights alone, 1.590, counted 0.002 on Kuwait Dawn."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    nights, dawn = (ComicFactory(price_amount=price, currency="KWD") for price in (1250, 2370))
    order = create_order(
        comics=[nights, dawn],
        status=OrderStatus.PAID,
        declaration=BuyerDeclaration(country="HU"),  # 27 %
    )
    # 1.250 + 0.340 VAT, 2.370 + 0.640: 4.600, each VAT rounded to a chargeable 0.010.
    assert order.total_amount == 4600
    with system_scope():
        nights_item, dawn_item = (order.items.get(comic=comic) for comic in (nights, dawn))
    _refund_item(order, nights_item, amount=1590)
    _refund(order, 1590 + 1000)  # an amount: Kuwait Nights has nothing left
    _refund_item(order, dawn_item, previously=2590, amount=2010)
    run_queued_jobs(names={record_business_event.name})

    rows = {row.comic_id: row for row in sales_per_title(**_period())}

    assert {key: (row.revenue, row.refunds) for key, row in rows.items()} == {
        nights.pk: (1590, 1590),
        dawn.pk: (3010, 3010),
    }


def test_a_bundle_has_its_comics_revenue_and_refunds_and_counts_the_orders_that_bought_it():
    a, b, c = (ComicFactory(price_amount=price) for price in (499, 699, 399))
    with system_scope():
        bundle = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=1299)
        bundle.comics.set([a, b, c])
    customer = UserFactory()
    with system_scope():
        order = bundle_order_create(bundle=bundle, customer=customer, actor="test")
        order_transition(order=order, name="submit_payment", actor="test", reason="test")
        order_transition(order=order, name="mark_paid", actor="test", reason="test")
        refunded_item = order.items.get(comic=b)
    create_order(comics=[a], status=OrderStatus.PAID)  # bought alone: not the bundle's
    _refund_item(order, refunded_item)
    run_queued_jobs(names={record_business_event.name})

    (sales,) = sales_per_bundle(**_period())

    assert (sales.bundle_id, sales.units) == (bundle.pk, 1)
    assert (sales.revenue, sales.refunds, sales.net) == (1299, 569, 730)


def test_a_period_that_ended_before_the_sales_shows_none():
    create_order(comics=[ComicFactory()], status=OrderStatus.PAID)
    run_queued_jobs(names={record_business_event.name})
    now = timezone.now()

    assert sales_per_title(start=now - timedelta(days=2), end=now - timedelta(days=1)) == []


@pytest.mark.parametrize(
    ("amount", "weights"), [(1000, [499, 699, 399]), (1, [1, 1, 1]), (7, [0, 0]), (0, [5])]
)
def test_an_amount_splits_into_shares_that_add_up_exactly(amount, weights):
    shares = split_amount(amount, weights)

    assert sum(shares) == amount
    assert len(shares) == len(weights)
    assert all(share >= 0 for share in shares)


def test_a_remainder_tie_goes_to_the_earlier_item_in_exact_arithmetic():
    # 880 * 225 and 880 * 563 leave the same remainder over 1352; as floats they differed
    # and the later item took the extra cent.
    assert split_amount(880, [225, 563, 564]) == [147, 366, 367]


def test_items_that_paid_nothing_share_an_amount_equally():
    assert split_amount(7, [0, 0]) == [4, 3]


def test_titles_rank_by_net_within_each_currency_the_currency_selling_most_first():
    """Outside probe FJ-4: 7.99 GBP ranked below 8.05 EUR, by cents and pence."""
    dear_euro, cheap_euro = ComicFactory(price_amount=805), ComicFactory(price_amount=393)
    pound = ComicFactory(price_amount=799, currency="GBP")
    for comic in (dear_euro, cheap_euro, pound):
        create_order(comics=[comic], status=OrderStatus.PAID)
    run_queued_jobs(names={record_business_event.name})

    ranked = [row.comic_id for row in sales_per_title(**_period())]

    assert ranked == [dear_euro.pk, cheap_euro.pk, pound.pk]


def test_a_renamed_comic_is_listed_by_its_name_now():
    """Outside probe FJ-3: it was listed by the name its order sold it under."""
    comic = ComicFactory(title="Old Name")
    create_order(comics=[comic], status=OrderStatus.PAID)
    run_queued_jobs(names={record_business_event.name})
    with system_scope():
        Comic.objects.filter(pk=comic.pk).update(title="New Name")

    (row,) = sales_per_title(**_period())

    assert row.title == "New Name"


def test_a_loss_won_after_all_gives_back_what_it_charged_back_after_a_refund_no_more():
    """Outside probe FO-2: 2.00 refunded, then 8.99 lost (charged back: the 6.99 left),
    then won after all: the title gave back 8.99, its charged back at -2.00."""
    comic = ComicFactory(price_amount=899)
    order = create_order(comics=[comic], status=OrderStatus.PAID)
    run_queued_jobs(names={record_business_event.name})
    _refund(order, 200)
    run_queued_jobs(names={record_business_event.name})
    for amount, key in ((899, "dp_1-lost"), (-899, "dp_1-won")):
        record_business_event(
            kind=BusinessEventKind.CHARGEBACK,
            order_id=order.pk,
            amount=amount,
            currency="EUR",
            occurred_at=timezone.now().isoformat(),
            event_key=key,
        )

    (row,) = sales_per_title(**_period())

    assert (row.revenue, row.refunds, row.charged_back, row.net) == (899, 200, 0, 699)
