from django.conf import settings
from django.db import transaction
from django.utils import timezone

from morpheus.db_context import system_scope
from orders.models import Order
from tax.arithmetic import split_inclusive
from tax.models import ItemTax, TaxCategory
from tax.selectors import rate_for

# Every comic is an e-book / digital publication for VAT.
COMIC_CATEGORY = TaxCategory.EBOOK


def order_tax_record(*, order_id: int, country: str) -> list[ItemTax]:
    """Each item's net, rate, VAT and country, computed once from the rules in force when
    the order is placed (in the transaction that places it); a second call changes nothing."""
    with system_scope(), transaction.atomic():
        order = Order.objects.get(pk=order_id)
        if ItemTax.objects.filter(order=order).exists():
            return list(ItemTax.objects.filter(order=order))
        rate = rate_for(country=country, category=COMIC_CATEGORY, on=timezone.now().date())
        rows = []
        for item in order.items.order_by("pk"):
            net, tax = split_inclusive(item.unit_amount, rate)
            rows.append(
                ItemTax(
                    order=order,
                    item=item,
                    country=country.upper(),
                    category=COMIC_CATEGORY,
                    rate=rate,
                    gross=item.unit_amount,
                    net=net,
                    tax=tax,
                )
            )
        return ItemTax.objects.bulk_create(rows)


def buyer_country(order: Order) -> str:
    """The buyer's country for VAT. Until checkout asks for it, the shop's default."""
    return settings.TAX_DEFAULT_COUNTRY
