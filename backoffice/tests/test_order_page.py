"""What the order page shows beside the order's own fields."""

from django.urls import reverse

from backoffice.admin_orders import OrderAdmin
from morpheus_testing.factories import PaymentFactory, UserFactory, create_order
from orders.services import order_flag
from orders.transitions import OrderStatus
from payments.models import PaymentStatus


def page_html(client, order) -> str:
    response = client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_failed_payment_shows_a_badge_then_the_reason_then_the_code(support_client):
    order = create_order()
    PaymentFactory(
        order=order,
        status=PaymentStatus.FAILED,
        failure_code="card_declined",
        failure_message="Your card was declined.",
    )
    payments = page_html(support_client, order).split('id="payments"')[1].split("</section>")[0]
    assert (
        '<span class="bo-badge bad">Failed</span><p class="bo-reason">Your card was declined.</p>'
        '<p class="bo-muted bo-code">Code: <code>card_declined</code></p>'
    ) in payments


def test_the_timeline_names_people_and_systems_with_the_raw_id_on_hover(support_client):
    customer = UserFactory(username="alice", first_name="Alice", last_name="Dreamer")
    order = create_order(customer=customer)
    order_flag(order=order, actor="stripe:evt_123", reason="Looks odd")
    timeline = page_html(support_client, order).split('id="timeline"')[1]
    assert '<span class="bo-actor" title="stripe:evt_123">Stripe webhook</span>' in timeline


def test_the_payment_attempt_is_the_customers_by_name(support_client):
    customer = UserFactory(username="alice", first_name="Alice", last_name="Dreamer")
    order = create_order(customer=customer, status=OrderStatus.PROCESSING)
    PaymentFactory(order=order)
    timeline = page_html(support_client, order).split('id="timeline"')[1]
    assert (
        f'<span class="bo-actor" title="customer:{customer.pk}">Alice Dreamer (customer)</span>'
        in timeline
    )


def test_the_field_grid_has_two_fields_on_every_row():
    assert all(isinstance(row, tuple) and len(row) == 2 for row in OrderAdmin.fields)
