"""Discount codes, bundles from the cart and free orders through the API."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from api.tests.helpers import JSON_API, error_pointers, order_count, order_document
from delivery.tasks import fulfil_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import BUSINESS, ComicFactory, business_declared_last
from morpheus_testing.jobs import queued_jobs
from orders.models import Order
from orders.services import cart_add_comic
from orders.transitions import OrderStatus
from promotions.bundles import cart_add_bundle
from promotions.models import Bundle, DiscountUse
from promotions.tests.factories import free_completion, make_code
from tax.models import OrderTaxEvidence, ViesStatus
from tax.tasks import check_vat_number

pytestmark = pytest.mark.django_db


def post(client, document):
    return client.post("/api/v1/orders", json.dumps(document), content_type=JSON_API)


def with_code(document: dict, code: str) -> dict:
    document["data"].setdefault("attributes", {})["discount_code"] = code
    return document


def from_cart() -> dict:
    return {"data": {"type": "orders", "attributes": {"from_cart": True}}}


def test_with_net_prices_the_order_shows_the_vat_it_adds_so_its_amounts_add_up(client, settings):
    """Outside probe BE-2: 59.00 less a 15 % code read as a total of 63.69, with nothing in
    the document, the items or the schema naming the 13.54 of Hungarian VAT added on top."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    settings.TAX_DEFAULT_COUNTRY = "HU"  # 27 %
    make_code("PCT15", percent_off=15)

    response = post(client, with_code(order_document(ComicFactory(price_amount=5900)), "PCT15"))

    assert response.status_code == 201, response.content
    attributes = response.json()["data"]["attributes"]
    assert (attributes["subtotal_amount"], attributes["discount_amount"]) == (5900, 885)
    assert (attributes["tax_added_amount"], attributes["total_amount"]) == (1354, 6369)
    assert attributes["vat"] == {
        "amount": 1354,
        "added": True,
        "rate": "27.00",
        "country": "HU",
        "country_name": "Hungary",
        "reverse_charge": False,
    }
    order_id = response.json()["data"]["id"]
    (item,) = client.get(f"/api/v1/orders/{order_id}?include=items").json()["included"]
    assert item["attributes"]["vat"] == {"amount": 1354, "rate": "27.00"}


@pytest.mark.parametrize("typed", ["TEN\u200bOFF", "\uff34\uff25\uff2eoff"])
def test_a_code_with_invisible_marks_or_in_full_width_letters_applies_as_in_the_cart(client, typed):
    """Outside probe GR-8: the API answered "No such code." for what the cart takes."""
    make_code("TENOFF", percent_off=10)

    response = post(client, with_code(order_document(ComicFactory(price_amount=1000)), typed))

    assert response.status_code == 201, response.content
    assert response.json()["data"]["attributes"]["discount_amount"] == 100


def test_an_order_placed_with_a_code_carries_its_discount_per_item(client):
    make_code("TENOFF", percent_off=10)
    first, second = ComicFactory(price_amount=1000), ComicFactory(price_amount=499)

    response = post(client, with_code(order_document(first, second), "tenoff"))

    assert response.status_code == 201, response.content
    body = response.json()
    attributes = body["data"]["attributes"]
    assert (attributes["subtotal_amount"], attributes["discount_amount"]) == (1499, 150)
    assert attributes["total_amount"] == 1349
    assert body["meta"]["payment"]["amount"] == 1349
    items = client.get(f"/api/v1/orders/{body['data']['id']}?include=items").json()["included"]
    assert sorted(item["attributes"]["discount_amount"] for item in items) == [50, 100]


@pytest.mark.parametrize("code", ["", "   "])
def test_an_empty_code_places_the_order_at_full_price(client, code):
    response = post(client, with_code(order_document(ComicFactory(price_amount=999)), code))

    assert response.status_code == 201, response.content
    assert response.json()["data"]["attributes"]["total_amount"] == 999


def test_a_code_that_does_not_apply_refuses_the_order_and_places_nothing(client):
    make_code("BIG", currencies=[("EUR", 500, 5000)])

    response = post(client, with_code(order_document(ComicFactory(price_amount=999)), "BIG"))

    assert response.status_code == 422
    assert error_pointers(response) == {"/data/attributes/discount_code"}
    assert "basket of at least €50.00" in response.json()["errors"][0]["detail"]
    assert order_count() == 0
    with system_scope():
        assert not DiscountUse.objects.exists()


