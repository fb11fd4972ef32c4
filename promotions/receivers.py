from morpheus.db_context import system_scope
from orders.actors import SYSTEM
from promotions.services import discount_release


def release_use_of_canceled_order(sender, *, order_id: int, transition: str, **kwargs) -> None:
    """A canceled order (by hand or expired unpaid) gives its code use back in the
    transaction that cancels it, so the code may be used again as soon as it commits."""
    if transition == "cancel":
        with system_scope():
            discount_release(order_id=order_id, actor=SYSTEM)
