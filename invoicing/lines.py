"""The lines of a document, in minor units: gross = net + tax on every line, and the
document's totals are the sums of its lines."""

from decimal import Decimal

from orders.models import Order
from tax.arithmetic import split_inclusive
from tax.models import ItemTax


def line(*, title: str, gross: int, rate: Decimal, country: str = "") -> dict:
    net, tax = split_inclusive(gross, rate)
    return {
        "title": title,
        "gross": gross,
        "net": net,
        "tax": tax,
        "rate": str(rate),
        "country": country,
    }


def order_lines(order: Order, *, reverse_charge: bool = False) -> list[dict]:
    """One line per item, on what the buyer paid for it (after any discount), with the VAT
    recorded when the order was placed (none recorded, as with TAX_MODE=none: rate 0).
    Lines of a reverse-charge sale say so."""
    taxes = {row.item_id: row for row in ItemTax.objects.filter(order=order)}
    lines = []
    for item in order.items.order_by("pk"):
        recorded = taxes.get(item.pk)
        if recorded is None:
            lines.append(line(title=item.title, gross=item.paid_amount, rate=Decimal(0)))
            continue
        entry = {
            "title": item.title,
            "gross": recorded.gross,
            "net": recorded.net,
            "tax": recorded.tax,
            "rate": str(recorded.rate),
            "country": recorded.country,
        }
        if item.discount_amount:
            entry["discount"] = item.discount_amount
        if reverse_charge:
            entry["reverse_charge"] = True
        lines.append(entry)
    return lines


def credit_lines(invoice_lines: list[dict], amount: int) -> list[dict]:
    """`amount` spread over the invoice's lines in proportion to their gross, largest
    remainder first, so the credited lines add up to exactly `amount`."""
    total = sum(item["gross"] for item in invoice_lines)
    shares = [amount * item["gross"] // total for item in invoice_lines]
    remainders = sorted(
        range(len(invoice_lines)),
        key=lambda i: (amount * invoice_lines[i]["gross"] % total, -i),
        reverse=True,
    )
    for index in remainders[: amount - sum(shares)]:
        shares[index] += 1
    return [
        line(
            title=item["title"],
            gross=share,
            rate=Decimal(item["rate"]),
            country=item.get("country", ""),
        )
        | ({"reverse_charge": True} if item.get("reverse_charge") else {})
        for item, share in zip(invoice_lines, shares, strict=True)
        if share
    ]


def totals(lines: list[dict]) -> dict[str, int]:
    return {
        "net_amount": sum(item["net"] for item in lines),
        "tax_amount": sum(item["tax"] for item in lines),
        "total_amount": sum(item["gross"] for item in lines),
    }
