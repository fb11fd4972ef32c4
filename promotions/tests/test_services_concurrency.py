"""Use limits hold when many checkouts race for the last uses of a code."""

import threading
import time

import pytest
from django.db import connection

from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from orders.models import Order
from promotions.bundles import bundle_order_create
from promotions.errors import CodeUsedUp
from promotions.models import Bundle, DiscountCode, DiscountUse
from promotions.services import discount_apply
from promotions.tests.factories import make_code

pytestmark = pytest.mark.django_db(transaction=True)
CHECKOUTS, USES = 50, 10


def test_fifty_parallel_checkouts_against_a_ten_use_code_give_it_to_exactly_ten():
    make_code("RUSH", percent_off=20, max_uses=USES, max_uses_per_customer=None)
    comic = ComicFactory(price_amount=1000)
    orders = [create_order(comics=[comic]) for _ in range(CHECKOUTS)]
    start = threading.Barrier(CHECKOUTS)
    outcomes: list[str] = []

    def checkout(order) -> None:
        try:
            start.wait()
            with system_scope():
                discount_apply(order=order, code="RUSH", customer=order.customer, actor="test")
            outcomes.append("applied")
        except CodeUsedUp:
            outcomes.append("used up")
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=(order,)) for order in orders]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began

    with system_scope():
        uses = DiscountUse.objects.filter(discount_code__code="RUSH").count()
        counted = DiscountCode.objects.get(code="RUSH").uses_count
    print(
        f"{CHECKOUTS} parallel checkouts, {USES}-use code: {outcomes.count('applied')} "
        f"applied in {elapsed:.2f} s"
    )
    assert sorted(outcomes).count("applied") == USES
    assert outcomes.count("used up") == CHECKOUTS - USES
    assert uses == counted == USES


def test_buy_the_bundle_clicked_five_times_at_once_places_one_order():
    comics = [ComicFactory(price_amount=price) for price in (499, 699, 399)]
    with system_scope():
        bundle = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=1299)
        bundle.comics.set(comics)
    customer = UserFactory()

    def buy() -> int:
        with system_scope():
            return bundle_order_create(bundle=bundle, customer=customer, actor="test").pk

    placed = at_once(buy, times=5)

    with system_scope():
        orders = list(Order.objects.filter(customer=customer))
    assert len(placed) == 5
    assert [order.pk for order in orders] == [placed[0]] == list(set(placed))
