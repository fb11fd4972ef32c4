"""The order list as CSV: every row the current filters and search match, streamed."""

import csv
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from backoffice.csv_files import BYTE_ORDER_MARK, CONTENT_TYPE
from backoffice.display import customer_name
from morpheus.db_context import Scope, rls_scope
from morpheus.money import to_major
from orders.models import Order
from payments.selectors import OrderDispute, orders_disputes
from tax.selectors import order_vat_recorded, orders_with_vat

# Rows read per round trip (a server-side cursor) and sent per write: memory stays that of
# one chunk however many orders match, and the socket sees a few hundred writes, not one a row.
ROWS_PER_CHUNK = 1000

HEADER = (
    "number",
    "customer",
    "email",
    "status",
    "currency",
    "subtotal",
    "discount",
    "discount_code",
    "total",
    "refunded",
    "paid_at",
    "created_at",
    "disputed",
    "charged_back",
    "flagged",
    "vat",
    "vat_country",
    "prices_include_vat",
    "reverse_charge",
    "vat_removed",
)


# OWASP's CSV injection rule: a spreadsheet runs a cell starting with one of these as a
# formula. A leading apostrophe makes it text (and shows the value as typed).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: object) -> object:
    """`value`, a text a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _row(order: Order, dispute: OrderDispute | None) -> tuple:
    return tuple(map(as_text, _values(order, dispute)))


def _values(order: Order, dispute: OrderDispute | None) -> tuple:
    return (
        order.number,
        customer_name(order.customer.get_username()),
        order.email,
        order.status,
        order.currency,
        to_major(order.subtotal_amount, order.currency),
        to_major(order.discount_amount, order.currency),
        _discount_code(order),
        to_major(order.total_amount, order.currency),
        to_major(order.refunded_amount, order.currency),
        order.paid_at.isoformat() if order.paid_at else "",
        order.created_at.isoformat(),
        # Open or lost, and what lost disputes took back: "yes" alone read as if the shop
        # had kept a payment the customer's bank gave back (outside probe DV-1).
        dispute.state if dispute else "no",
        to_major(dispute.lost_amount if dispute else 0, order.currency),
        order.flagged_reason,
        *_vat(order),
        # A business buying by reverse charge at VAT-inclusive prices pays them less the VAT
        # they hold: without it a row did not add up (outside probe BL-6).
        to_major(order.tax_removed_amount, order.currency),
    )


def _vat(order: Order) -> tuple:
    """The VAT recorded with the order (its total holds it, or has it added on top of net
    prices: outside probe BE-2), blank when none was."""
    vat = order_vat_recorded(order)
    if vat is None:
        return ("", "", "", "")
    return (
        to_major(vat.amount, order.currency),
        vat.country,
        "no" if vat.added else "yes",
        "yes" if vat.reverse_charge else "no",
    )


def _discount_code(order: Order) -> str:
    use = getattr(order, "discount_use", None)
    return use.discount_code.code if use is not None else ""


def _chunks(orders: Iterable[Order]) -> Iterator[list[Order]]:
    orders = iter(orders)
    while chunk := list(islice(orders, ROWS_PER_CHUNK)):
        yield chunk


def _lines(queryset: QuerySet, user_id: int) -> Iterator[str]:
    # The body is produced after the view returned and the middleware's transaction (and
    # with it the staff scope) ended: it reads in a scope of its own.
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + writer.writerow(HEADER)
    with rls_scope(scope=Scope.STAFF, user_id=user_id):
        orders = orders_with_vat(
            queryset.select_related("customer", "discount_use__discount_code")
        ).iterator(chunk_size=ROWS_PER_CHUNK)
        for chunk in _chunks(orders):
            disputes = orders_disputes(chunk)
            yield "".join(writer.writerow(_row(order, disputes.get(order.pk))) for order in chunk)


def orders_csv_response(queryset: QuerySet, user_id: int) -> StreamingHttpResponse:
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(_lines(queryset, user_id), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="orders-{stamp}.csv"'
    return response
