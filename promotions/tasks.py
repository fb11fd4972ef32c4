from morpheus.db_context import system_scope
from morpheus.jobs import job
from orders.actors import SYSTEM
from promotions.services import discount_release


@job(queue="default")
def release_discount_use(*, order_id: int) -> None:
    """Give a canceled order's code use back. Cancels release it themselves since
    2026-12-02; this runs the jobs queued before that upgrade (a no-op if already released)."""
    with system_scope():
        discount_release(order_id=order_id, actor=SYSTEM)
