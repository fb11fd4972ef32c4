"""An order placed before its country's VAT rate changed and paid after: the VAT of the day
it is paid, recorded again as the payment starts (outside probe CQ-1)."""

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from invoicing.tests.helpers import documents
from morpheus.db_context import system_scope
from morpheus_testing.factories import BUSINESS, ComicFactory, create_order
from morpheus_testing.jobs import invoices_numbered, run_queued_jobs
from notifications.tasks import send_order_email
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.transitions import OrderStatus
from payments.tests.helpers import intent_json, reload, run_stripe_jobs
from tax.models import ItemTax, TaxRule
from tax.services import pending_orders_rates_refresh, tax_rule_save
from tax.tasks import refresh_pending_order_rates
from tax.tests.helpers import history

pytestmark = pytest.mark.django_db

FRANCE = BuyerDeclaration(country="FR")


def france_rate_from_today(rate: str) -> None:
    """France's e-book rule ends yesterday; `rate` is in force from today."""
    today = timezone.now().date()
    with system_scope():
        TaxRule.objects.filter(country="FR", category="ebook", valid_to__isnull=True).update(
            valid_to=today
        )
        TaxRule.objects.create(country="FR", category="ebook", rate=rate, valid_from=today)


def vat_rows(order) -> list[tuple[str, int, int]]:
    with system_scope():
        rows = ItemTax.objects.filter(order=order).order_by("item_id")
        return [(f"{row.rate.normalize():f}", row.net, row.tax) for row in rows]


def pay_start(client, order, total: int):
    client.force_login(order.customer)
    return client.post(
        reverse("orders:pay_start", args=[order.number]),
        {"payment_method_id": "pm_card_visa", "total": str(total)},
    )


def paid(order):
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    invoices_numbered()
    return order


def test_an_order_paid_after_its_countrys_rate_rose_is_invoiced_at_the_rate_of_the_day_paid(
    client, stripe_webhook
):
    order = create_order(comics=[ComicFactory(price_amount=699)], declaration=FRANCE)
    assert vat_rows(order) == [("5.5", 663, 36)]
    france_rate_from_today("10")

    response = pay_start(client, order, 699)

    assert response.status_code == 200
    order = reload(order)
    assert (order.status, order.total_amount) == (OrderStatus.PROCESSING, 699)
    assert vat_rows(order) == [("10", 635, 64)]
    assert (
        "vat",
        "This order's VAT went from 5.5 % to 10 %, the rate of France today: recorded again "
        "before its payment",
    ) in history(order)
    (invoice,) = documents(paid(order))
    assert (invoice.total_amount, invoice.net_amount, invoice.tax_amount) == (699, 635, 64)
    assert [line["rate"] for line in invoice.lines] == ["10.00"]


