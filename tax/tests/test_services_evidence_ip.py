"""The IP address's country as a third piece of VAT evidence (GEOIP_PATH set): it holds the
order when it contradicts the declared country and nothing supports it, and it supports the
declared country against a card from elsewhere."""

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    BUSINESS,
    ComicAssetFactory,
    ComicFactory,
    UserFactory,
    create_order,
)
from morpheus_testing.geoip import geoip_database
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.transitions import OrderStatus
from tax import services
from tax.models import EvidenceDecision
from tax.tests.helpers import evidence, history

pytestmark = pytest.mark.django_db

FRENCH_IP, GERMAN_IP, UNKNOWN_IP = "203.0.113.7", "198.51.100.7", "192.0.2.7"


@pytest.fixture(autouse=True)
def geoip(tmp_path, settings):
    path = geoip_database(
        tmp_path / "countries.mmdb", {"203.0.113.0/24": "FR", "198.51.100.0/24": "DE"}
    )
    settings.GEOIP_PATH = str(path)


def placed(country: str, ip_address: str):
    return create_order(
        comics=[ComicAssetFactory().comic],
        declaration=BuyerDeclaration(country=country, ip_address=ip_address),
        status=OrderStatus.PROCESSING,
    )


def flagged_reason(order) -> str:
    with system_scope():
        order.refresh_from_db()
    return order.flagged_reason


def test_an_ip_address_in_the_declared_country_is_recorded_and_holds_nothing():
    order = placed("DE", GERMAN_IP)
    assert (evidence(order).ip_country, evidence(order).decision) == ("DE", "")
    assert flagged_reason(order) == ""


def test_an_ip_address_in_another_country_holds_the_order_as_it_is_placed():
    order = placed("DE", FRENCH_IP)
    reason = (
        "VAT evidence conflict: declared DE, IP address in FR. "
        "Held from fulfilment until Finance decides."
    )
    assert (evidence(order).ip_country, evidence(order).decision) == ("FR", "held")
    assert ("flagged", reason) in history(order)
    assert flagged_reason(order) == reason


def test_a_business_buying_by_reverse_charge_from_an_ip_address_elsewhere_is_not_held(settings):
    settings.TAX_SELLER_COUNTRY = "IE"
    order = create_order(
        comics=[ComicAssetFactory().comic],
        declaration=BuyerDeclaration(
            country="DE", vat_number="DE136695976", **BUSINESS, ip_address=FRENCH_IP
        ),
    )
    assert (evidence(order).ip_country, evidence(order).decision) == ("FR", "")
    assert flagged_reason(order) == ""


def test_a_business_in_the_sellers_country_from_an_ip_address_elsewhere_is_not_held(settings):
    settings.TAX_SELLER_COUNTRY = "DE"
    order = create_order(
        comics=[ComicAssetFactory().comic],
        declaration=BuyerDeclaration(
            country="DE", vat_number="DE136695976", **BUSINESS, ip_address=FRENCH_IP
        ),
    )
    assert (evidence(order).reverse_charge, evidence(order).ip_country) == (False, "FR")
    assert (evidence(order).decision, flagged_reason(order)) == ("", "")


def test_a_card_from_the_declared_country_releases_an_order_held_for_its_ip_address():
    order = placed("DE", FRENCH_IP)
    services.evidence_card_country_record(order_id=order.pk, card_country="DE", actor="test")
    assert evidence(order).decision == EvidenceDecision.NONE
    assert ("vat", "Card issued in DE, as declared: no longer held") in history(order)
    assert flagged_reason(order) == ""


def test_an_ip_address_in_the_declared_country_outweighs_a_card_from_elsewhere():
    order = placed("DE", GERMAN_IP)
    services.evidence_card_country_record(order_id=order.pk, card_country="US", actor="test")
    assert (evidence(order).card_country, evidence(order).decision) == ("US", "")
    assert ("vat", "Card issued in US") in history(order)
    assert flagged_reason(order) == ""


def test_a_card_and_an_ip_address_both_from_elsewhere_hold_the_order_once():
    order = placed("DE", FRENCH_IP)
    services.evidence_card_country_record(order_id=order.pk, card_country="US", actor="test")
    assert evidence(order).decision == EvidenceDecision.HELD
    assert [kind for kind, _ in history(order)].count("flagged") == 1


def test_an_ip_address_the_database_does_not_know_is_no_evidence():
    order = placed("DE", UNKNOWN_IP)
    assert (evidence(order).ip_country, evidence(order).decision) == ("", "")


def test_checkout_records_the_country_of_the_client_address_behind_the_trusted_proxy(
    client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    buyer = UserFactory()
    with system_scope():
        order_services.cart_add_comic(customer=buyer, comic=ComicFactory())
    client.force_login(buyer)
    client.post(
        reverse("promotions:checkout"),
        {"country": "DE"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=f"{FRENCH_IP}, {GERMAN_IP}",
    )
    with system_scope():
        order = Order.objects.get(customer=buyer)
    assert (evidence(order).declared_country, evidence(order).ip_country) == ("DE", "DE")
