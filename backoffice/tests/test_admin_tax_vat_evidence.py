"""Finance decides on orders held for conflicting VAT evidence, in the admin."""

import pytest
from django.urls import reverse

from delivery.tasks import fulfil_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import create_order
from morpheus_testing.jobs import queued_jobs
from orders.buyer import BuyerDeclaration
from orders.transitions import OrderStatus
from tax.models import OrderTaxEvidence
from tax.services import evidence_card_country_record

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:tax_ordertaxevidence_changelist"


@pytest.fixture
def held_order():
    order = create_order(declaration=BuyerDeclaration(country="DE"), status=OrderStatus.PROCESSING)
    evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    return order


def decide(client, order, action: str):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [order.pk]},
        follow=True,
    )


def test_finance_lists_held_orders_and_accepts_the_declared_country(finance_client, held_order):
    page = finance_client.get(reverse(CHANGELIST), {"decision__exact": "held"})
    assert held_order.number in page.content.decode()
    response = decide(finance_client, held_order, "accept_declared_country")
    assert f"Order {held_order.number}: accepted by finance." in response.content.decode()
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order=held_order)
        event = held_order.events.filter(type="vat").last()
    assert evidence.decision == "accepted"
    assert event.reason == "Finance: accepted by finance (declared DE, card FR, IP unknown)"
    assert [name for _, name, _ in queued_jobs([fulfil_order.name])] == [fulfil_order.name]


def test_support_sees_the_evidence_but_cannot_decide(support_client, held_order):
    page = support_client.get(reverse(CHANGELIST))
    assert held_order.number in page.content.decode()
    decide(support_client, held_order, "accept_declared_country")
    with system_scope():
        assert OrderTaxEvidence.objects.get(order=held_order).decision == "held"


def test_the_evidence_page_is_read_as_it_is_with_no_save_and_its_fields_in_words(
    finance_client, held_order
):
    """Found by an outside probe: the page, whose every field is read-only, offered Finance
    "Save", which answered "changed successfully", and read "Ip country", "Vat number"."""
    url = reverse("admin:tax_ordertaxevidence_change", args=[held_order.pk])

    page = finance_client.get(url).content.decode()
    posted = finance_client.post(url, {"_save": "Save"})

    assert 'name="_save"' not in page and 'name="_continue"' not in page
    for label in ("IP address country", "VAT number", "VIES check", "Card issued in"):
        assert label in page
    assert "Ip country" not in page and "Vat number" not in page
    assert posted.status_code == 403
    # The decisions stay on the list.
    assert decide(finance_client, held_order, "accept_declared_country").status_code == 200
