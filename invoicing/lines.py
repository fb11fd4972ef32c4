"""The lines of a document, in minor units: gross = net + tax on every line, and the
document's totals are the sums of its lines."""

from collections.abc import Collection, Mapping, Sequence
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
    kept_out: Collection[int] = (),
) -> list[dict]:
    """The lines of a credit note for `amount`, credited from what the invoice's lines have
    left after the earlier credit notes' lines (`credited`), so the credit notes of an
    invoice refunded in full add up to it exactly, line by line, and no line is credited
    more than it has left. A line whose item was refunded as a whole (`items_refunded`:
    invoice line index -> what refunds of its item paid back in all) is credited first, all
    it has left up to what those refunds paid back: such a refund pays back what is left of
    its item, so its line ends at zero and the refund touches no other line. The rest of
    `amount` is spread in proportion over what the other lines have left, leaving out the
    lines of items a refund still under way takes as a whole (`kept_out`) unless the
    others cannot hold it. Each line's VAT is its share of the VAT its invoice line has
    left."""
    items_refunded = items_refunded or {}
    left = _left(invoice_lines, credited)
    for_items = _item_shares(left, items_refunded, amount)
    rest = [item["gross"] - share for item, share in zip(left, for_items, strict=True)]
    to_spread = min(amount - sum(for_items), sum(rest))
    kept = set(items_refunded) | set(kept_out)
    others = [0 if index in kept else gross for index, gross in enumerate(rest)]
    spread = _spread(min(to_spread, sum(others)), others)
    overflow = [gross - share for gross, share in zip(rest, spread, strict=True)]
    spread = [
        share + more
        for share, more in zip(spread, _spread(to_spread - sum(spread), overflow), strict=True)
    ]
    return [
        _credit_line(invoice_lines[index], index, left[index], own + shared)
        for index, (own, shared) in enumerate(zip(for_items, spread, strict=True))
        if own + shared
    ]


def lines_left(invoice_lines: list[dict], credited: Sequence[dict]) -> list[dict[str, int]]:
    """Per invoice line, the gross, net and VAT the credit notes' lines (`credited`) have
    not credited yet."""
    return _left(invoice_lines, credited)


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
    left: list[dict[str, int]], items_refunded: Mapping[int, int], amount: int
) -> list[int]:
    """Per line, what of `amount` its item's refund as a whole credits: all the line has
    left, at most what that item's refunds paid back."""
    shares = []
    for index, rest in enumerate(left):
        due = min(items_refunded.get(index, 0), rest["gross"])
        shares.append(max(0, min(due, amount - sum(shares))))
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
