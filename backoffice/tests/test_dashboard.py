from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from analytics.models import BusinessEvent
from backoffice.dashboard import dashboard_metrics
from backoffice.tests.helpers import dispute_closed, paid_by_card, refund_not_sent
from morpheus.db_context import system_scope
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.factories import (
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
)
from morpheus_testing.stripe_signing import build_event
from orders.models import Order
from orders.transitions import OrderStatus
from payments.models import Payment, PaymentStatus, Refund, RefundStatus
from payments.tests.helpers import intent_json, started_payment
from tax.tests.helpers import dispute_of


def add_payment(order: Order, attempt: int, status: str, **fields) -> Payment:
    return PaymentFactory(order=order, attempt=attempt, status=status, **fields)


def test_metrics_count_today_and_the_failure_rate(db):
    paid = create_order(status=OrderStatus.PAID)
    old = create_order()
    with system_scope():
        Order.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    add_payment(paid, 1, PaymentStatus.FAILED, failure_code="card_declined")
    add_payment(paid, 2, PaymentStatus.SUCCEEDED)
    metrics = dashboard_metrics(timezone.now())
    assert metrics["today_orders"] == 1
    assert metrics["today_revenue"] == ["4.99 EUR"]
    assert metrics["failure_rate"] == "50.0 %"
    assert [p.failure_code for p in metrics["failed_payments"]] == ["card_declined"]


def test_dashboard_home_renders_tiles_and_charts(support_client):
    create_order(status=OrderStatus.PAID)
    response = support_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b'id="tile-today-orders"' in response.content
    assert response.content.count(b'class="bo-chart wide"') == 2  # orders, EUR revenue
    assert response.content.count(b'class="bo-chart narrow"') == 2  # the same, for phones


def test_dashboard_lists_paid_orders_not_fulfilled_in_time(support_client, settings):
    settings.FULFILMENT_ALERT_MINUTES = 10
    late = create_order(status=OrderStatus.PAID)
    recent = create_order(status=OrderStatus.PAID)
    with system_scope():
        Order.objects.filter(pk=late.pk).update(paid_at=timezone.now() - timedelta(minutes=11))

    response = support_client.get(reverse("admin:index"))

    section = response.content.decode().split('id="paid-not-fulfilled"')[1].split("</section>")[0]
    assert "Paid, not fulfilled after 10 minutes" in section
    assert late.number in section
    assert recent.number not in section


def test_the_late_fulfilments_say_which_finance_holds_and_which_are_late(support_client, settings):
    """Found by an outside probe: an order held for its VAT evidence read as a stuck one."""
    settings.FULFILMENT_ALERT_MINUTES = 10
    held = create_order_held_for_its_vat_evidence(customer=UserFactory(), comics=[ComicFactory()])
    late = create_order(status=OrderStatus.PAID)
    with system_scope():
        Order.objects.filter(pk__in=[held.pk, late.pk]).update(
            paid_at=timezone.now() - timedelta(minutes=11)
        )

    response = support_client.get(reverse("admin:index"))

    section = response.content.decode().split('id="paid-not-fulfilled"')[1].split("</section>")[0]
    rows = {
        row.split('class="bo-number">')[1].split("<")[0]: row for row in section.split("<tr>")[1:]
    }
    assert "Held for Finance: VAT evidence conflict (declared DE, card FR)." in rows[held.number]
    assert "Not held: its fulfilment is late" in rows[late.number]
    assert f'<span class="bo-email">{late.email}</span>' in rows[late.number]
    # On a phone the cell wraps, the moment in it does not ("2026-12-" over "04 13:34").
    assert 'paid <span class="bo-when">' in rows[late.number]


def test_the_late_fulfilments_name_a_disputed_order_and_leave_out_a_charged_back_one(
    support_client, settings
):
    """Outside probe BI (BI-6): both read "Not held: its fulfilment is late (see the job
    queue)", the charged-back one for ever."""
    settings.FULFILMENT_ALERT_MINUTES = 10
    disputed, charged_back = (create_order(status=OrderStatus.PAID) for _ in range(2))
    dispute_of(disputed, "needs_response")
    dispute_of(charged_back, "lost")
    with system_scope():
        Order.objects.filter(pk__in=[disputed.pk, charged_back.pk]).update(
            paid_at=timezone.now() - timedelta(minutes=11)
        )

    response = support_client.get(reverse("admin:index"))

    section = response.content.decode().split('id="paid-not-fulfilled"')[1].split("</section>")[0]
    assert charged_back.number not in section
    (row,) = section.split("<tr>")[1:]
    assert disputed.number in row
    assert "Payment disputed: it is fulfilled if the dispute is won." in row
    assert "job queue" not in row