def test_an_unknown_code_is_refused_as_unprocessable_and_places_nothing(client):
    """Found by the API's fuzz run: a schema-valid document naming no code was a 400."""
    response = post(client, with_code(order_document(ComicFactory(price_amount=999)), "NOPE"))

    assert response.status_code == 422
    assert error_pointers(response) == {"/data/attributes/discount_code"}
    assert response.json()["errors"][0]["detail"] == "No such code."
    assert order_count() == 0


@pytest.mark.parametrize(
    ("member", "pointer"),
    [
        ("attributes", "/data/attributes/discount_cod"),
        ("relationships", "/data/relationships/comic"),
    ],
)
def test_a_misspelt_member_is_refused_and_places_nothing(client, member, pointer):
    """Found by an outside probe: unknown attributes were ignored, so a misspelt
    `discount_code` placed the order at full price without a word."""
    document = order_document(ComicFactory(price_amount=999))
    misspelt = pointer.rsplit("/", 1)[1]
    document["data"].setdefault(member, {})[misspelt] = (
        "HALF" if member == "attributes" else {"data": None}
    )
    make_code("HALF", percent_off=50)

    response = post(client, document)

    assert response.status_code == 400
    assert error_pointers(response) == {pointer}
    assert response.json()["errors"][0]["detail"].startswith(f"orders have no {misspelt}: only ")
    assert order_count() == 0


@pytest.mark.parametrize(
    ("document", "pointer"),
    [
        ({"attribute": {"discount_code": "HALF"}}, "/data/attribute"),
        ({"attributes": {"a/b~c": "HALF"}}, "/data/attributes/a~1b~0c"),
    ],
    ids=["misspelt-member", "escaped-pointer"],
)
def test_a_misspelt_member_of_the_resource_object_is_refused(client, document, pointer):
    """Found by an outside probe: `attribute` (singular) was ignored with the code in it."""
    order = order_document(ComicFactory(price_amount=999))
    order["data"].update(document)
    make_code("HALF", percent_off=50)

    response = post(client, order)

    assert response.status_code == 400
    assert error_pointers(response) == {pointer}
    assert order_count() == 0


def test_a_misspelt_member_of_the_document_is_refused(client):
    response = post(client, {**order_document(ComicFactory()), "metta": {}})

    assert response.status_code == 400
    assert error_pointers(response) == {"/metta"}
    assert order_count() == 0


def test_a_code_typed_in_the_web_cart_stays_with_the_browser_not_the_api(client, customer):
    """The API orders the cart's comics; the code the web cart shows lives in that browser's
    session, so an API order takes its own `discount_code` (probe M asked)."""
    make_code("HALF", percent_off=50)
    cart_add_comic(customer=customer, comic=ComicFactory(price_amount=1000))
    browser = Client()
    browser.force_login(customer)
    browser.post(reverse("promotions:cart_code"), {"code": "HALF"})
    assert "€5.00" in browser.get(reverse("orders:cart")).content.decode()

    without = post(client, from_cart())
    assert without.status_code == 201, without.content
    assert without.json()["data"]["attributes"]["total_amount"] == 1000
    cart_add_comic(customer=customer, comic=ComicFactory(price_amount=1000))

    given = post(client, with_code(from_cart(), "HALF"))

    assert given.status_code == 201, given.content
    assert given.json()["data"]["attributes"]["total_amount"] == 500


def test_the_cart_with_a_bundle_is_ordered_with_a_code(client, customer):
    comics = [ComicFactory(price_amount=p) for p in (600, 600)]
    alone = ComicFactory(price_amount=300)
    with system_scope():
        bundle = Bundle.objects.create(title="Arc", slug="arc", price_amount=900)
        bundle.comics.set(comics)
        cart_add_bundle(customer=customer, bundle=bundle)
        cart_add_comic(customer=customer, comic=alone)
    make_code("ARC", percent_off=50, bundles=[bundle])

    response = post(client, with_code(from_cart(), "ARC"))

    assert response.status_code == 201, response.content
    attributes = response.json()["data"]["attributes"]
    assert (attributes["subtotal_amount"], attributes["total_amount"]) == (1200, 750)


def test_a_cart_of_one_bundle_a_card_cannot_pay_for_at_once_is_not_told_to_buy_fewer(
    client, customer
):
    """Outside probe CN-2: the API refused it with "Buy fewer of them at a time", which a
    bundle cannot be bought as."""
    comics = [ComicFactory(price_amount=60_000_000) for _ in range(2)]
    with system_scope():
        bundle = Bundle.objects.create(title="Gilded", slug="gilded", price_amount=110_000_000)
        bundle.comics.set(comics)
        cart_add_bundle(customer=customer, bundle=bundle)

    response = post(client, from_cart())

    assert response.status_code == 422, response.content
    assert [error["detail"] for error in response.json()["errors"]] == [
        "These comics come to €1,100,000.00, more than a card can be charged at once "
        "(€999,999.99): nothing was ordered."
    ]


