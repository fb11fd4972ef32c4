"""Prices including VAT never lose or invent a minor unit: per line and per order."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tax.arithmetic import split_inclusive, tax_on_net

RATES = st.sampled_from([Decimal(r) for r in ("0", "2.6", "3", "5.5", "8.1", "19", "25.5", "27")])
LINE = st.tuples(st.integers(min_value=0, max_value=10**9), RATES)


@given(gross=st.integers(min_value=0, max_value=10**12), rate=RATES)
def test_net_plus_tax_is_the_gross_on_every_line(gross, rate):
    net, tax = split_inclusive(gross, rate)
    assert net + tax == gross
    assert 0 <= tax <= gross
    # The tax is the exact share, rounded to the nearest minor unit.
    exact = Decimal(gross) * rate / (100 + rate)
    assert abs(Decimal(tax) - exact) <= Decimal("0.5")


@given(basket=st.lists(LINE, min_size=1, max_size=30))
def test_an_orders_net_and_tax_add_up_to_what_the_customer_paid(basket):
    split = [split_inclusive(gross, rate) for gross, rate in basket]
    assert sum(net for net, _ in split) + sum(tax for _, tax in split) == sum(
        gross for gross, _ in basket
    )


@given(basket=st.lists(LINE, min_size=1, max_size=30))
def test_net_prices_plus_the_vat_added_are_what_the_customer_pays(basket):
    lines = [(net, tax_on_net(net, rate)) for net, rate in basket]
    for (net, rate), (_, tax) in zip(basket, lines, strict=True):
        assert abs(Decimal(tax) - Decimal(net) * rate / 100) <= Decimal("0.5")
    gross = [net + tax for net, tax in lines]
    assert sum(net for net, _ in lines) + sum(tax for _, tax in lines) == sum(gross)


@given(net=st.integers(min_value=0, max_value=10**9), rate=RATES)
def test_vat_added_in_a_three_decimal_currency_keeps_the_total_in_tens(net, rate):
    tax = tax_on_net(net * 10, rate, step=10)
    assert (net * 10 + tax) % 10 == 0
    assert abs(Decimal(tax) - Decimal(net * 10) * rate / 100) <= 5
