"""An order's status as a customer reads it: one word for what they can do now. Staff
keep the state machine's names ("fulfilled" and "delivered" both read "Ready to download")."""

from orders.models import Order
from orders.transitions import OrderStatus

CUSTOMER_STATUS = {
    OrderStatus.PENDING: "Awaiting payment",
    OrderStatus.PROCESSING: "Confirming payment",
    OrderStatus.PAID: "Payment received",
    OrderStatus.FULFILLED: "Ready to download",
    OrderStatus.DELIVERED: "Ready to download",
    OrderStatus.CANCELED: "Canceled",
    OrderStatus.REFUNDED: "Refunded",
}


# A free order (nothing to pay, or a code took it all) is paid without a payment.
FREE_ORDER_PAID = "Confirmed"


def customer_status(status: str) -> str:
    return CUSTOMER_STATUS[OrderStatus(status)]


def order_customer_status(order: Order) -> str:
    """The order's status in the customer's words."""
    if order.status == OrderStatus.PAID and order.total_amount == 0:
        return FREE_ORDER_PAID
    return customer_status(order.status)
