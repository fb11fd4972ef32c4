from collections.abc import Callable, Mapping

from django.db import transaction
from django.utils import timezone

from morpheus.db_context import system_scope
from notifications.emails import compose
from notifications.models import EmailDelivery, EmailKind, EmailPreference
from orders.models import Order

# The message's extra template context, built once the email is claimed; None: nothing to send.
ContextFor = Callable[[Order], Mapping[str, object] | None]


def email_claim(*, order: Order, kind: EmailKind, event_key: str) -> EmailDelivery | None:
    """The delivery record to send now, or None when this email already went out."""
    with transaction.atomic():
        delivery, _ = EmailDelivery.objects.select_for_update().get_or_create(
            order=order, kind=kind, event_key=event_key, defaults={"recipient": order.email}
        )
    return None if delivery.sent_at else delivery


def email_mark_sent(*, delivery: EmailDelivery) -> None:
    EmailDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )


def email_send_once(*, order_id: int, kind: EmailKind, event_key: str, context: ContextFor) -> None:
    """Claim, compose, send, mark sent: one customer email per (order, kind, event_key),
    however often the job calling this runs. The send happens outside any transaction."""
    with system_scope():
        order = Order.objects.get(pk=order_id)
        delivery = email_claim(order=order, kind=kind, event_key=event_key)
        if delivery is None:
            return
        extra = context(order)
        if extra is None:
            return
        message = compose(kind=kind, order=order, **extra)
    message.send()
    with system_scope():
        email_mark_sent(delivery=delivery)


def email_preference_set(*, user_id: int, file_updates: bool) -> EmailPreference:
    """The customer's choice, kept in one row per account. Written as the system on that
    one account: a guest's order-link session sees its order, not the guest's rows."""
    with transaction.atomic(), system_scope():
        preference, _ = EmailPreference.objects.select_for_update().update_or_create(
            user_id=user_id, defaults={"file_updates": file_updates}
        )
    return preference
