from promotions.tasks import release_discount_use


def release_use_of_canceled_order(sender, *, order_id: int, transition: str, **kwargs) -> None:
    """A canceled order (by hand or expired unpaid) gives its code use back, from a job."""
    if transition == "cancel":
        release_discount_use.defer(order_id=order_id)
