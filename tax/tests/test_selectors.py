from datetime import date
from decimal import Decimal

import pytest

from morpheus.db_context import system_scope
from tax.models import TaxRule
from tax.selectors import rate_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("country", "category", "on", "rate"),
    [
        ("DE", "ebook", date(2026, 1, 1), "7"),
        ("DE", "standard", date(2026, 1, 1), "19"),
        ("FR", "ebook", date(2026, 1, 1), "5.5"),
        ("DK", "ebook", date(2026, 1, 1), "25"),  # no reduced rate: the standard one
        ("EE", "standard", date(2025, 6, 30), "22"),  # the day before the change
        ("EE", "standard", date(2025, 7, 1), "24"),
        ("GB", "ebook", date(2026, 1, 1), "0"),
        ("CH", "ebook", date(2026, 1, 1), "2.6"),
        ("US", "ebook", date(2026, 1, 1), "0"),  # outside the schemes
    ],
)
def test_the_rate_in_force_is_chosen_by_country_category_and_date(country, category, on, rate):
    with system_scope():
        assert rate_for(country=country, category=category, on=on) == Decimal(rate)


def test_a_rule_finance_adds_applies_from_its_start_date():
    with system_scope():
        TaxRule.objects.filter(country="DE", category="ebook").update(valid_to=date(2027, 1, 1))
        TaxRule.objects.create(country="DE", category="ebook", rate=5, valid_from=date(2027, 1, 1))
        assert rate_for(country="DE", category="ebook", on=date(2026, 12, 31)) == 7
        assert rate_for(country="DE", category="ebook", on=date(2027, 1, 1)) == 5
