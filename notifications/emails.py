"""Customer emails, HTML and text, rendered from templates/notifications/email/."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.models import EmailKind
from orders.guests import LINK_DAYS, guest_order_url, is_guest
from orders.models import Order
from promotions.selectors import order_bundle_titles, order_items_with_bundles

SUBJECTS = {
    EmailKind.ORDER_RECEIVED: "We received your order {number}",
    EmailKind.PAYMENT_FAILED: "Payment for order {number} did not go through",
    EmailKind.DOWNLOADS_READY: "Your comics from order {number} are ready",
    EmailKind.REFUND_ISSUED: "Refund for order {number}",
    EmailKind.FILE_UPDATED: "Updated comics in your order {number}",
    EmailKind.LINKS_SUSPENDED: "Downloads of order {number} are paused",
    EmailKind.PAYMENT_RECEIVED: "Payment received for order {number}: your invoice",
    EmailKind.CREDIT_NOTE: "Credit note for order {number}",
    EmailKind.CHARGE_REFUNDED: "We refunded a payment for order {number}",
    EmailKind.INVOICE_COPY: "A copy of your invoice for order {number}",
    EmailKind.ORDER_REPRICED: "Your order {number} now costs more",
    EmailKind.REFUND_FAILED: "Your refund for order {number} did not reach you",
    EmailKind.DEBIT_NOTE: "Debit note for order {number}: a refund that did not reach you",
    EmailKind.ORDER_CANCELED: "Your order {number} was canceled",
}
# A repricing that lowered the total (a VAT rate cut before the order was paid).
REPRICED_LOWER_SUBJECT = "Your order {number} now costs less"
# The downloads email of comics staff gave (`given_by_staff`): the customer placed no order.
GIVEN_BY_STAFF_SUBJECT = "Morpheus has given you comics, free of charge (order {number})"
# The same of an order of one comic (outside probe IC-1: "Your comics … are ready" of one).
ONE_COMIC_READY_SUBJECT = "Your comic from order {number} is ready"
ONE_COMIC_GIVEN_SUBJECT = "Morpheus has given you a comic, free of charge (order {number})"


def compose(
    *,
    kind: EmailKind,
    order: Order,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    **extra: Any,
) -> EmailMultiAlternatives:
    guest = is_guest(order.customer)
    order_url = _order_url(order, guest=guest)
    items = order_items_with_bundles(order=order)
    subject = _subject(kind, order, extra, one_comic=len(items) == 1)
    context = {
        "subject": subject.format(number=order.number),
        "order": order,
        "items": items,
        "order_url": order_url,
        "site_url": settings.SITE_URL,
        "guest": guest,
        "guest_link_days": LINK_DAYS,
        # A guest cannot sign in to a library: their signed order link opens it for them.
        "library_url": order_url if guest else settings.SITE_URL + reverse("delivery:library"),
        **extra,
    }
    template = f"notifications/email/{kind.value}"
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.email],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def _subject(kind: EmailKind, order: Order, extra: dict[str, Any], *, one_comic: bool) -> str:
    if extra.get("given_by_staff") and kind == EmailKind.DOWNLOADS_READY:
        return ONE_COMIC_GIVEN_SUBJECT if one_comic else GIVEN_BY_STAFF_SUBJECT
    if kind == EmailKind.DOWNLOADS_READY and one_comic:
        return ONE_COMIC_READY_SUBJECT
    if kind == EmailKind.ORDER_REPRICED and extra.get("was_total", 0) > order.total_amount:
        return REPRICED_LOWER_SUBJECT
    return SUBJECTS[kind]


def absolute_links(links: Sequence[Any], *, order: Order) -> list[dict[str, Any]]:
    """The links as an email gives them: each with the bundle its comic was bought in, as
    the order's lines say it (outside probe GV-3)."""
    bundles = order_bundle_titles(order=order)
    return [
        {
            "title": link.title,
            "bundle": bundles.get(link.order_item_id, ""),
            "file_name": link.file_name,
            "url": settings.SITE_URL + link.path,
            "expires_at": link.expires_at,
            "max_downloads": link.max_downloads,
        }
        for link in links
    ]


def _order_url(order: Order, *, guest: bool) -> str:
    """A guest has no password: their order page opens through a signed link."""
    if guest:
        return guest_order_url(order)
    return settings.SITE_URL + reverse("orders:detail", args=[order.number])
