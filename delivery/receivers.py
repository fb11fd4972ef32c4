from delivery.services import download_links_fulfil
from morpheus.db_context import system_scope
from orders.actors import SYSTEM
from orders.transitions import OrderStatus


def fulfil_paid_order(sender, *, order_id: int, to_status: str, **kwargs) -> None:
    """A paid order gets its download links and becomes fulfilled. Runs after the payment
    committed, outside any transaction."""
    if to_status != OrderStatus.PAID:
        return
    with system_scope():
        download_links_fulfil(order_id=order_id, actor=SYSTEM)
