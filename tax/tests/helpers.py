from morpheus.db_context import system_scope
from tax.models import OrderTaxEvidence


def evidence(order) -> OrderTaxEvidence:
    with system_scope():
        return OrderTaxEvidence.objects.get(order=order)


def history(order) -> list[tuple[str, str]]:
    """The order's history rows as (type, reason), oldest first."""
    with system_scope():
        return [(event.type, event.reason) for event in order.events.order_by("pk")]
