"""The lines of a document, in minor units: gross = net + tax on every line, and the
document's totals are the sums of its lines."""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from tax.arithmetic import split_inclusive

AMOUNTS = ("gross", "net", "tax")


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


def credit_lines(
    invoice_lines: list[dict],
    amount: int,
    *,
    credited: Sequence[dict] = (),
    items_refunded: Mapping[int, int] | None = None,
) -> list[dict]:
    """The lines of a credit note for `amount`, credited from what the invoice's lines have
    left after the earlier credit notes' lines (`credited`), so the credit notes of an
    invoice refunded in full add up to it exactly, line by line, and no line is credited
    more than it has left. A line's item refunded as a whole (`items_refunded`: invoice line
    index -> what refunds of its item paid back in all) is credited first, up to what those
    refunds paid back; the rest of `amount` is spread over what the lines have left, in
    proportion. Each line's VAT is its share of the VAT its invoice line has left."""
    left = _left(invoice_lines, credited)
    for_items = _item_shares(invoice_lines, left, items_refunded or {}, amount)
    rest = [item["gross"] - share for item, share in zip(left, for_items, strict=True)]
    spread = _spread(min(amount - sum(for_items), sum(rest)), rest)
    return [
        _credit_line(invoice_lines[index], index, left[index], own + shared)
        for index, (own, shared) in enumerate(zip(for_items, spread, strict=True))
        if own + shared
    ]


def _left(invoice_lines: list[dict], credited: Sequence[dict]) -> list[dict[str, int]]:
    left = [{key: item[key] for key in AMOUNTS} for item in invoice_lines]
    for item in credited:
        index = _invoice_line_index(item, invoice_lines)
        for key in AMOUNTS:
            left[index][key] -= item[key]
    return left


def _invoice_line_index(credit_line: dict, invoice_lines: list[dict]) -> int:
    """The index of the invoice line a credit note's line credits (found by title in credit
    notes issued before their lines carried it)."""
    if "invoice_line" in credit_line:
        return credit_line["invoice_line"]
    titles = [item["title"] for item in invoice_lines]
    return titles.index(credit_line["title"])


def _item_shares(
    invoice_lines: list[dict], left: list[dict], items_refunded: Mapping[int, int], amount: int
) -> list[int]:
    """Per line, what item refunds paid back that the line has not been credited yet."""
    shares = []
    for index, (item, rest) in enumerate(zip(invoice_lines, left, strict=True)):
        due = items_refunded.get(index, 0) - (item["gross"] - rest["gross"])
        shares.append(max(0, min(due, rest["gross"], amount - sum(shares))))
    return shares


def _spread(amount: int, weights: list[int]) -> list[int]:
    """`amount` (at most the weights' sum) spread in proportion to `weights`, largest
    remainder first: the shares add up to exactly `amount`, none above its weight."""
    total = sum(weights)
    if not total:
        return [0] * len(weights)
    shares = [amount * weight // total for weight in weights]
    remainders = sorted(
        range(len(weights)),
        key=lambda i: (amount * weights[i] % total, -i),
        reverse=True,
    )
    for index in remainders[: amount - sum(shares)]:
        shares[index] += 1
    return shares


def _credit_line(invoice_line: dict, index: int, left: dict[str, int], gross: int) -> dict:
    # Rounded half up; never above the VAT left, nor the net above the net left.
    tax = (2 * left["tax"] * gross + left["gross"]) // (2 * left["gross"])
    return {
        "title": invoice_line["title"],
        "gross": gross,
        "net": gross - tax,
        "tax": tax,
        "rate": invoice_line["rate"],
        "country": invoice_line.get("country", ""),
        "invoice_line": index,
    } | ({"reverse_charge": True} if invoice_line.get("reverse_charge") else {})


def totals(lines: list[dict]) -> dict[str, int]:
    return {
        "net_amount": sum(item["net"] for item in lines),
        "tax_amount": sum(item["tax"] for item in lines),
        "total_amount": sum(item["gross"] for item in lines),
    }
