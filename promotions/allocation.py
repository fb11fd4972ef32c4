"""Sharing an amount across lines to the cent: a discount across an order's lines, a
bundle's price across its comics, a refund across what an order's lines have left."""

from collections.abc import Collection, Mapping


def allocate(total: int, weights: list[int], *, step: int = 1) -> list[int]:
    """Split `total` (minor units) across lines in proportion to `weights` by largest
    remainder: the shares add up to `total` exactly, none is negative, and while `total`
    does not exceed the weights' sum no share exceeds its weight. Ties go to the earlier
    line, so the result is the same every time.
    With a `step` (morpheus.money.charge_step: 10 in a three-decimal currency) that
    `total` is a multiple of, every share is one too, each weight counting its whole steps
    (the no-share-exceeds-its-weight promise then holds up to the weights' whole steps)."""
    if step > 1 and total % step == 0:
        return [share * step for share in allocate(total // step, [w // step for w in weights])]
    if total < 0 or any(weight < 0 for weight in weights):
        raise ValueError("Amounts and weights cannot be negative.")
    whole = sum(weights)
    if whole == 0:
        if total:
            raise ValueError(f"Cannot share {total} across lines worth nothing.")
        return [0] * len(weights)
    shares = [total * weight // whole for weight in weights]
    remainders = [total * weight % whole for weight in weights]
    left = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in by_remainder[:left]:
        shares[index] += 1
    return shares


def allocate_refund(
    left: list[int],
    amount: int,
    *,
    refunded_whole: Mapping[int, int] | None = None,
    kept_out: Collection[int] = (),
) -> list[int]:
    """Share a refund of `amount` across lines that have `left` (line index -> what the
    earlier refunds left of it), none above what it has left. A line whose item was
    refunded as a whole (`refunded_whole`: line index -> what refunds of that item paid
    back in all) takes first all it has left, up to what those refunds paid back: such a
    refund pays back what is left of its item. The rest is shared in proportion to what
    the other lines have left, leaving out the lines a refund still under way takes as a
    whole (`kept_out`) unless the others cannot hold it. The one rule for credit notes
    (`invoicing.lines.credit_lines`) and sales per title."""
    refunded_whole = refunded_whole or {}
    whole_shares = []
    for index, line_left in enumerate(left):
        due = min(refunded_whole.get(index, 0), line_left)
        whole_shares.append(max(0, min(due, amount - sum(whole_shares))))
    rest = [line_left - share for line_left, share in zip(left, whole_shares, strict=True)]
    to_share = min(amount - sum(whole_shares), sum(rest))
    kept = set(refunded_whole) | set(kept_out)
    others = [0 if index in kept else line_rest for index, line_rest in enumerate(rest)]
    shared = allocate(min(to_share, sum(others)), others)
    overflow = [line_rest - share for line_rest, share in zip(rest, shared, strict=True)]
    more = allocate(to_share - sum(shared), overflow)
    return [
        own + share + extra for own, share, extra in zip(whole_shares, shared, more, strict=True)
    ]
