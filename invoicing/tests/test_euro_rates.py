"""The ECB's euro rates: loaded from its file, the one a quarter is declared at, amounts
converted (outside probe GU-1)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from invoicing.euro_rates import (
    EuroRateRefused,
    easter_sunday,
    euro_rate_declared,
    euro_rate_refusal,
    euro_rate_save,
    euro_rates_load_ecb,
)
from invoicing.models import EuroRate
from morpheus.db_context import system_scope

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_january_2027():
    """After the days the rates below are of: a rate of a day to come is refused."""
    with time_machine.travel(datetime(2027, 1, 15, 12, tzinfo=UTC), tick=False):
        yield


# As the ECB writes eurofxref-hist.csv: newest first, a trailing comma, N/A before a
# currency existed (its columns beyond those shown here are the same).
ECB_FILE = """Date,USD,JPY,BGN,CYP,GBP,
2026-12-31,1.0850,160.50,1.9558,N/A,0.8420,
2026-12-30,1.0840,160.10,1.9558,N/A,0.8410,
"""


def _rates() -> dict[tuple[str, date], Decimal]:
    with system_scope():
        return {(r.currency, r.day): r.units_per_euro for r in EuroRate.objects.all()}


def test_the_ecb_file_records_the_rates_of_the_currencies_the_shop_sells_in():
    recorded = len(euro_rates_load_ecb(text=ECB_FILE))

    assert recorded == 6
    assert _rates() == {
        ("USD", date(2026, 12, 31)): Decimal("1.085"),
        ("JPY", date(2026, 12, 31)): Decimal("160.5"),
        ("GBP", date(2026, 12, 31)): Decimal("0.842"),
        ("USD", date(2026, 12, 30)): Decimal("1.084"),
        ("JPY", date(2026, 12, 30)): Decimal("160.1"),
        ("GBP", date(2026, 12, 30)): Decimal("0.841"),
    }


def test_a_day_given_twice_in_a_file_is_recorded_at_its_last_lines_rate():
    recorded = len(euro_rates_load_ecb(text="Date,USD\n2026-12-31,1.08\n2026-12-31,1.09\n"))

    assert recorded == 1
    assert _rates() == {("USD", date(2026, 12, 31)): Decimal("1.09")}


def test_the_ecbs_daily_file_which_writes_its_day_in_words_is_recorded():
    """Outside probe GY-1: eurofxref.csv, the file of the day, writes "31 December 2026"
    (only the history writes 2026-12-31) and was refused."""
    daily = "Date, USD, JPY, BGN, GBP, \n31 December 2026, 1.0850, 160.50, 1.9558, 0.8420, \n"

    recorded = len(euro_rates_load_ecb(text=daily))

    assert recorded == 3
    assert _rates()[("USD", date(2026, 12, 31))] == Decimal("1.085")


def test_loading_the_file_again_replaces_a_days_rate_and_adds_none():
    euro_rates_load_ecb(text=ECB_FILE)
    euro_rates_load_ecb(text=ECB_FILE.replace("1.0850", "1.0860"))

    rates = _rates()
    assert rates[("USD", date(2026, 12, 31))] == Decimal("1.086")
    assert len(rates) == len(set(rates))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "number,total\nINV-1,5.00\n",
        "Date,USD\n31/12/2026,1.08\n",
        "Date,USD\n31 Decembre 2026,1.08\n",
        "USD,Date\n1.08\n",  # no day
        "Date,USD,JPY\n2026-12-31,NaN,160.50\n",
        "Date,USD\n2026-12-31,Infinity\n",
        "Date,USD\n2026-12-31,1e20\n",
        "Date,USD\n2026-12-31,0.0000001\n",
        "Date,USD,JPY\n2026-12-31,-1.08,0\n",
        "Date,USD\n2026-12-31,=1+1\n",
        "Date,EUR,CHF\n2026-12-31,1,N/A\n",  # nothing of a currency sold in
        "Date,USD\n2027-02-01,1.08\n",  # a day to come
    ],
)
def test_a_file_that_is_not_the_ecbs_is_refused_and_records_nothing(text):
    with pytest.raises(EuroRateRefused):
        euro_rates_load_ecb(text=text)

    assert _rates() == {}


def test_a_quarter_is_declared_at_its_last_days_rate_else_the_next_published_within_a_week():
    euro_rate_save(currency="USD", day=date(2026, 6, 29), units_per_euro=Decimal("1.07"))
    euro_rate_save(currency="USD", day=date(2026, 7, 2), units_per_euro=Decimal("1.09"))
    euro_rate_save(currency="USD", day=date(2026, 10, 8), units_per_euro=Decimal("1.11"))

    q2 = euro_rate_declared(currency="USD", last_day=date(2026, 6, 30))
    q3 = euro_rate_declared(currency="USD", last_day=date(2026, 9, 30))

    assert q2 is not None and q2.rate.day == date(2026, 7, 2)  # not 29 June's, before it
    assert q3 is None  # 8 October's is not the end of September's


def test_amounts_are_converted_to_euro_cents_half_up_in_any_currencys_minor_units():
    euro_rate_save(currency="USD", day=date(2026, 12, 31), units_per_euro=Decimal("1.0850"))
    euro_rate_save(currency="JPY", day=date(2026, 12, 31), units_per_euro=Decimal("160.50"))
    usd = euro_rate_declared(currency="USD", last_day=date(2026, 12, 31))
    jpy = euro_rate_declared(currency="JPY", last_day=date(2026, 12, 31))

    assert usd.of(500, "USD") == 461  # 4.608... EUR
    assert usd.of(-24, "USD") == -22  # a credit note's VAT
    assert jpy.of(1000, "JPY") == 623  # 6.230... EUR: the yen has no minor unit


def test_the_euro_itself_and_a_rate_of_nothing_are_refused():
    with pytest.raises(EuroRateRefused):
        euro_rate_save(currency="EUR", day=date(2026, 12, 31), units_per_euro=Decimal(1))
    with pytest.raises(EuroRateRefused):
        euro_rate_save(currency="USD", day=date(2026, 12, 31), units_per_euro=Decimal(0))


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2026, 12, 5), "no rate on Saturday 5 December 2026"),
        (date(2026, 12, 6), "no rate on Sunday 6 December 2026"),
        (date(2026, 12, 25), "no rate on Friday 25 December 2026"),
        (date(2026, 5, 1), "no rate on Friday 1 May 2026"),
        (date(2026, 4, 3), "no rate on Friday 3 April 2026"),  # Good Friday
        (date(2026, 4, 6), "no rate on Monday 6 April 2026"),  # Easter Monday
        (date(2025, 4, 21), "no rate on Monday 21 April 2025"),
    ],
)
def test_a_rate_of_a_day_the_ecb_publishes_none_is_refused(day, said):
    """Outside probe GY-5: a Saturday's rate was recorded, and would have been stated on a
    Monday's invoices as the ECB's."""
    with pytest.raises(EuroRateRefused, match=said):
        euro_rate_save(currency="USD", day=day, units_per_euro=Decimal("1.08"))

    assert _rates() == {}


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
    ],
)
def test_easter_falls_where_the_calendar_has_it(year, easter):
    assert easter_sunday(year) == easter


def test_the_days_around_easter_the_ecb_publishes_on_are_taken():
    for day in (date(2026, 4, 2), date(2026, 4, 7)):  # Maundy Thursday, the Tuesday after
        euro_rate_save(currency="USD", day=day, units_per_euro=Decimal("1.08"))

    assert set(_rates()) >= {("USD", date(2026, 4, 2)), ("USD", date(2026, 4, 7))}


def test_a_rate_of_today_is_refused_until_the_ecb_publishes_it_at_16_in_frankfurt():
    """Outside probe GY-2: a rate typed in the morning of its day was stated on that day's
    invoices as the ECB's."""
    monday = date(2027, 1, 18)
    with time_machine.travel(datetime(2027, 1, 18, 14, 59, tzinfo=UTC), tick=False):
        with pytest.raises(EuroRateRefused, match="published no rate for 18 January 2027 yet"):
            euro_rate_save(currency="USD", day=monday, units_per_euro=Decimal("1.08"))
    with time_machine.travel(datetime(2027, 1, 18, 15, 0, tzinfo=UTC), tick=False):
        euro_rate_save(currency="USD", day=monday, units_per_euro=Decimal("1.08"))

    assert _rates() == {("USD", monday): Decimal("1.08")}


