from django.db import transaction
from django.utils import timezone

from notifications.models import EmailDelivery, EmailKind
from orders.models import Order


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