def test_charts_read_the_orders_themselves_not_the_business_events(db):
    """The README's claim: analytics rows are for reporting; the charts count orders."""
    create_order(status=OrderStatus.PAID)  # its analytics jobs never run here
    now = timezone.now()

    orders_chart, revenue_chart = dashboard_metrics(now)["charts"]

    with system_scope():
        assert not BusinessEvent.objects.exists()
    assert f"{now:%d %b}: 1</title>" in orders_chart["svg"]
    assert f"{now:%d %b}: 4.99</title>" in revenue_chart["svg"]


def test_staff_who_may_not_see_orders_see_none_of_the_shops_figures(client, staff_groups):
    """Found by an outside probe: staff with no group saw the revenue, refunds and failed
    payments, whose order links then answered 403."""
    order = create_order(status=OrderStatus.PAID)
    add_payment(order, 1, PaymentStatus.FAILED, failure_code="card_declined")
    client.force_login(staff_user())

    page = client.get(reverse("admin:index")).content.decode()

    assert "shown to staff who may see orders" in page
    for figure in ("tile-today-revenue", "tile-refunds", "recent-failed-payments", order.number):
        assert figure not in page


def test_the_refunds_tile_counts_the_refunds_stripe_refused_and_links_finance_to_them(
    finance_client,
):
    """Found by an outside probe: a refused refund showed nowhere on the dashboard."""
    order = create_order(status=OrderStatus.PAID)
    payment = add_payment(order, 1, PaymentStatus.SUCCEEDED)
    with system_scope():
        Refund.objects.create(
            order=order,
            payment=payment,
            amount=100,
            currency="EUR",
            reason="Asked",
            status=RefundStatus.FAILED,
            failure_message="Not Found",
            actor="staff:finance",
        )

    tile = finance_client.get(reverse("admin:index")).content.decode()
    tile = tile.split('id="tile-refunds"')[1].split("</div></div>")[0]

    assert "(0 pending, " in tile
    assert '/admin/payments/refund/?status__exact=failed">1 failed</a>' in tile


def test_a_lost_dispute_is_charged_back_beside_the_refunds_and_taken_from_todays_revenue(
    finance_client,
):
    """Outside probe: the dashboard counted a charged-back payment as the shop's money."""
    order = paid_by_card([ComicFactory(price_amount=2000)])
    dispute_closed(order, "lost", 1500)

    page = finance_client.get(reverse("admin:index")).content.decode()

    tile = page.split('id="tile-charged-back"')[1].split('<div class="bo-tile"')[0]
    assert "Charged back (lost disputes), 30 days" in tile
    assert '<div class="value">1</div><div class="label">15.00 EUR</div>' in tile
    assert (
        "Charged back today (lost disputes): 15.00 EUR; net 5.00 EUR"
        in page.split('id="tile-today-revenue"')[1].split('<div class="bo-tile"')[0]
    )

    dispute_closed(order, "won", 1500)

    page = finance_client.get(reverse("admin:index")).content.decode()
    tile = page.split('id="tile-charged-back"')[1].split('<div class="bo-tile"')[0]
    assert '<div class="value">0</div><div class="label">0.00 EUR</div>' in tile
    assert 'id="today-charged-back"' not in page


def test_the_refunds_tile_leaves_out_a_refund_not_sent_as_stripe_paid_the_earlier_one_after_all(
    finance_client, stripe_webhook, send_event
):
    """Left from outside probe BG (BG-7): it counted "1 failed", sending Finance to look for
    money that never moved."""
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    refund_not_sent(order, payment)

    tile = finance_client.get(reverse("admin:index")).content.decode()
    tile = tile.split('id="tile-refunds"')[1].split("</div></div>")[0]

    assert "(0 pending)" in tile
    assert "failed" not in tile
