from morpheus.db_context import system_scope
from orders.models import Order
from promotions.bundles import completion_payable_check
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


def refuse_a_lapsed_free_completion(sender, *, order_id: int, **kwargs) -> None:
    """A series completion a 100 % code made free is refused, as its payment would be, once
    the price it relied on no longer holds (CompletionLapsed, the pay page's words)."""
    with system_scope():  # the customer's other orders, whatever the caller's scope
        completion_payable_check(order=Order.objects.get(pk=order_id))
