from delivery.errors import NotEntitled
from delivery.services import download_links_fulfil, download_links_reissue_by_staff
from morpheus.db_context import system_scope
from morpheus.jobs import job
from notifications.emails import absolute_links, compose
from notifications.models import EmailKind
from notifications.services import email_claim, email_mark_sent
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
        links = download_links_fulfil(order_id=order_id, actor=SYSTEM)
        order = Order.objects.get(pk=order_id)
        delivery = email_claim(order=order, kind=EmailKind.DOWNLOADS_READY, event_key="fulfilled")
        if delivery is None or (not links and order.status != OrderStatus.FULFILLED):
            return
        if not links:
            links = download_links_reissue_by_staff(
                order=order, actor=SYSTEM, reason="Links for the downloads-ready email"
            )
        message = compose(kind=EmailKind.DOWNLOADS_READY, order=order, links=absolute_links(links))
    message.send()
    with system_scope():
        email_mark_sent(delivery=delivery)


@job(queue="fulfilment")
def send_fresh_links(*, order_id: int, actor: str, reason: str, request_key: str) -> None:
    """Staff's re-send: fresh links (the previous ones stop working), emailed to the
    customer, once per staff request however often the job runs."""
    with system_scope():
        order = Order.objects.get(pk=order_id)
        delivery = email_claim(
            order=order, kind=EmailKind.DOWNLOADS_READY, event_key=f"resent-{request_key}"
        )
        if delivery is None:
            return
        try:
            links = download_links_reissue_by_staff(order=order, actor=actor, reason=reason)
        except NotEntitled:
            return  # refunded, canceled or disputed since staff asked: nothing to send
        message = compose(kind=EmailKind.DOWNLOADS_READY, order=order, links=absolute_links(links))
    message.send()
    with system_scope():
        email_mark_sent(delivery=delivery)
