"""Paying by card for a customer's request: the pay page's and the API's one path."""

from django.http import HttpRequest

from morpheus.middleware import request_rls
from orders.actors import actor_for
from orders.models import Order
from payments import services as payment_services
from payments.models import Payment
from tax import services as tax_services


def card_payment_start(
    request: HttpRequest, *, order: Order, payment_method_id: str, shown_total: int | None = None
) -> Payment | None:
    """The attempt paying `order` with the card. Another card in place of an attempt
    waiting for 3-D Secure first settles that attempt at Stripe (`payment_waiting_settle`,
    no transaction open): if the customer had paid it, it is the answer. Otherwise the new
    attempt opens in a short transaction of the customer's request. Call it outside the
    request's transaction; the services' domain errors pass through, PaymentsLimited when
    a new attempt would exceed the order's or the customer's payment limit (a repeat
    returning the open attempt counts for nothing). A VAT rate changed since the order was
    placed is applied first (`order_rates_refresh`)."""
    payment = payment_services.payment_waiting_settle(
        order=order, payment_method_id=payment_method_id
    )
    if payment is not None:
        return payment
    actor = actor_for(request.user)
    # Committed on its own: a total it changes refuses this attempt (`shown_total`; an API
    # client, which sends none, is told the new total too: outside probe CS-1) and stays
    # changed for the next one.
    with request_rls(request):
        total_before = tax_services.order_rates_refresh(order_id=order.pk, actor=actor)
    if shown_total is None:
        shown_total = total_before
    with request_rls(request):
        return payment_services.payment_start(
            order=order,
            actor=actor,
            payment_method_id=payment_method_id,
            shown_total=shown_total,
            limits=(("payment_order", order.number), ("payment_account", str(request.user.pk))),
        )