def test_a_free_order_is_completed_without_a_card_and_queued_for_fulfilment(client):
    free = ComicFactory(price_amount=0)

    created = post(client, order_document(free)).json()
    payment = created["meta"]["payment"]
    completed = client.post(payment["complete_free_url"], content_type=JSON_API)

    assert (payment["amount"], payment["setup_intent_client_secret"]) == (0, None)
    assert payment["unavailable_reason"] is None
    assert completed.status_code == 200, completed.content
    assert completed.json()["data"]["attributes"]["status"] == OrderStatus.PAID
    with system_scope():
        assert Order.objects.get(pk=created["data"]["id"]).paid_at is not None
    assert len(queued_jobs({fulfil_order.name})) == 1


def test_a_full_discount_makes_the_order_free(client):
    make_code("GIFT", percent_off=100)

    created = post(client, with_code(order_document(ComicFactory(price_amount=799)), "GIFT"))
    completed = client.post(created.json()["meta"]["payment"]["complete_free_url"])

    assert created.json()["data"]["attributes"]["total_amount"] == 0
    assert completed.json()["data"]["attributes"]["status"] == OrderStatus.PAID


def declared(document: dict, code: str, country: str) -> dict:
    """`document` with `code` and a German business's VAT number declared from `country`."""
    document["data"].setdefault("attributes", {}).update(
        {"discount_code": code, "country": country, "vat_number": "DE136695976", **BUSINESS}
    )
    return document


def _ordered(customer, comic, *, by_cart: bool) -> dict:
    """The order document naming `comic`, or taking it from the customer's cart."""
    if not by_cart:
        return order_document(comic)
    with system_scope():
        cart_add_comic(customer=customer, comic=comic)
    return from_cart()


@pytest.mark.parametrize("by_cart", [False, True], ids=["comics", "cart"])
@pytest.mark.parametrize("country", ["FR", "DE"], ids=["another", "its own"])
def test_an_order_a_100_percent_code_makes_free_takes_no_vat_number_sent_with_it(
    client, customer, settings, country, by_cart
):
    """As the cart's checkout: the order was placed at full price before the code was taken
    off, so a German number sent with France was a 422 ("… is from Germany, not from
    France"), and with Germany kept with a reverse charge and a VIES check on an order of
    nothing."""
    settings.TAX_SELLER_COUNTRY = "IE"
    make_code("GIFT", percent_off=100)
    comic = ComicFactory(price_amount=1070)
    document = _ordered(customer, comic, by_cart=by_cart)

    response = post(client, declared(document, "GIFT", country))

    assert response.status_code == 201, response.content
    attributes = response.json()["data"]["attributes"]
    assert (attributes["total_amount"], attributes["vat"]["reverse_charge"]) == (0, False)
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order_id=response.json()["data"]["id"])
    assert evidence.declared_country == country
    assert (evidence.vat_number, evidence.business_name, evidence.billing_address) == ("", "", "")
    assert evidence.vies_status == ViesStatus.NONE
    assert queued_jobs({check_vat_number.name}) == []


def test_an_order_of_a_free_comic_takes_no_vat_number_it_would_refuse(client):
    """As the cart's checkout of a free comic (outside probe BR-6): a German number sent
    with France was a 422 for an order of nothing."""
    response = post(client, declared(order_document(ComicFactory(price_amount=0)), "", "FR"))

    assert response.status_code == 201, response.content
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order_id=response.json()["data"]["id"])
    assert (evidence.declared_country, evidence.vat_number) == ("FR", "")


@pytest.mark.parametrize("by_cart", [False, True], ids=["comics", "cart"])
def test_an_order_a_code_leaves_something_to_pay_still_refuses_a_vat_number_of_another_country(
    client, customer, by_cart
):
    make_code("HALF", percent_off=50)
    comic = ComicFactory(price_amount=1070)
    document = _ordered(customer, comic, by_cart=by_cart)

    response = post(client, declared(document, "HALF", "FR"))

    assert response.status_code == 422
    assert error_pointers(response) == {"/data/attributes/vat_number"}
    assert order_count() == 0


