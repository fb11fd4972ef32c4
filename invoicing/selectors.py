from django.db.models import QuerySet

from invoicing.models import Invoice
from orders.models import Order


def documents_of(order: Order) -> QuerySet[Invoice]:
    """The order's invoice and credit notes, oldest first (row-level security applies)."""
    return Invoice.objects.filter(order=order).select_related("credited_invoice").order_by("pk")
