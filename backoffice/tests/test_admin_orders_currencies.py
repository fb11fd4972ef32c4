"""A yen and a Kuwaiti dinar order end to end: checkout and payment through localstripe,
the customer's pages, the staff refund form, the CSV export and the dashboard, each with
the currency's own decimals (JPY none, KWD three)."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backoffice.dashboard import dashboard_metrics
from backoffice.tests.helpers import as_confirmed
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, ComicFactory, UserFactory, create_order
from morpheus_testing.stripe_signing import build_event
from orders.models import Order
from orders.transitions import OrderStatus
from payments.models import Refund, RefundStatus
from payments.tests.helpers import VISA, intent_json, localstripe_call, run_stripe_jobs

CASES = {
    # currency: (price in minor units, shown to the customer, typed refund, refunded minor,
    #            CSV total, dashboard revenue, a refund typed too precisely)
    "JPY": (500, "¥500", "200", 200, "500", "500 JPY", "200.5"),
    "KWD": (1250, "1.250 KWD", "0.75", 750, "1.250", "1.250 KWD", "0.7505"),
}


def checkout_and_pay(currency: str, price: int) -> Order:
    """What the customer's browser does: add to cart, check out, pay with card 4242."""
    customer = UserFactory()
    browser = Client()
    browser.force_login(customer)
    comic = ComicAssetFactory(comic__price_amount=price, comic__currency=currency).comic
    browser.post(reverse("orders:cart_add", args=[comic.pk]))
    browser.post(reverse("promotions:checkout"))
    with system_scope():
        order = Order.objects.get(customer=customer)
    started = browser.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": VISA}
    )
    assert started.status_code == 200, started.content
    run_stripe_jobs()
    return order, browser


@pytest.mark.parametrize("currency", sorted(CASES))
@pytest.mark.django_db(transaction=False)
def test_an_order_keeps_its_currencys_decimals_from_checkout_to_the_dashboard(
    currency, stripe_webhook, send_event, finance_client
):
    price, shown, typed, refunded, csv_total, revenue, too_precise_amount = CASES[currency]
    order, browser = checkout_and_pay(currency, price)
    with system_scope():
        payment = order.payments.get()
    intent = intent_json(payment)
    assert (intent["amount"], intent["currency"]) == (price, currency.lower())
    send_event(build_event("payment_intent.succeeded", intent))
    with system_scope():
        order.refresh_from_db()
    assert order.status == OrderStatus.PAID

    page = browser.get(reverse("orders:detail", args=[order.number]))
    assert shown in page.content.decode()

    refund_url = reverse("admin:orders_order_refund", args=[order.pk])
    form = finance_client.get(refund_url)
    assert str(form.context["form"].initial["amount"]) == csv_total
    too_precise = finance_client.post(
        refund_url, {"version": order.version, "amount": too_precise_amount, "reason": "Asked"}
    )
    assert "decimal places" in too_precise.context["form"].errors["amount"][0]
    asked = {"version": order.version, "amount": typed, "reason": "Asked"}
    finance_client.post(refund_url, as_confirmed(finance_client, refund_url, asked))
    run_stripe_jobs()
    with system_scope():
        refund = Refund.objects.get(order=order)
    assert (refund.amount, refund.status) == (refunded, RefundStatus.SUCCEEDED)
    stripe_refund = localstripe_call("GET", f"/v1/refunds/{refund.stripe_refund_id}")
    assert stripe_refund["amount"] == refunded

    body = b"".join(finance_client.get(reverse("admin:orders_order_export")).streaming_content)
    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert (row["currency"], row["total"]) == (currency, csv_total)

    assert dashboard_metrics(timezone.now())["today_revenue"] == [revenue]


@pytest.mark.django_db
def test_the_total_filter_reads_each_order_in_its_own_currency(support_client):
    yen = create_order(comics=[ComicFactory(price_amount=500, currency="JPY")])
    euro = create_order(comics=[ComicFactory(price_amount=500, currency="EUR")])
    dinar = create_order(comics=[ComicFactory(price_amount=500, currency="KWD")])

    def listed(**bounds) -> set[str]:
        response = support_client.get(reverse("admin:orders_order_changelist"), bounds)
        return {order.number for order in response.context["cl"].result_list}

    assert listed(total_amount_from="100", total_amount_to="600") == {yen.number}
    assert listed(total_amount_to="5") == {euro.number, dinar.number}


@pytest.mark.django_db
def test_sorting_by_total_or_refunded_groups_the_orders_by_currency_then_amount(
    support_client,
):
    """Found by an outside tester: sorted by Total, ¥1,000 (1000 minor units) came above
    €9.99 (999), the currencies mixed. Refunded amounts sort the same way; orders of the
    same amount newest first either way."""
    totals = [("EUR", 999), ("EUR", 2000), ("EUR", 2000), ("JPY", 500), ("JPY", 1000), ("USD", 500)]
    orders = [create_order(comics=[ComicFactory(currency=currency)]) for currency, _ in totals]
    with system_scope():
        for order, (_currency, total) in zip(orders, totals, strict=True):
            Order.objects.filter(pk=order.pk).update(
                subtotal_amount=total, total_amount=total, refunded_amount=total
            )
    url = reverse("admin:orders_order_changelist")
    columns = support_client.get(url).context["cl"].list_display

    def listed(sort: str) -> list[str]:
        response = support_client.get(url, {"o": sort})
        return [order.number for order in response.context["cl"].result_list]

    numbers = [order.number for order in orders]
    ascending = [numbers[0], numbers[2], numbers[1], *numbers[3:]]
    descending = [*numbers[:2:-1], numbers[2], numbers[1], numbers[0]]
    for column in (columns.index("total"), columns.index("refunded")):
        assert listed(str(column)) == ascending
        assert listed(f"-{column}") == descending
