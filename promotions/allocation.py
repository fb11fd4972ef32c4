"""Sharing an amount across lines to the cent: a discount across an order's lines, a
bundle's price across its comics."""


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