@pytest.mark.parametrize("by_cart", [False, True], ids=["comics", "cart"])
@pytest.mark.parametrize("price", [1070, 0], ids=["100 % code", "free comic"])
def test_an_order_of_nothing_without_a_country_takes_no_business_from_the_last_declaration(
    client, customer, settings, by_cart, price
):
    """Without a `country` the order takes the last declaration, a business's here: its
    order of nothing (a 100 % code, a free comic) kept the VAT number, business name and
    reverse charge, and queued a VIES check (a code's on the full price it then took off)."""
    settings.TAX_SELLER_COUNTRY = "IE"
    business_declared_last(customer)
    checks = queued_jobs({check_vat_number.name})
    make_code("GIFT", percent_off=100)
    comic = ComicFactory(price_amount=price)
    document = order_document(comic)
    if by_cart:
        with system_scope():
            cart_add_comic(customer=customer, comic=comic)
        document = from_cart()

    response = post(client, with_code(document, "GIFT") if price else document)

    assert response.status_code == 201, response.content
    attributes = response.json()["data"]["attributes"]
    assert (attributes["total_amount"], attributes["vat"]["reverse_charge"]) == (0, False)
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order_id=response.json()["data"]["id"])
    assert (evidence.declared_country, evidence.asked) == ("DE", False)
    assert (evidence.vat_number, evidence.business_name, evidence.billing_address) == ("", "", "")
    assert (evidence.reverse_charge, evidence.vies_status) == (False, ViesStatus.NONE)
    assert queued_jobs({check_vat_number.name}) == checks
    paid = post(client, order_document(ComicFactory(price_amount=1070)))
    assert paid.json()["data"]["attributes"]["vat"]["reverse_charge"] is True  # not lost


@pytest.mark.parametrize("by_cart", [False, True], ids=["comics", "cart"])
def test_an_order_a_code_leaves_something_to_pay_without_a_country_keeps_the_last_business(
    client, customer, settings, by_cart
):
    settings.TAX_SELLER_COUNTRY = "IE"
    business_declared_last(customer)
    checks = queued_jobs({check_vat_number.name})
    make_code("HALF", percent_off=50)
    comic = ComicFactory(price_amount=2140)
    document = order_document(comic)
    if by_cart:
        with system_scope():
            cart_add_comic(customer=customer, comic=comic)
        document = from_cart()

    response = post(client, with_code(document, "HALF"))

    assert response.status_code == 201, response.content
    attributes = response.json()["data"]["attributes"]
    assert (attributes["total_amount"], attributes["vat"]["reverse_charge"]) == (1000, True)
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order_id=response.json()["data"]["id"])
    assert (evidence.vat_number, evidence.business_name) == (
        "DE136695976",
        BUSINESS["business_name"],
    )
    assert len(queued_jobs({check_vat_number.name})) == len(checks) + 1


def test_an_order_with_something_to_pay_cannot_be_completed_free(client):
    created = post(client, order_document(ComicFactory(price_amount=799))).json()

    response = client.post(f"/api/v1/orders/{created['data']['id']}/complete-free")

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "not_free"
    assert "complete_free_url" not in created["meta"]["payment"]


def test_a_free_series_completion_whose_price_no_longer_holds_is_refused_as_its_payment_is(
    client, customer
):
    """Found by outside testers: a 100 % code made it free, and completing it skipped the
    check a payment makes (the comic the completion price relied on was refunded since)."""
    order = free_completion(refunded=True, customer=customer)

    response = client.post(f"/api/v1/orders/{order.pk}/complete-free")

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "completion_lapsed"
    assert (
        "you no longer do, so that price no longer holds" in response.json()["errors"][0]["detail"]
    )


def test_free_orders_through_the_api_share_the_sites_limit(client, throttle_rates):
    throttle_rates("free_order_account", 1, seconds=3600)
    free = [ComicFactory(price_amount=0) for _ in range(2)]
    urls = [post(client, order_document(comic)).json()["meta"]["payment"] for comic in free]

    statuses = [client.post(url["complete_free_url"]).status_code for url in urls]

    assert statuses == [200, 429]


def test_retries_of_a_free_orders_completion_count_once_against_the_limit(client, throttle_rates):
    """Found by an outside probe: a completion and four retries used up the hour's free
    orders, as an `Idempotency-Key`'s replays do not."""
    throttle_rates("free_order_account", 2, seconds=3600)
    free = [ComicFactory(price_amount=0) for _ in range(2)]
    urls = [post(client, order_document(comic)).json()["meta"]["payment"] for comic in free]

    retried = [client.post(urls[0]["complete_free_url"]).status_code for _ in range(5)]
    next_order = client.post(urls[1]["complete_free_url"])

    assert retried == [200] * 5
    assert next_order.status_code == 200


