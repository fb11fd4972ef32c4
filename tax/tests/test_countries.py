from tax.countries import ELSEWHERE, ELSEWHERE_SHOWN, EU_MEMBER_STATES, NAMES


def test_elsewhere_is_shown_as_outside_every_country_the_shop_may_charge_vat_in():
    """A country added to NAMES (where a VAT rule may apply) needs adding to what
    "Elsewhere" is said to be outside."""
    assert set(NAMES) - {ELSEWHERE} == EU_MEMBER_STATES | {"GB", "NO", "CH"}
    assert ELSEWHERE_SHOWN == "Elsewhere (outside the EU, the UK, Norway and Switzerland)"
