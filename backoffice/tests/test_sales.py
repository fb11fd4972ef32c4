import csv
import html
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from analytics.tasks import record_business_event
from backoffice.tests.helpers import dispute_closed
from invoicing.selectors import items_left_to_credit
from invoicing.tests.helpers import documents
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
)
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from orders.buyer import BuyerDeclaration
from orders.services import order_transition
from orders.transitions import OrderStatus
from payments.services import refund_create, refund_create_for_items
from payments.tests.helpers import intent_json, run_stripe_jobs, started_payment
from promotions.bundles import bundle_order_create
from promotions.models import Bundle

pytestmark = pytest.mark.django_db


URL = reverse("admin:catalog_comic_sales")


def csv_rows(client) -> list[dict]:
    body = client.get(URL, {"format": "csv"}).content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def sold():
    comic = ComicFactory(title="=Neon Tide", price_amount=699)
    for _ in range(2):
        create_order(comics=[comic], status=OrderStatus.PAID)
    run_queued_jobs(names={record_business_event.name})
    return comic


def test_finance_sees_each_title_with_its_chart_for_the_chosen_period(finance_client, sold):
    today = timezone.localdate()

    response = finance_client.get(URL, {"start": today.isoformat(), "end": today.isoformat()})

    assert response.status_code == 200
    page = response.content.decode()
    assert "=Neon Tide" in page
    assert "13.98 EUR" in page
    assert page.count('class="bo-chart wide"') == 1


def test_bundles_sold_in_the_period_have_their_own_table(finance_client, sold):
    with system_scope():
        bundle = Bundle.objects.create(title="Neon Duo", slug="neon-duo", price_amount=999)
        bundle.comics.set([sold, ComicFactory(price_amount=500)])
        order = bundle_order_create(bundle=bundle, customer=UserFactory(), actor="test")
        for step in ("submit_payment", "mark_paid"):
            order_transition(order=order, name=step, actor="test", reason="test")
    run_queued_jobs(names={record_business_event.name})

    page = finance_client.get(URL).content.decode()

    table = page[page.index('id="sales-bundles"') :]
    assert (
        '<td class="bo-title">Neon Duo</td><td data-label="Units">1</td>'
        '<td data-label="Revenue">9.99 EUR</td>' in (table)
    )


