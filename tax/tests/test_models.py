from datetime import date
from decimal import Decimal

import pytest

from tax.models import ItemTax, TaxRule

pytestmark = pytest.mark.django_db


def test_a_rules_name_prints_its_rate_one_way_typed_or_read_back():
    """Found by an outside probe: "FR ebook 5.50 % from 2024-01-01" (read back) beside
    "FR ebook 10 % from 2026-12-05" (just typed)."""
    typed = TaxRule.objects.create(
        country="DE", category="ebook", rate=Decimal("10"), valid_from=date(2030, 1, 1)
    )
    TaxRule.objects.create(
        country="DE", category="standard", rate=Decimal("5.50"), valid_from=date(2030, 1, 1)
    )
    read_back = TaxRule.objects.get(country="DE", category="standard", valid_from="2030-01-01")

    assert [str(typed), str(read_back)] == [
        "DE ebook 10 % from 2030-01-01",
        "DE standard 5.5 % from 2030-01-01",
    ]


def test_an_items_vat_prints_its_rate_as_people_write_it():
    assert str(ItemTax(item_id=7, rate=Decimal("20.00"), country="FR")) == "7: 20 % FR"
