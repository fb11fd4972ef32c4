"""The back office's sidebar: the pages each staff member works with."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FINANCE_PAGES = {
    "Invoices and credit notes": "admin:invoicing_invoice_changelist",
    "Order tax evidence": "admin:tax_ordertaxevidence_changelist",
    "Tax rules": "admin:tax_taxrule_changelist",
}


def sidebar(client) -> str:
    page = client.get(reverse("admin:index")).text
    return page.split('id="nav-sidebar"')[1]


def test_finance_finds_its_pages_in_the_sidebar(finance_client):
    """Outside probe GU-8: invoices, the VAT evidence held for Finance and the tax rules
    were only under "All applications"."""
    shown = sidebar(finance_client)

    for title, name in FINANCE_PAGES.items():
        assert f'href="{reverse(name)}"' in shown, title
        assert title in shown