def test_an_order_at_net_prices_whose_rate_rose_charges_nothing_and_asks_for_the_new_total(
    client, settings, stripe_webhook
):
    """In the pay page's amounts (outside probe HQ-3: "11.00 EUR" under "Pay €11.00")."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    order = create_order(comics=[ComicFactory(price_amount=1000)], declaration=FRANCE)
    assert order.total_amount == 1055
    run_queued_jobs(names=[send_order_email.name])
    france_rate_from_today("10")

    response = pay_start(client, order, 1055)

    told = f"Order {order.number} costs €11.00, not €10.55: nothing was charged."
    assert response.status_code == 409
    assert response.json()["error"].startswith(told)
    order = reload(order)
    assert (order.status, order.total_amount) == (OrderStatus.PENDING, 1100)
    with system_scope():
        assert not order.payments.exists()
    page = unescape(client.get(reverse("orders:pay", args=[order.number])).content.decode())
    assert 'data-total="1100"' in page
    run_queued_jobs(names=[send_order_email.name])
    repriced = mail.outbox[-1]
    assert repriced.subject == f"Your order {order.number} now costs more"
    assert "now costs €11.00, not €10.55 as we last told you." in repriced.body
    assert "This order's VAT went from 5.5 % to 10 %, the rate of France today" in repriced.body

    response = pay_start(client, order, 1100)

    assert response.status_code == 200
    run_stripe_jobs()
    with system_scope():
        (payment,) = order.payments.all()
    assert intent_json(payment)["amount"] == 1100


def test_a_rate_cut_before_payment_lowers_a_net_price_order_and_says_it_costs_less(
    client, settings, stripe_webhook
):
    settings.TAX_PRICES_INCLUDE_TAX = False
    order = create_order(comics=[ComicFactory(price_amount=1000)], declaration=FRANCE)
    run_queued_jobs(names=[send_order_email.name])
    france_rate_from_today("2.1")

    assert pay_start(client, order, 1055).status_code == 409

    assert reload(order).total_amount == 1021
    run_queued_jobs(names=[send_order_email.name])
    assert mail.outbox[-1].subject == f"Your order {order.number} now costs less"


def test_a_rate_unchanged_since_the_order_was_placed_records_nothing_again(client, stripe_webhook):
    order = create_order(comics=[ComicFactory(price_amount=699)], declaration=FRANCE)
    with system_scope():
        (before,) = ItemTax.objects.filter(order=order)
    later = timezone.now().date() + timedelta(days=30)
    with system_scope():  # a change announced for next month is not today's rate
        TaxRule.objects.filter(country="FR", category="ebook", valid_to__isnull=True).update(
            valid_to=later
        )
        TaxRule.objects.create(country="FR", category="ebook", rate="10", valid_from=later)

    assert pay_start(client, order, 699).status_code == 200

    with system_scope():
        (after,) = ItemTax.objects.filter(order=order)
    assert after.pk == before.pk
    assert not [reason for kind, reason in history(order) if "VAT rate" in reason]


def test_a_business_price_follows_a_rate_changed_before_payment(client, stripe_webhook):
    """€10.70 including Germany's 7 %: a German business pays €10.00 by reverse charge, and
    €10.70 less 19 % once that is Germany's e-book rate."""
    business = BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    order = create_order(comics=[ComicFactory(price_amount=1070)], declaration=business)
    assert order.total_amount == 1000
    today = timezone.now().date()
    with system_scope():
        TaxRule.objects.filter(country="DE", category="ebook", valid_to__isnull=True).update(
            valid_to=today
        )
        TaxRule.objects.create(country="DE", category="ebook", rate="19", valid_from=today)

    assert pay_start(client, order, 1000).status_code == 409

    order = reload(order)
    assert (order.total_amount, vat_rows(order)) == (899, [("0", 899, 0)])
    assert (
        "vat",
        "The VAT rate of Germany changed since this order was priced: its business price "
        "(reverse charge) follows: 10.00 EUR before, 8.99 EUR now",
    ) in history(order)


def test_the_pay_page_opened_before_a_new_rate_settles_shows_and_records_it(client):
    """Outside probe HN-1: in the minutes a new rate settles, the pay page said "Includes VAT
    10 %" and the receipt of the payment made from it 7 %."""
    order = create_order(comics=[ComicFactory(price_amount=699)], declaration=FRANCE)
    france_rate_from_today("10")
    client.force_login(order.customer)

    page = unescape(client.get(reverse("orders:pay", args=[order.number])).text)

    assert "Includes VAT 10 % (France)" in page
    assert (
        "This order's VAT went from 5.5 % to 10 %, the rate of France today: the VAT charged "
        "is that of the day you pay."
    ) in page
    assert vat_rows(order) == [("10", 635, 64)]
    again = unescape(client.get(reverse("orders:pay", args=[order.number])).text)
    assert "Includes VAT 10 % (France)" in again
    assert [kind for kind, _ in history(order)].count("vat") == 1


def business_order_priced_before_germany_rose() -> Order:
    """A German business's pending order of a comic at €10.70 (€9.34 by reverse charge at
    Germany's 7 %); Germany's rate is 19 % from today."""
    business = BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    order = create_order(comics=[ComicFactory(price_amount=1070)], declaration=business)
    today = timezone.now().date()
    with system_scope():
        TaxRule.objects.filter(country="DE", category="ebook", valid_to__isnull=True).update(
            valid_to=today
        )
        TaxRule.objects.create(country="DE", category="ebook", rate="19", valid_from=today)
    return order


def test_a_business_pays_the_price_its_pay_page_shows_after_a_rate_changed(client, stripe_webhook):
    """Outside probe HN-1: the pay page said "Pay €9.34" after Germany's rate changed, and
    the payment was refused: the order "costs 8.39 EUR, not 9.34 EUR"."""
    order = business_order_priced_before_germany_rose()
    client.force_login(order.customer)

    page = unescape(client.get(reverse("orders:pay", args=[order.number])).text)

    assert "Pay €8.99" in page
    assert 'data-total="899"' in page
    assert pay_start(client, order, 899).status_code == 200


