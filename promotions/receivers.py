from morpheus.db_context import system_scope
from promotions.services import discount_release


def release_use_of_canceled_order(
    sender, *, order_id: int, transition: str, actor: str, **kwargs
) -> None:
    """A canceled order (by hand or expired unpaid) gives its code use back in the
    transaction that cancels it, so the code may be used again as soon as it commits; the
    history credits whoever canceled it."""
    if transition == "cancel":
        with system_scope():
            discount_release(order_id=order_id, actor=actor)
