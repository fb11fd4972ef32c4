"""Finance's VAT rules in the admin say where the shipped rates come from."""

import pytest
from django.urls import reverse

from tax.models import TaxRule

pytestmark = pytest.mark.django_db
SOURCE = "compiled on 2026-11-29 from the European Commission's"


def test_the_rules_list_and_form_say_when_and_whence_the_rates_were_compiled(finance_client):
    rule = TaxRule.objects.filter(country="DE").first()
    pages = [
        finance_client.get(reverse("admin:tax_taxrule_changelist")),
        finance_client.get(reverse("admin:tax_taxrule_change", args=[rule.pk])),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert SOURCE in text and "<strong>not re-checked online</strong>" in text