@pytest.mark.parametrize("page", ["orders:detail", "orders:confirmation"])
def test_a_pending_orders_own_pages_show_the_total_its_payment_would_charge(
    client, stripe_webhook, page
):
    """Outside probe HT-6: after Germany's rate changed, the order's page and confirmation
    showed "Pay €9.34", and its pay page asked €8.99."""
    order = business_order_priced_before_germany_rose()
    client.force_login(order.customer)

    shown = unescape(client.get(reverse(page, args=[order.number])).text)

    assert "€8.99" in shown
    assert "€9.34" not in shown


def scheduled_refreshes() -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT scheduled_at FROM procrastinate_jobs WHERE task_name = %s AND status = 'todo'",
            [refresh_pending_order_rates.name],
        )
        return [scheduled for (scheduled,) in cursor.fetchall()]


def test_a_rate_finance_brings_into_force_reaches_the_pending_orders_pay_page_once_settled(
    client, settings
):
    order = create_order(comics=[ComicFactory(price_amount=699)], declaration=FRANCE)
    paid_before = create_order(
        comics=[ComicFactory(price_amount=699)], declaration=FRANCE, status=OrderStatus.PAID
    )
    today = timezone.now().date()
    tax_rule_save(  # ends the 5.5 % rule where it starts
        rule=TaxRule(country="FR", category="ebook", rate="10", valid_from=today),
        actor="staff:finance",
    )
    settled = timezone.now() + timedelta(seconds=settings.TAX_RULE_SETTLE_SECONDS)
    assert min(scheduled_refreshes()) >= settled - timedelta(seconds=5)
    assert vat_rows(order) == [("5.5", 663, 36)]  # nothing told before it settles

    run_queued_jobs(names={refresh_pending_order_rates.name})

    assert vat_rows(order) == [("10", 635, 64)]
    assert vat_rows(paid_before) == [("5.5", 663, 36)]
    client.force_login(order.customer)
    for shown in ("orders:pay", "orders:detail"):
        page = unescape(client.get(reverse(shown, args=[order.number])).content.decode())
        assert "Includes VAT 10 % (France)" in page
        assert (
            "This order's VAT went from 5.5 % to 10 %, the rate of France today: the VAT "
            "charged is that of the day you pay."
        ) in page


def test_a_free_order_is_left_as_it_is(client, stripe_webhook):
    order = create_order(comics=[ComicFactory(price_amount=0)], declaration=FRANCE)
    france_rate_from_today("10")

    assert pending_orders_rates_refresh(actor="system:vat_rates") == []

    assert vat_rows(order) == [("5.5", 0, 0)]


def test_a_total_that_rises_again_after_going_back_is_emailed_each_time(settings):
    """Outside probe CU-5: the email of a rise back to a total told before was taken for
    the earlier one's, and not sent."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    create_order(comics=[ComicFactory(price_amount=1000)], declaration=FRANCE)
    run_queued_jobs(names=[send_order_email.name])
    with system_scope():
        rule = TaxRule.objects.get(country="FR", category="ebook", valid_to__isnull=True)
    sent = []
    for rate in ("10", "5.5", "10"):
        with system_scope():
            TaxRule.objects.filter(pk=rule.pk).update(rate=rate)
        mail.outbox = []
        pending_orders_rates_refresh(actor="system:vat_rates")
        run_queued_jobs(names=[send_order_email.name])
        sent += [message.subject.split()[-1] for message in mail.outbox]

    assert sent == ["more", "less", "more"]


def test_a_rate_corrected_back_says_the_vat_went_back_not_that_the_order_was_priced_higher(
    client,
):
    """Outside probe CY-3: corrected from 13 % back to 9 %, the pages said "this order was
    priced at 13 %" above a receipt at 9 %; and "Netherlands" without "the"."""
    order = create_order(
        comics=[ComicFactory(price_amount=1090)], declaration=BuyerDeclaration(country="NL")
    )
    with system_scope():
        rule = TaxRule.objects.get(country="NL", category="ebook", valid_to__isnull=True)
    for rate in ("13", "9"):
        with system_scope():
            TaxRule.objects.filter(pk=rule.pk).update(rate=rate)
        pending_orders_rates_refresh(actor="system:vat_rates")

    client.force_login(order.customer)
    page = unescape(client.get(reverse("orders:pay", args=[order.number])).content.decode())
    assert vat_rows(order) == [("9", 1000, 90)]
    assert (
        "This order's VAT went from 13 % to 9 %, the rate of the Netherlands today: the VAT "
        "charged is that of the day you pay."
    ) in page
    assert "priced at" not in page
