"""The lines of a document, in minor units: gross = net + tax on every line, and the
document's totals are the sums of its lines."""

from decimal import Decimal

from tax.arithmetic import split_inclusive


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
