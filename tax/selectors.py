from datetime import date
from decimal import Decimal

from django.db.models import Q

from tax.models import TaxCategory, TaxRule


def rate_for(*, country: str, category: str, on: date) -> Decimal:
    """The rate in force on `on`: the category's own rule, else the country's standard
    rate, else 0 (a country outside the schemes)."""
    in_force = TaxRule.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on), country=country.upper(), valid_from__lte=on
    ).order_by("-valid_from")
    for wanted in (category, TaxCategory.STANDARD):
        rule = in_force.filter(category=wanted).first()
        if rule is not None:
            return rule.rate
    return Decimal(0)