def test_refused_completions_of_a_free_order_count_nothing_against_the_limit(
    client, throttle_rates
):
    """Outside probe DS-1: a free comic completed once, then four refused completions of a
    second order of it (already in the library) used up the hour's free orders."""
    throttle_rates("free_order_account", 2, seconds=3600)
    owned, other = ComicFactory(price_amount=0), ComicFactory(price_amount=0)
    urls = [
        post(client, order_document(comic)).json()["meta"]["payment"]["complete_free_url"]
        for comic in (owned, owned, other)
    ]

    first = client.post(urls[0])
    refused = [client.post(urls[1]).status_code for _ in range(4)]
    next_order = client.post(urls[2])

    assert (first.status_code, refused) == (200, [409] * 4)
    assert next_order.status_code == 200


def test_every_unknown_member_of_a_document_is_refused_with_its_own_error(client):
    """Found by an outside probe: only the first of several unknown members was reported."""
    document = order_document(ComicFactory(price_amount=999))
    document["data"]["attributes"] = {"discount_cod": "HALF", "note": "gift"}
    document["data"]["relationships"]["comic"] = {"data": None}
    document["data"]["attribute"] = {}
    document["metta"] = {}

    response = post(client, document)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {error["source"]["pointer"] for error in errors} == {
        "/metta",
        "/data/attribute",
        "/data/attributes/discount_cod",
        "/data/attributes/note",
        "/data/relationships/comic",
    }
    for error in errors:
        member = error["source"]["pointer"].rsplit("/", 1)[1]
        assert f"no {member}:" in error["detail"] or f"no member {member!r}:" in error["detail"]
    assert order_count() == 0


def test_unknown_members_of_a_relationship_and_of_its_identifiers_are_refused(client):
    """Found by an outside probe: they were dropped and the order placed."""
    comic = ComicFactory()
    document = order_document(comic)
    document["data"]["relationships"]["comics"]["mata"] = {}
    document["data"]["relationships"]["comics"]["data"][0]["bar"] = 1

    response = post(client, document)

    assert response.status_code == 400
    assert error_pointers(response) == {
        "/data/relationships/comics/mata",
        "/data/relationships/comics/data/0/bar",
    }
    assert order_count() == 0


def test_a_document_with_many_unknown_members_gets_twenty_errors(client):
    document = order_document(ComicFactory())
    document["data"]["attributes"] = {f"field{n:03}": n for n in range(500)}

    response = post(client, document)

    assert response.status_code == 400
    assert len(response.json()["errors"]) == 20
    assert order_count() == 0


@pytest.mark.parametrize("attributes", [[1], None, "x"])
def test_attributes_that_are_no_object_are_refused_pointing_at_them(client, attributes):
    document = order_document(ComicFactory())
    document["data"]["attributes"] = attributes

    response = post(client, document)

    assert response.status_code == 400
    assert error_pointers(response) == {"/data/attributes"}
    assert order_count() == 0


@pytest.mark.parametrize("code", [5, 5.5, True, ["TENOFF"], {"code": "TENOFF"}])
def test_a_discount_code_that_is_no_json_string_is_a_400_pointing_at_it(client, code):
    """Found by an outside probe: `discount_code: 5` was a 422 "No such code.", where other
    wrong types are a 400."""
    make_code("5", percent_off=10)

    response = post(client, with_code(order_document(ComicFactory()), code))

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["source"] == {"pointer": "/data/attributes/discount_code"}
    assert error["detail"] == "Not a valid string."
    assert order_count() == 0


@pytest.mark.parametrize("typed", ["ÜBER", "€€€", "$$$"])
def test_a_code_holding_what_no_code_holds_is_refused_not_read_without_it(client, typed):
    """Outside probe HQ-2: `ÜBER` was looked up as BER; `€€€` spelled no code, and the
    order was placed at full price as if none had been sent (HR-1: so was `$$$`)."""
    make_code("BER", percent_off=50)

    response = post(client, with_code(order_document(ComicFactory(price_amount=999)), typed))

    assert response.status_code == 422
    assert response.json()["errors"][0]["detail"] == "No such code."
    assert order_count() == 0


def test_a_code_of_a_mark_that_prints_nothing_alone_is_no_code(client):
    """Outside probe GT-7: a lone zero-width space answered 422 "No such code.", where
    spaces alone place the order at full price, as the cart takes them."""
    response = post(client, with_code(order_document(ComicFactory(price_amount=999)), "\u200b"))

    assert response.status_code == 201, response.content
    assert response.json()["data"]["attributes"]["total_amount"] == 999
