import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from orders import services as order_services
from orders.models import Order
from payments.intents import charge_id_of
from payments.selectors import payment_for_charge

logger = logging.getLogger(__name__)


def dispute_created_apply(*, dispute: Mapping[str, Any], actor: str) -> None:
    """Flag the order disputed and suspend its downloads."""
    from delivery.services import download_links_revoke

    with transaction.atomic():
        payment = payment_for_charge(
            {"id": charge_id_of(dispute), "payment_intent": dispute.get("payment_intent")}
        )
        if payment is None:
            logger.warning("Disputed charge %s is not ours; ignored.", charge_id_of(dispute))
            return
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        if order.disputed_at is not None:
            return
        reason = f"Dispute {dispute.get('id')} opened: {dispute.get('reason') or 'no reason given'}"
        order_services.order_mark_disputed(order=order, actor=actor, reason=reason)
        download_links_revoke(order=order, reason="disputed", actor=actor)