def test_a_rate_of_a_day_to_come_is_refused_and_never_declared():
    """Outside probe GX-4: a rate typed on 7 December for 31 December was declared as "the
    ECB rate of 31 December" in the quarter's figures so far."""
    with pytest.raises(EuroRateRefused, match="published no rate for 16 January 2027 yet"):
        euro_rate_save(currency="USD", day=date(2027, 1, 16), units_per_euro=Decimal("1.08"))

    assert _rates() == {}
    assert euro_rate_declared(currency="USD", last_day=date(2027, 1, 15)) is None


def test_the_ecbs_whole_history_is_written_in_a_few_statements(django_assert_max_num_queries):
    """Outside probe GX-5: 72,840 rates took 115 s one by one, past the web server's time."""
    days = [
        f"{day:%Y-%m-%d}"
        for day in (date(2026, 1, 2) + timedelta(days=n) for n in range(360))
        if not euro_rate_refusal(currency="USD", day=day, units_per_euro=Decimal(1))
    ]
    text = "Date,USD,JPY,GBP,\n" + "".join(f"{day},1.08,160.5,0.84,\n" for day in days)

    with django_assert_max_num_queries(10):
        recorded = len(euro_rates_load_ecb(text=text))

    assert recorded == 3 * len(days)
    assert len(_rates()) == 3 * len(days)


def test_a_rate_of_a_currency_the_ecb_publishes_none_of_is_taken_for_any_day_begun():
    """Outside probe HA-7: a KWD rate of a Saturday was refused with the ECB's calendar, for
    a rate the ECB never publishes (Finance declares its own)."""
    saturday = date(2027, 1, 9)

    euro_rate_save(currency="KWD", day=saturday, units_per_euro=Decimal("0.3300"))
    with pytest.raises(EuroRateRefused, match="16 January 2027 is to come"):
        euro_rate_save(currency="KWD", day=date(2027, 1, 16), units_per_euro=Decimal("0.33"))

    assert _rates() == {("KWD", saturday): Decimal("0.33")}
