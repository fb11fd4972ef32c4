"""The orders' gauges on /metrics (registered when the app is ready)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from morpheus.metrics import database_gauge
from orders.selectors import orders_paid_unfulfilled


@database_gauge(
    "morpheus_orders_paid_unfulfilled",
    "Orders paid more than FULFILMENT_ALERT_MINUTES ago and still not fulfilled.",
)
def paid_unfulfilled() -> int:
    paid_before = timezone.now() - timedelta(minutes=settings.FULFILMENT_ALERT_MINUTES)
    return orders_paid_unfulfilled(paid_before=paid_before).count()
