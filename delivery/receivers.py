from delivery.tasks import fulfil_order


def fulfil_paid_order(sender, *, order_id: int, transition: str, **kwargs) -> None:
    """A paid order gets its download links from a job, deferred with the payment."""
    if transition in ("mark_paid", "complete_free"):
        fulfil_order.defer(order_id=order_id)
