"""Order numbers: short, easy to read out on the phone, and telling nobody how much the
shop sells. `MO-` and eight characters of Crockford's base32 (digits and capitals without
I, L, O and U, so nothing reads as something else) from a cryptographic random source, in
two groups of four: about 10^12 numbers, none following from another."""

import re
import secrets

from morpheus.db_context import system_scope
from orders.models import Order

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "MO"
ATTEMPTS = 5
# What Crockford's base32 reads for characters people say or type instead.
_READS_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_TYPED = re.compile(rf"{PREFIX}([{ALPHABET}]{{4}})([{ALPHABET}]{{4}})")
_WITHOUT_PREFIX = re.compile(rf"([{ALPHABET}]{{4}})([{ALPHABET}]{{4}})")

_source = secrets.SystemRandom()


def order_number_random() -> str:
    characters = "".join(_source.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{characters[:4]}-{characters[4:]}"


def order_number_new() -> str:
    """A random number no order has yet. The unique constraint on Order.number catches
    the (about one in 10^12) race between two new orders drawing the same one."""
    for _ in range(ATTEMPTS):
        number = order_number_random()
        with system_scope():  # taken by anyone, not only by the customer placing this order
            taken = Order.objects.filter(number=number).exists()
        if not taken:
            return number
    raise RuntimeError(f"No free order number in {ATTEMPTS} draws: is the source random?")


# Spaces and dashes, a word processor's too (hyphens, en and em dashes, the minus sign).
_SEPARATORS = re.compile("[\\s\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text.upper()).translate(_READS_AS)


def order_number_as_typed(text: str) -> str | None:
    """The number someone typed or read out ("mo 7k3q m2xd", "MO-7K3Q-M2XO"), written the
    way it is stored; None when it is not one."""
    compact = _compact(text)
    if compact.startswith("M0"):  # the prefix's O, read as a zero above
        compact = PREFIX + compact[2:]
    match = _TYPED.fullmatch(compact)
    return f"{PREFIX}-{match[1]}-{match[2]}" if match else None


def order_number_as_read(text: str) -> str | None:
    """As `order_number_as_typed`, and also the eight characters alone ("7k3q m2xd"), as a
    caller reads the number out without its "MO"; None when it is neither."""
    match = _WITHOUT_PREFIX.fullmatch(_compact(text))
    return f"{PREFIX}-{match[1]}-{match[2]}" if match else order_number_as_typed(text)
