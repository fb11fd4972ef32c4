from morpheus.db_context import system_scope
from morpheus.jobs import job
from orders.actors import SYSTEM
from promotions.services import discount_release


@job(queue="default")
def release_discount_use(*, order_id: int) -> None:
    """Give a canceled order's code use back."""
    with system_scope():
        discount_release(order_id=order_id, actor=SYSTEM)