def test_the_csv_export_holds_the_same_figures_as_text_safe_cells(finance_client, sold):
    response = finance_client.get(URL, {"format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["comic_id", "title", "currency", "units", "revenue"]
    assert rows[1][1:5] == ["'=Neon Tide", "EUR", "2", "13.98"]
    assert response["Content-Disposition"].startswith('attachment; filename="sales-per-title-')


def test_a_period_longer_than_a_year_falls_back_to_the_last_30_days(finance_client, sold):
    response = finance_client.get(URL, {"start": "2020-01-01", "end": "2026-01-01"})

    assert b"at most 366 days" in response.content
    assert b"=Neon Tide" in response.content


def test_a_period_ending_on_the_last_day_there_is_is_refused_in_words(finance_client, sold):
    response = finance_client.get(URL, {"start": "9999-01-01", "end": "9999-12-31"})

    assert response.status_code == 200
    assert b"Choose an earlier end." in response.content


def test_a_period_written_day_first_is_refused_in_words_not_read_month_first(finance_client, sold):
    """Outside probe BS (BS-2): 05/12/2026 was read as 12 May, as the order list's filter did."""
    response = finance_client.get(URL, {"start": "05/12/2026", "end": "05/12/2026"})

    assert response.content.decode().count("Not a date (write 2026-11-30).") == 2
    assert b"=Neon Tide" in response.content  # the last 30 days, as for any unread period


@pytest.mark.parametrize(
    "period",
    [{"start": "05/12/2026", "end": "05/12/2026"}, {"start": "2026-12-06", "end": "2026-12-05"}],
    ids=["day-first", "end-first"],
)
def test_a_csv_of_a_refused_period_is_the_page_saying_why_not_another_periods_csv(
    finance_client, sold, period
):
    """Outside probe BT (BT-2): it was the last 30 days' CSV, named only by its file name."""
    response = finance_client.get(URL, {**period, "format": "csv"}, follow=True)

    assert [url for url, _ in response.redirect_chain] == [f"{URL}?{urlencode(period)}"]
    assert response["Content-Type"].startswith("text/html")
    page = html.unescape(response.content.decode())
    assert "Not a date (write 2026-11-30)." in page or "Choose an end after the start" in page


@pytest.mark.parametrize("export", [False, True], ids=["page", "csv"])
def test_sales_refused_to_staff_who_may_not_see_orders_name_the_permission(client, export):
    """Found by an outside probe: it said only "You may not open this page."."""
    client.force_login(UserFactory(is_staff=True))

    response = client.get(URL, {"format": "csv"} if export else {})

    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "You lack the permission: Can view order." in page
    assert 'id="nav-sidebar"' in page


@pytest.mark.parametrize("staff", ["support", "finance"])
def test_support_and_finance_open_sales_per_title(request, staff, sold):
    client = request.getfixturevalue(f"{staff}_client")

    response = client.get(URL)

    assert response.status_code == 200
    assert "=Neon Tide" in html.unescape(response.content.decode())


def test_an_amount_refunded_after_an_item_refund_goes_to_the_titles_the_credit_notes_credit(
    finance_client, stripe_webhook, send_event
):
    neon = ComicAssetFactory(comic__title="Neon Tide", comic__price_amount=699).comic
    paper = ComicAssetFactory(comic__title="Paper Moons", comic__price_amount=399).comic
    order, payment = started_payment(order=create_order(comics=[neon, paper]))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    with system_scope():
        neon_item = order.items.get(comic=neon)
    refund_create_for_items(
        order=order, item_ids=[neon_item.pk], reason="Wrong comic", actor="staff:finance"
    )
    run_stripe_jobs()
    refund_create(order=order, amount=399, reason="The rest", actor="staff:finance")
    run_stripe_jobs()
    run_queued_jobs(names={record_business_event.name})

    rows = csv_rows(finance_client)
    page = finance_client.get(URL).text

    _invoice, *notes = documents(order)
    credited = [(line["title"], line["gross"]) for note in notes for line in note.lines]
    assert credited == [("Neon Tide", 699), ("Paper Moons", 399)]
    # Outside probe GU-6: "(1)" beside the refunds, unlabelled, read as a count of refunds.
    assert '3.99 EUR <span class="bo-muted">(in 1 order)</span>' in page
    assert {row["title"]: (row["refunds"], row["net"]) for row in rows} == {
        "Neon Tide": ("6.99", "0.00"),
        "Paper Moons": ("3.99", "0.00"),
    }


def test_with_net_prices_each_title_reads_its_invoice_line_and_its_credit_notes(
    finance_client, stripe_webhook, send_event, settings
):
    """Outside probe BE (BE-3): with VAT added on top, the titles read 1.588 and 3.012 KWD
    of an order invoiced 1.590 and 3.010, and Kuwait Nights' refund counted partly on Kuwait
    Dawn."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    nights, dawn = (
        ComicAssetFactory(
            comic__title=title, comic__price_amount=price, comic__currency="KWD"
        ).comic
        for title, price in (("Kuwait Nights", 1250), ("Kuwait Dawn", 2370))
    )
    order = create_order(comics=[nights, dawn], declaration=BuyerDeclaration(country="HU"))
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    with system_scope():
        nights_item, dawn_item = (order.items.get(comic=comic) for comic in (nights, dawn))
    refund_create_for_items(
        order=order, item_ids=[nights_item.pk], reason="Wrong comic", actor="staff:finance"
    )
    run_stripe_jobs()
    refund_create(order=order, amount=1000, reason="Goodwill", actor="staff:finance")
    run_stripe_jobs()
    refund_create_for_items(  # what is left of it, as the refund screen offers
        order=order,
        item_ids=[dawn_item.pk],
        reason="Wrong comic",
        actor="staff:finance",
        amounts=items_left_to_credit(order=order),
    )
    run_stripe_jobs()
    run_queued_jobs(names={record_business_event.name})

    rows = csv_rows(finance_client)

    invoice, *notes = documents(order)
    assert [(line["title"], line["gross"]) for line in invoice.lines] == [
        ("Kuwait Nights", 1590),
        ("Kuwait Dawn", 3010),
    ]
    assert [[(line["title"], line["gross"]) for line in note.lines] for note in notes] == [
        [("Kuwait Nights", 1590)],
        [("Kuwait Dawn", 1000)],
        [("Kuwait Dawn", 2010)],
    ]
    assert {row["title"]: (row["revenue"], row["refunds"]) for row in rows} == {
        "Kuwait Nights": ("1.590", "1.590"),
        "Kuwait Dawn": ("3.010", "3.010"),
    }


def test_a_lost_dispute_is_charged_back_per_title_and_bundle_and_lowers_the_net_until_won(
    finance_client,
):
    """Outside probe: a charged-back payment still counted as the shop's money."""
    with system_scope():
        bundle = Bundle.objects.create(title="Tide Pair", slug="tide-pair", price_amount=1500)
        bundle.comics.set(
            [
                ComicFactory(title="Ebb", price_amount=1000),
                ComicFactory(title="Flow", price_amount=500),
            ]
        )
        order = bundle_order_create(bundle=bundle, customer=UserFactory(), actor="test")
        PaymentFactory(
            order=order, stripe_payment_intent_id=f"pi_sales_{order.pk}", status="succeeded"
        )
        for step in ("submit_payment", "mark_paid"):
            order_transition(order=order, name=step, actor="test", reason="test")
    dispute_closed(order, "lost", 600)

    page = finance_client.get(URL).content.decode()
    report = finance_client.get(URL, {"format": "csv"}).content.decode("utf-8-sig")

    assert (
        '<td class="bo-title">Ebb</td><td data-label="Units">1</td>'
        '<td data-label="Revenue">10.00 EUR</td>'
        '<td data-label="Refunds">0.00 EUR</td><td data-label="Charged back">4.00 EUR</td>'
        '<td data-label="Net"><strong>6.00 EUR</strong></td>'
    ) in page
    assert (
        '<td data-label="Revenue">15.00 EUR</td><td data-label="Refunds">0.00 EUR</td>'
        '<td data-label="Charged back">6.00 EUR</td>'
        '<td data-label="Net"><strong>9.00 EUR</strong></td>'
    ) in page[page.index('id="sales-bundles"') :]
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(report))}
    assert [rows[title][key] for title in ("Ebb", "Flow") for key in ("charged_back", "net")] == [
        "4.00",
        "6.00",
        "2.00",
        "3.00",
    ]

    dispute_closed(order, "won", 600)

    rows = finance_client.get(URL, {"format": "csv"}).content.decode("utf-8-sig")
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(rows))}
    assert [rows[title][key] for title in ("Ebb", "Flow") for key in ("charged_back", "net")] == [
        "0.00",
        "10.00",
        "0.00",
        "5.00",
    ]
