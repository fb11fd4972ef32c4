from delivery.errors import NotEntitled
from delivery.services import download_links_fulfil, download_links_reissue_by_staff
from morpheus.db_context import system_scope
from morpheus.jobs import job
from notifications.emails import absolute_links
from notifications.models import EmailKind
from notifications.services import email_send_once
from orders.actors import SYSTEM
from orders.models import Order
from orders.transitions import OrderStatus


@job(queue="fulfilment")
def fulfil_order(*, order_id: int) -> None:
    """Issue a paid order's download links, mark it fulfilled and email the links.

    The tokens exist only in this job's memory, so they cannot wait in the queue for the
    email: when a previous run issued links but the email did not go out, nobody has seen
    those links yet and this run replaces them.
    """
    with system_scope():
        issued = download_links_fulfil(order_id=order_id, actor=SYSTEM)

    def links(order: Order) -> dict[str, object] | None:
        if issued:
            return {"links": absolute_links(issued)}
        if order.status != OrderStatus.FULFILLED:
            return None
        fresh = download_links_reissue_by_staff(
            order=order, actor=SYSTEM, reason="Links for the downloads-ready email"
        )
        return {"links": absolute_links(fresh)}

    email_send_once(
        order_id=order_id, kind=EmailKind.DOWNLOADS_READY, event_key="fulfilled", context=links
    )


@job(queue="fulfilment")
def send_fresh_links(*, order_id: int, actor: str, reason: str, request_key: str) -> None:
    """Staff's re-send: fresh links (the previous ones stop working), emailed to the
    customer, once per staff request however often the job runs."""

    def links(order: Order) -> dict[str, object] | None:
        try:
            fresh = download_links_reissue_by_staff(order=order, actor=actor, reason=reason)
        except NotEntitled:
            return None  # refunded, canceled or disputed since staff asked: nothing to send
        return {"links": absolute_links(fresh)}

    email_send_once(
        order_id=order_id,
        kind=EmailKind.DOWNLOADS_READY,
        event_key=f"resent-{request_key}",
        context=links,
    )
