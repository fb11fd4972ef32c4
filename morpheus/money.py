"""Money: integer minor units plus an ISO 4217 currency, everywhere.

The shop supports the currencies below. Each one's exponent (digits after the decimal
point) is ISO 4217's: JPY has none, EUR two, KWD three. Every conversion between what
people read or type (major units, "4.99") and what is stored (minor units, 499) goes
through this module; nothing else knows how many minor units make a major one.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 exponents of the currencies the shop sells in (checked against the ISO 4217
# list published by SIX, amendment 179). Adding one here needs a migration of the CHECK
# constraints that name this list (catalog, orders, payments).
EXPONENTS: dict[str, int] = {
    "BHD": 3,
    "CHF": 2,
    "CZK": 2,
    "DKK": 2,
    "EUR": 2,
    "GBP": 2,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "NOK": 2,
    "PLN": 2,
    "SEK": 2,
    "USD": 2,
}
SUPPORTED_CURRENCIES: tuple[str, ...] = tuple(sorted(EXPONENTS))
CURRENCY_CHOICES = [(code, code) for code in SUPPORTED_CURRENCIES]

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
# The most minor units an amount column (PostgreSQL's bigint) holds.
MAX_MINOR = 2**63 - 1


class MoneyError(ValueError):
    """An amount that cannot be read in its currency (too many decimals, not a number,
    a currency the shop does not support)."""


def exponent(currency: str) -> int:
    try:
        return EXPONENTS[currency.upper()]
    except KeyError:
        raise MoneyError(f"{currency!r} is not a currency this shop supports.") from None


def quantum(currency: str) -> Decimal:
    """The smallest amount of the currency in major units: 1, 0.01, 0.001."""
    return Decimal(1).scaleb(-exponent(currency))


def charge_step(currency: str) -> int:
    """The minor units every amount Stripe charges in the currency is a multiple of: 10
    for a three-decimal currency (Stripe wants 1.250 KWD, not 1.255), else 1."""
    return 10 if EXPONENTS.get(currency.upper()) == 3 else 1


def chargeable_floor(minor: int, currency: str) -> int:
    """The largest amount Stripe can charge or pay back in the currency that is not above
    `minor` (1.250 KWD for 1.255)."""
    return minor - minor % charge_step(currency)


def chargeable_check(minor: int, currency: str, *, at_most: int | None = None) -> None:
    """Raises MoneyError for an amount Stripe would refuse to charge in the currency,
    suggesting the nearest amounts it would (none above `at_most`)."""
    step = charge_step(currency)
    if minor % step:
        below = minor - minor % step
        within = [
            amount
            for amount in (below, below + step)
            if amount > 0 and (at_most is None or amount <= at_most)
        ]
        nearest = within or [below]
        suggested = " or ".join(str(to_major(amount, currency)) for amount in nearest)
        raise MoneyError(
            f"{currency.upper()} amounts must end in 0 (Stripe charges them in steps of "
            f"{to_major(step, currency)}): {suggested}, not {to_major(minor, currency)}."
        )


# The least Stripe charges in each currency, in minor units (docs.stripe.com/currencies,
# "Minimum and maximum charge amounts"); BHD, KRW and KWD, which it does not list, at about
# 0.50 USD. Stripe checks it in the shop's payout currency, so a charge in another currency
# may need a little more: the payment page still words that refusal (payments.messages).
MINIMUM_CHARGES: dict[str, int] = {
    "BHD": 200,
    "CHF": 50,
    "CZK": 1500,
    "DKK": 250,
    "EUR": 50,
    "GBP": 30,
    "JPY": 50,
    "KRW": 700,
    "KWD": 160,
    "NOK": 300,
    "PLN": 200,
    "SEK": 300,
    "USD": 50,
}


# The most Stripe charges in one payment: eight digits of minor units in every currency the
# shop sells in ("a value of 99999999 for a USD charge of $999,999.99", docs.stripe.com,
# "Minimum and maximum charge amounts"); larger, it answers `amount_too_large`.
MAXIMUM_CHARGE_MINOR = 99_999_999


def maximum_charge(currency: str) -> int:
    """The most a card can be charged in one payment in the currency, in minor units:
    999,999.99 EUR, 99,999,999 JPY, 99,999.990 KWD (a multiple of its charge step)."""
    return chargeable_floor(MAXIMUM_CHARGE_MINOR, currency)


def above_maximum_charge(minor: int, currency: str) -> bool:
    return minor > maximum_charge(currency)


def share_above_maximum_charge(part: int, *, whole: int, total: int, currency: str) -> bool:
    """Whether `part` of `whole` (what a comic or bundle costs of an order's or cart's
    prices) comes above the maximum alone, estimated as its share of `total` (what the
    card would be charged for all, VAT on top included), rounded up (outside probe CP-1:
    rounded down, one at €1,000,000.00 alone passed as under it)."""
    return bool(whole) and above_maximum_charge(-(-part * total // whole), currency)


def maximum_charge_check(minor: int, currency: str) -> None:
    """Raises MoneyError for a price no card could be charged at once."""
    if above_maximum_charge(minor, currency):
        most = format_money(maximum_charge(currency), currency)
        raise MoneyError(
            f"A card is charged no more than {most} at once (Stripe's maximum), so "
            f"{format_money(minor, currency)} could not be paid: make it {most} or less."
        )


def minimum_charge(currency: str) -> int:
    """The least a card can be charged in the currency, in minor units."""
    return MINIMUM_CHARGES[currency.upper()]


def below_minimum_charge(minor: int, currency: str) -> bool:
    """Something to pay, but less than a card can be charged."""
    return 0 < minor < minimum_charge(currency)


def minimum_charge_check(minor: int, currency: str, *, free_allowed: bool = True) -> None:
    """Raises MoneyError for a price a card could not pay on its own (nothing is free);
    its advice offers 0 only for a price that may be free (`free_allowed`)."""
    if below_minimum_charge(minor, currency):
        least = format_money(minimum_charge(currency), currency)
        give_away = ", or 0 to give it away" if free_allowed else ""
        raise MoneyError(
            f"A card is charged no less than {least} (Stripe's minimum), so "
            f"{format_money(minor, currency)} could not be paid on its own: make it "
            f"{least} or more{give_away}."
        )


def to_major(minor: int, currency: str) -> Decimal:
    """499 EUR -> Decimal("4.99"); 500 JPY -> Decimal("500"); 1250 KWD -> Decimal("1.250")."""
    return Decimal(int(minor)).scaleb(-exponent(currency)).quantize(quantum(currency))


def to_minor(
    major: Decimal | int | str, currency: str, *, exact: bool = True, rounding: str = ROUND_HALF_UP
) -> int:
    """Major units -> minor units. With `exact` (the default) an amount with more decimals
    than the currency has is refused; otherwise it is rounded (half up unless told)."""
    try:
        value = Decimal(str(major).strip())
    except InvalidOperation:
        raise MoneyError(f"{major!r} is not an amount.") from None
    if not value.is_finite():
        raise MoneyError(f"{major!r} is not an amount.")
    scaled = value.scaleb(exponent(currency))
    if abs(scaled) > MAX_MINOR:
        raise MoneyError(f"{major!r} is too large an amount.")
    whole = scaled.quantize(Decimal(1), rounding=rounding)
    if exact and whole != scaled:
        places = exponent(currency)
        if not places:
            raise MoneyError(f"{currency.upper()} amounts have no decimal places.")
        raise MoneyError(f"{currency.upper()} amounts have at most {places} decimal places.")
    return int(whole)


# As people write an amount: ASCII digits, at most one decimal point (".5" and "5." too),
# no sign, exponent, thousands separator or digit grouping ("1,250", "1e5", "1_0" are
# refused).
TYPED_AMOUNT = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")


def parse(text: str, currency: str) -> int:
    """What staff type ("4.99", "500") -> minor units; anything else is not an amount."""
    typed = text.strip()
    if typed.startswith("-") and TYPED_AMOUNT.fullmatch(typed[1:]):
        if Decimal(typed[1:]) == 0:
            return 0  # "-0" is zero, which the caller refuses or accepts as any zero
        raise MoneyError(f"{text!r} is below zero: an amount is typed as 4.99 or 500.")
    if not TYPED_AMOUNT.fullmatch(typed):
        raise MoneyError(f"{text!r} is not an amount: type it as 4.99 or 500.")
    return to_minor(typed, currency)


def number(minor: int, currency: str) -> str:
    """The amount with its currency's decimals and thousands separators: "1,234.56"."""
    places = exponent(currency)
    return f"{to_major(minor, currency):,.{places}f}"


def format_money(minor: int | None, currency: str) -> str:
    """For staff and domain messages: "4.99 EUR", "500 JPY", "1.250 KWD". A currency the
    shop does not support (one Stripe reported) shows its minor units as such."""
    if minor is None:
        return ""
    if currency.upper() not in EXPONENTS:
        return f"{minor} {currency.upper()} (minor units)"
    return f"{number(minor, currency)} {currency.upper()}"


def format_display(minor: int | None, currency: str) -> str:
    """For customers: "€4.99", "¥500", "1.250 KWD"; a negative amount as "-€2.50"."""
    if minor is None:
        return ""
    code = (currency or "").upper()
    sign = "-" if minor < 0 else ""
    shown = number(abs(int(minor)), code)
    symbol = SYMBOLS.get(code)
    return f"{sign}{symbol}{shown}" if symbol else f"{sign}{shown} {code}"
