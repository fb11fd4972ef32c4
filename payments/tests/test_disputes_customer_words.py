"""What the customer reads of a dispute (their order's history, status words, downloads):
nothing promises downloads they do not have."""

import pytest
from django.urls import reverse

from delivery.tests.conftest import fulfilled_order
from morpheus.money import format_display
from morpheus_testing.factories import PaymentFactory
from morpheus_testing.jobs import run_queued_jobs
from orders.transitions import OrderStatus
from payments.services import refund_create
from payments.tests.helpers import dispute_told, reload, run_stripe_jobs
from payments.tests.test_disputes import delivered, send_dispute  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

BACK = "your downloads are back"


def history(client, order) -> str:
    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text
    return page.split('data-testid="history"')[1].split("</ol>")[0]


def test_a_won_dispute_says_the_downloads_are_back_when_they_are(
    client,
    delivered,  # noqa: F811
    send_event,
):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.closed", "won")

    assert "Dispute resolved: your downloads are back" in history(client, order)


def test_a_won_dispute_of_a_refunded_order_does_not_say_the_downloads_are_back(
    client,
    delivered,  # noqa: F811
    send_event,
):
    order, payment = delivered
    refund_create(order=order, amount=order.total_amount, reason="Customer asked", actor="staff")
    run_stripe_jobs()
    assert reload(order).status == OrderStatus.REFUNDED
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.closed", "won")
    run_queued_jobs()

    words = history(client, order)
    assert "Payment disputed with your bank" in words
    assert "Dispute resolved" in words
    assert BACK not in words
    assert reload(order).status == OrderStatus.REFUNDED


def test_a_dispute_of_a_refunded_order_says_nothing_of_suspended_downloads(
    client,
    delivered,  # noqa: F811
    send_event,
):
    """Outside probe FO-5: "Downloads are suspended while the payment is disputed" of an
    order whose downloads the refund had closed, and would not bring back."""
    order, payment = delivered
    refund_create(order=order, amount=order.total_amount, reason="Customer asked", actor="staff")
    run_stripe_jobs()
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")

    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert "Payment disputed with your bank" in page
    assert "suspended" not in page
    assert "This order was refunded" in page


def test_a_won_dispute_closed_before_it_was_opened_does_not_say_the_downloads_are_back(
    client,
    delivered,  # noqa: F811
    send_event,
):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "won")
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")

    words = history(client, order)
    assert "Dispute resolved" in words
    assert BACK not in words
    assert "Payment disputed" not in words


def test_a_won_dispute_while_another_is_open_does_not_say_the_downloads_are_back(
    client,
    delivered,  # noqa: F811
    send_event,
):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response", id="dp_2")
    send_dispute(send_event, payment, "charge.dispute.closed", "won")

    assert BACK not in history(client, order)


def customer_pages(client, order) -> dict[str, str]:
    """The order's words on each page the customer reads them on."""
    client.force_login(order.customer)
    number = order.number
    return {
        "detail": client.get(reverse("orders:detail", args=[number])).text,
        "confirmation": client.get(reverse("orders:confirmation", args=[number])).text,
        "list": client.get(reverse("orders:list")).text,
        "status": client.get(reverse("orders:status", args=[number])).json()["words"],
        "library": client.get(reverse("delivery:library")).text,
    }


def test_an_open_dispute_promises_no_downloads(
    client,
    delivered,  # noqa: F811
    send_event,
):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")

    pages = customer_pages(client, order)
    assert pages["status"] == "Payment disputed"
    for name in ("detail", "confirmation"):
        assert 'data-testid="order-status">Payment disputed<' in pages[name], name
    assert ">Payment disputed</span>" in pages["list"]
    assert "Ready to download" not in pages["list"]
    assert "<h1>This order's payment is disputed</h1>" in pages["confirmation"]
    assert "Downloads are suspended while the payment is disputed." in pages["detail"]
    assert "Downloads are suspended while the payment is disputed." in pages["library"]


def test_a_lost_dispute_says_the_downloads_are_closed_for_good(
    client,
    delivered,  # noqa: F811
    send_event,
):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.funds_withdrawn", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.closed", "lost")

    pages = customer_pages(client, order)
    assert pages["status"] == "Payment returned to your bank"
    for name in ("detail", "confirmation"):
        assert 'data-testid="order-status">Payment returned to your bank<' in pages[name], name
    assert ">Payment returned to your bank</span>" in pages["list"]
    assert "Ready to download" not in pages["list"]
    assert "<h1>This order's downloads are closed</h1>" in pages["confirmation"]
    assert "Your comics are ready" not in pages["confirmation"]
    assert "Your comic is ready" not in pages["confirmation"]
    for name in ("detail", "library"):
        assert "downloads are closed for good" in pages[name], name
        assert "suspended while the payment is disputed" not in pages[name], name


def test_a_dispute_lost_for_part_of_the_payment_says_how_much_went_back(
    client,
    delivered,  # noqa: F811
    send_event,
):
    """Outside probe DO-2: after a loss of 2.00 of 3.99 the order's pages said the payment
    went back to the customer's bank, with no amount, and the receipt had no line for it."""
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "lost", amount=payment.amount - 100)

    pages = customer_pages(client, order)
    back = format_display(payment.amount - 100, order.currency)
    for name in ("detail", "confirmation"):
        assert f"{back} of your payment went back to your bank after a dispute" in pages[name]
        receipt_line = pages[name].split("Returned to your bank (dispute)")[1]
        assert receipt_line.split("</tr>")[0].endswith(f">-{back}</td>"), name
    # Outside probe DT-3: the status and the history said the whole payment went back.
    assert pages["status"] == "Part of the payment returned to your bank"
    assert f"Dispute closed: {back} of the payment went back to your bank" in history(client, order)
    # Outside probe HS-2: the library said the whole payment went back.
    assert f"Part of order {order.number}&#x27;s payment went back to your bank" in pages["library"]


def test_a_dispute_lost_for_part_of_the_payment_and_the_rest_refunded_says_all_is_back(
    client,
    delivered,  # noqa: F811
    send_event,
):
    """Outside probe IB-1: once a refund paid back what the lost dispute left, the pages
    still said "Part of the payment returned to your bank", as if the rest were owed."""
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "lost", amount=200)
    refund_create(
        order=reload(order), amount=payment.amount - 200, reason="Customer asked", actor="staff"
    )
    run_stripe_jobs()

    pages = customer_pages(client, order)

    said = "Paid back in full"
    assert pages["status"] == said
    assert f'data-testid="order-status">{said}<' in pages["detail"]
    assert f">{said}</span>" in pages["list"]
    assert "Part of the payment returned" not in pages["detail"] + pages["list"]


def test_a_dispute_lost_for_all_of_the_payment_is_on_the_receipt(
    client,
    delivered,  # noqa: F811
    send_event,
):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "lost")

    page = customer_pages(client, order)["detail"]
    back = format_display(payment.amount, order.currency)
    assert "The payment went back to your bank after a dispute" in page
    assert f'data-testid="order-dispute-lost">-{back}</td>' in page


def test_a_link_of_an_order_that_lost_part_of_its_payment_says_part(client):
    """Outside probe HS-2: the emailed link's refusal said the whole payment went back."""
    order, (link,) = fulfilled_order()
    PaymentFactory(order=order, succeeded=True)
    dispute_told(order, "lost", order.total_amount - 100)

    refused = client.get(link.path)

    assert refused.status_code == 403
    assert (
        "Part of the payment of the order this link belongs to went back to the bank after a "
        "dispute: its downloads are closed for good."
    ) in refused.text
