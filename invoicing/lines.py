"""The lines of a document, in minor units: gross = net + tax on every line, and the
document's totals are the sums of its lines."""

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal

from promotions.allocation import allocate_refund
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
    left = _left(invoice_lines, credited)
    shares = allocate_refund(
        [rest["gross"] for rest in left],
        amount,
        refunded_whole=items_refunded,
        kept_out=kept_out,
    )
    return [
        _credit_line(invoice_lines[index], index, left[index], gross)
        for index, gross in enumerate(shares)
        if gross
    ]


def lines_left(invoice_lines: list[dict], credited: Sequence[dict]) -> list[dict[str, int]]:
    """Per invoice line, the gross, net and VAT the credit notes' lines (`credited`) have
    not credited yet."""
    return _left(invoice_lines, credited)


def _left(invoice_lines: list[dict], credited: Sequence[dict]) -> list[dict[str, int]]:
    left = [{key: item[key] for key in AMOUNTS} for item in invoice_lines]
    for item in credited:
        index = invoice_line_index(item, invoice_lines)
        for key in AMOUNTS:
            left[index][key] -= item[key]
    return left


def invoice_line_index(credit_line: dict, invoice_lines: list[dict]) -> int:
    """The index of the invoice line a credit note's line credits (found by title in credit
    notes issued before their lines carried it)."""
    if "invoice_line" in credit_line:
        return credit_line["invoice_line"]
    titles = [item["title"] for item in invoice_lines]
    return titles.index(credit_line["title"])


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
    } | {
        key: invoice_line[key]
        for key in ("rate_type", "reverse_charge", "bundle")
        if invoice_line.get(key)
    }
