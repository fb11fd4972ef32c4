"""Order placed -> each item's VAT, inside the transaction that places the order."""

from django.conf import settings

from orders import signals
from orders.models import Order
from tax import services


def on_order_placed(sender, *, order_id: int, **kwargs) -> None:
    if settings.TAX_MODE == "none":
        return
    order = Order.objects.get(pk=order_id)
    services.order_tax_record(order_id=order_id, country=services.buyer_country(order))


def connect() -> None:
    signals.order_placed.connect(on_order_placed, dispatch_uid="tax.placed")
