from decimal import Decimal

import pytest

from morpheus.money import (
    MINIMUM_CHARGES,
    SUPPORTED_CURRENCIES,
    MoneyError,
    above_maximum_charge,
    below_minimum_charge,
    charge_step,
    chargeable_check,
    exponent,
    format_display,
    format_money,
    maximum_charge,
    parse,
    to_major,
    to_minor,
)


@pytest.mark.parametrize(("currency", "places"), [("JPY", 0), ("EUR", 2), ("kwd", 3)])
def test_exponents_are_iso_4217s(currency, places):
    assert exponent(currency) == places


def test_an_unsupported_currency_is_refused():
    with pytest.raises(MoneyError, match="not a currency this shop supports"):
        exponent("XTS")


@pytest.mark.parametrize(
    ("minor", "currency", "major"),
    [(499, "EUR", "4.99"), (500, "JPY", "500"), (1250, "KWD", "1.250"), (7, "KWD", "0.007")],
)
def test_minor_and_major_units_convert_both_ways(minor, currency, major):
    assert to_major(minor, currency) == Decimal(major)
    assert str(to_major(minor, currency)) == major
    assert to_minor(major, currency) == minor


@pytest.mark.parametrize(
    ("text", "currency"), [("4.999", "EUR"), ("500.5", "JPY"), ("1.2505", "KWD")]
)
def test_typed_amounts_with_more_decimals_than_the_currency_are_refused(text, currency):
    with pytest.raises(MoneyError, match="decimal places"):
        parse(text, currency)


@pytest.mark.parametrize(
    ("minor", "currency"), [(1250, "KWD"), (0, "BHD"), (499, "EUR"), (7, "JPY")]
)
def test_amounts_stripe_charges_pass(minor, currency):
    chargeable_check(minor, currency)


@pytest.mark.parametrize(("minor", "currency"), [(1255, "KWD"), (1, "bhd")])
def test_a_three_decimal_amount_not_ending_in_0_cannot_be_charged(minor, currency):
    with pytest.raises(MoneyError, match="amounts must end in 0"):
        chargeable_check(minor, currency)


def test_a_three_decimal_amount_is_told_both_nearest_amounts_stripe_charges():
    with pytest.raises(MoneyError, match=r"0\.750 or 0\.760, not 0\.755"):
        chargeable_check(755, "KWD")


def test_no_amount_of_nothing_is_suggested():
    """Found by an outside probe: 0.005 KWD was told "0.000 or 0.010"."""
    with pytest.raises(MoneyError, match=r": 0\.010, not 0\.005"):
        chargeable_check(5, "KWD", at_most=750)


def test_no_amount_above_the_most_allowed_is_suggested():
    """Found by an outside probe: with 0.750 KWD left to refund, 0.755 was told "0.750 or
    0.760", and 0.760 was then refused."""
    with pytest.raises(MoneyError, match=r": 0\.750, not 0\.755"):
        chargeable_check(755, "KWD", at_most=750)


@pytest.mark.parametrize(
    "text", ["", ".", "abc", "1,250", "NaN", "Infinity", "1e5", "1_0", "\u0661\u0662", "+5", "-5"]
)
def test_text_that_is_not_an_amount_is_refused(text):
    with pytest.raises(MoneyError):
        parse(text, "EUR")


@pytest.mark.parametrize("text", ["-5", "-0.01", " -4.99 "])
def test_a_negative_amount_is_refused_as_below_zero(text):
    """Found by an outside probe: "-1" was "not an amount", as if it were not a number."""
    with pytest.raises(MoneyError, match=r"is below zero: an amount is typed as 4\.99 or 500"):
        parse(text, "EUR")


@pytest.mark.parametrize("text", ["-0", "-0.00", "-.0"])
def test_minus_zero_is_read_as_zero_not_below_it(text):
    """Found by an outside probe: "-0" was called below zero."""
    assert parse(text, "EUR") == 0


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [(".5", "EUR", 50), ("5.", "EUR", 500), ("4.990", "EUR", 499), ("500.0", "JPY", 500)],
)
def test_amounts_as_people_also_type_them_are_read(text, currency, minor):
    """Found by an outside probe: ".5" and "5." were "not an amount"."""
    assert parse(text, currency) == minor


@pytest.mark.parametrize("text", ["1e400", "99999999999999999999999999", "-1e30"])
def test_an_amount_no_amount_column_can_hold_is_refused(text):
    with pytest.raises(MoneyError, match="too large"):
        to_minor(text, "EUR")


def test_inexact_conversion_rounds_half_up_when_asked():
    assert to_minor("4.995", "EUR", exact=False) == 500
    assert to_minor("500.5", "JPY", exact=False) == 501


@pytest.mark.parametrize(
    ("minor", "currency", "staff", "customer"),
    [
        (499, "EUR", "4.99 EUR", "€4.99"),
        (500, "JPY", "500 JPY", "¥500"),
        (1234567, "JPY", "1,234,567 JPY", "¥1,234,567"),
        (1250, "KWD", "1.250 KWD", "1.250 KWD"),
        (-250, "EUR", "-2.50 EUR", "-€2.50"),
    ],
)
def test_amounts_are_shown_with_their_currencys_decimals(minor, currency, staff, customer):
    assert format_money(minor, currency) == staff
    assert format_display(minor, currency) == customer


def test_an_amount_stripe_reports_in_a_currency_we_do_not_sell_in_still_shows():
    assert format_money(499, "xts") == "499 XTS (minor units)"


def test_every_currency_the_shop_sells_in_has_a_least_a_card_can_be_charged():
    assert set(MINIMUM_CHARGES) == set(SUPPORTED_CURRENCIES)
    for currency, least in MINIMUM_CHARGES.items():
        assert least % charge_step(currency) == 0, currency
        below = [below_minimum_charge(amount, currency) for amount in (0, least - 1, least)]
        assert below == [False, True, False], currency


@pytest.mark.parametrize(
    ("currency", "most"),
    [("EUR", 99_999_999), ("JPY", 99_999_999), ("KWD", 99_999_990), ("BHD", 99_999_990)],
)
def test_the_most_a_card_is_charged_at_once_is_stripes_eight_digits_in_its_steps(currency, most):
    assert maximum_charge(currency) == most
    assert not above_maximum_charge(most, currency)
    assert above_maximum_charge(most + 1, currency)
