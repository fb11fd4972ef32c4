import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.tests.helpers import JSON_API, error_pointers, order_count, order_document
from backoffice.staff_groups import SUPPORT
from morpheus.db_context import system_scope
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.api_fixtures import api_token_secret
from morpheus_testing.factories import BUSINESS, ComicFactory, UserFactory, create_order
from morpheus_testing.geoip import geoip_database
from orders import services
from orders.buyer import BuyerDeclaration
from orders.models import CartItem
from payments.messages import UNAVAILABLE
from promotions.tests.factories import make_code
from tax.models import OrderTaxEvidence
from tax.services import evidence_card_country_record

COMICS = "/data/relationships/comics"


def post(client, document, *, query: str = ""):
    return client.post(f"/api/v1/orders{query}", json.dumps(document), content_type=JSON_API)


@pytest.mark.django_db
def test_creating_from_comic_ids_returns_the_pending_order_and_how_to_pay_it(client, customer):
    first, second = ComicFactory(price_amount=300), ComicFactory(price_amount=450)

    response = post(client, order_document(first, second))

    assert response.status_code == 201
    assert response["Content-Type"] == JSON_API
    body = response.json()
    assert body["data"]["type"] == "orders"
    assert body["data"]["attributes"]["status"] == "pending"
    assert body["data"]["attributes"]["total_amount"] == 750
    assert len(body["data"]["relationships"]["items"]["data"]) == 2
    payment = body["meta"]["payment"]
    number = body["data"]["attributes"]["number"]
    assert payment["pay_url"] == f"http://testserver/orders/{number}/pay/"
    assert (payment["amount"], payment["currency"]) == (750, "EUR")
    assert payment["setup_intent_client_secret"] is None
    assert payment["unavailable_reason"] == UNAVAILABLE


@pytest.mark.django_db
def test_creating_from_comic_ids_leaves_the_cart_alone(client, customer):
    in_cart = ComicFactory()
    with system_scope():
        services.cart_add_comic(customer=customer, comic=in_cart)

    response = post(client, order_document(ComicFactory()))

    assert response.status_code == 201
    with system_scope():
        assert CartItem.objects.filter(cart__customer=customer).count() == 1


@pytest.mark.django_db
def test_creating_from_the_cart_orders_its_comics_and_empties_it(client, customer):
    comics = [ComicFactory(), ComicFactory()]
    with system_scope():
        for comic in comics:
            services.cart_add_comic(customer=customer, comic=comic)

    response = post(client, {"data": {"type": "orders", "attributes": {"from_cart": True}}})

    assert response.status_code == 201
    items = response.json()["data"]["relationships"]["items"]["data"]
    assert len(items) == 2
    with system_scope():
        assert not CartItem.objects.filter(cart__customer=customer).exists()


@pytest.mark.django_db
def test_creating_from_an_empty_cart_is_refused_as_a_domain_error(client):
    response = post(client, {"data": {"type": "orders", "attributes": {"from_cart": True}}})

    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "empty_cart"
    assert order_count() == 0


@pytest.mark.django_db
def test_the_payment_meta_carries_a_setup_intent_client_secret_when_stripe_answers(
    client, stripe_settings
):
    response = post(client, order_document(ComicFactory()))

    payment = response.json()["meta"]["payment"]
    assert payment["setup_intent_client_secret"].startswith("seti_")
    assert payment["stripe_publishable_key"] == stripe_settings.STRIPE_PUBLISHABLE_KEY
    assert payment["unavailable_reason"] is None


@pytest.mark.django_db
def test_the_payment_meta_counts_against_the_customers_card_check_limit(
    client, stripe_settings, throttle_rates
):
    throttle_rates("setup_intent_account", 1, seconds=3600)

    first = post(client, order_document(ComicFactory())).json()["meta"]["payment"]
    second = post(client, order_document(ComicFactory())).json()["meta"]["payment"]

    assert first["setup_intent_client_secret"].startswith("seti_")
    assert second["setup_intent_client_secret"] is None
    assert second["unavailable_reason"] == "Too many card checks. Please try again in 60 minutes."


def identifiers(*values):
    return {"data": {"type": "orders", "relationships": {"comics": {"data": list(values)}}}}


def _with_relationship(name: str, relationship: dict) -> dict:
    document = identifiers({"type": "comics", "id": "4"})
    document["data"]["relationships"][name] = relationship
    return document


INVALID_DOCUMENTS = {
    "empty list": (identifiers(), COMICS),
    "neither comics nor cart": ({"data": {"type": "orders", "attributes": {}}}, COMICS),
    "comic id not a number": (identifiers({"type": "comics", "id": "abc"}), COMICS),
    "identifier not an object": (identifiers(7), COMICS),
    # Outside probes EY-1 to EY-3: each was dropped without a word, or a 409 of type None.
    "linkage a string": (
        {"data": {"type": "orders", "relationships": {"comics": {"data": "4"}}}},
        COMICS,
    ),
    "code sent as a relationship": (
        _with_relationship("discount_code", {"data": "WELCOME10"}),
        "/data/relationships/discount_code",
    ),
    "country sent as a relationship": (
        _with_relationship("country", {"data": {"type": "countries", "id": "DE"}}),
        "/data/relationships/country",
    ),
    "comics sent as an attribute": (
        {"data": {"type": "orders", "attributes": {"comics": [{"type": "comics", "id": "4"}]}}},
        "/data/attributes/comics",
    ),
    "no type": ({"data": {"relationships": identifiers()["data"]["relationships"]}}, "/data/type"),
    "type not a string": ({"data": {**identifiers()["data"], "type": 5}}, "/data/type"),
    "from_cart not a boolean": (
        {"data": {"type": "orders", "attributes": {"from_cart": "sometimes"}}},
        "/data/attributes/from_cart",
    ),
    # What DRF's own boolean took for true: JSON has true, and the schema says boolean.
    **{
        f"from_cart {value!r}": (
            {"data": {"type": "orders", "attributes": {"from_cart": value}}},
            "/data/attributes/from_cart",
        )
        for value in ("yes", "true", 1, "on")
    },
    "oversized list": (
        identifiers(
            *(
                {"type": "comics", "id": str(n)}
                for n in range(settings.API_MAX_COMICS_PER_ORDER + 1)
            )
        ),
        COMICS,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", INVALID_DOCUMENTS, ids=list(INVALID_DOCUMENTS))
def test_invalid_documents_get_errors_pointing_at_the_culprit_and_create_nothing(client, case):
    document, pointer = INVALID_DOCUMENTS[case]

    response = post(client, document)

    assert response.status_code == 400
    assert response["Content-Type"] == JSON_API
    assert pointer in error_pointers(response)
    assert order_count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("identifier", "status"),
    [
        pytest.param({"type": "comics", "id": "999999"}, 404, id="no-such-comic-is-404"),
        pytest.param({"type": "comics", "id": "9" * 5000}, 404, id="an-id-beyond-any-comic-404"),
        pytest.param({"type": "orders", "id": "1"}, 400, id="another-type-is-400"),
    ],
)
def test_a_missing_comic_or_another_type_is_refused_pointing_at_the_relationship(
    client, identifier, status
):
    response = post(client, identifiers(identifier))

    assert response.status_code == status
    assert error_pointers(response) == {COMICS}
    assert order_count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("identifier", "shown"), [("999999", "999999"), ("9" * 25, "9" * 19 + "…")]
)
def test_a_missing_comic_is_one_code_in_the_shops_words_whatever_its_id(client, identifier, shown):
    """Outside probe GA-4: `does_not_exist` for a short id, `not_found` for a long one, each
    in Django REST framework's words ("Invalid pk ... - object does not exist.")."""
    response = post(client, identifiers({"type": "comics", "id": identifier}))

    (error,) = response.json()["errors"]
    assert (error["code"], error["detail"]) == ("not_found", f"There is no comic {shown}.")


@pytest.mark.django_db
def test_a_comic_listed_twice_is_refused_naming_it_not_merged(client):
    """Outside probe HO-2: a 201 with one item, where the schema says each comic once."""
    comic = {"type": "comics", "id": str(ComicFactory().pk)}

    response = post(
        client, identifiers(comic, {"type": "comics", "id": str(ComicFactory().pk)}, comic)
    )

    assert response.status_code == 400
    assert error_pointers(response) == {COMICS}
    assert [error["detail"] for error in response.json()["errors"]] == [
        f"Each comic once: comic {comic['id']} is listed twice."
    ]
    assert order_count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "identifier",
    [
        {"type": "comics", "id": 1},
        {"type": "comic", "id": "1"},
        {"type": "comics", "id": None},
        {"type": "comics", "id": "7" * 5000},
    ],
    ids=["a-number", "another-type", "no-id", "no-such-comic"],
)
def test_an_identifier_listed_twice_gets_the_refusal_it_gets_alone(client, identifier):
    """Outside probe HP-1: "Each comic once: comic None is listed twice" of identifiers that
    name no comic, a 5,000-digit id quoted back in full."""
    alone = post(client, identifiers(identifier))
    twice = post(client, identifiers(identifier, identifier))

    assert twice.status_code == alone.status_code != 201
    assert twice.json()["errors"] == alone.json()["errors"]
    assert len(twice.content) < 1000


@pytest.mark.django_db
def test_comics_given_as_one_identifier_instead_of_a_list_are_refused_as_such(client):
    """Found by an outside probe: the answer said a comic's id is a string of digits."""
    one = {"type": "comics", "id": str(ComicFactory().pk)}

    response = post(
        client, {"data": {"type": "orders", "relationships": {"comics": {"data": one}}}}
    )

    assert response.status_code == 400
    assert error_pointers(response) == {COMICS}
    assert [error["detail"] for error in response.json()["errors"]] == [
        'A list of comics, such as [{"type": "comics", "id": "4"}].'
    ]
    assert order_count() == 0


@pytest.mark.django_db
def test_comics_costing_more_than_a_card_is_charged_at_once_are_refused_as_a_domain_error(client):
    comics = [ComicFactory(price_amount=60_000_000, currency="EUR") for _ in range(2)]

    response = post(client, order_document(*comics))

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["code"] == "above_maximum_charge"
    assert "more than a card can be charged at once (€999,999.99)" in error["detail"]
    assert order_count() == 0


@pytest.mark.django_db
def test_a_code_bringing_comics_under_what_a_card_is_charged_at_once_orders_them(client):
    """Outside probe CH-1: refused with the full price before the code was taken off."""
    comics = [ComicFactory(price_amount=60_000_000, currency="EUR") for _ in range(2)]
    make_code("HALF", percent_off=50)
    document = order_document(*comics)
    document["data"]["attributes"] = {"discount_code": "HALF"}

    response = post(client, document)

    assert response.status_code == 201, response.json()
    assert response.json()["data"]["attributes"]["total_amount"] == 60_000_000


@pytest.mark.django_db
def test_an_inactive_comic_is_refused_for_what_it_names_with_a_pointer(client):
    """Outside probe HJ-4: a 400 worded "No longer for sale: comics 4.", where a
    schema-valid document refused for what it names is a 422."""
    retired = ComicFactory(is_active=False, title="Ghost in the Margins")

    response = post(client, order_document(ComicFactory(), retired))

    assert response.status_code == 422
    assert error_pointers(response) == {COMICS}
    assert response.json()["errors"][0]["detail"] == (
        f"No longer for sale: Ghost in the Margins (comic {retired.pk})."
    )
    assert order_count() == 0


@pytest.mark.django_db
def test_a_comic_without_a_file_is_refused_with_a_pointer(client):
    unfinished = ComicFactory(file=False)

    response = post(client, order_document(unfinished))

    assert response.status_code == 422
    assert error_pointers(response) == {COMICS}
    assert f"(comic {unfinished.pk})" in response.json()["errors"][0]["detail"]
    assert order_count() == 0


@pytest.mark.django_db
def test_a_comic_named_twice_is_ordered_once(client, customer):
    """The API's fuzz test found two identifiers of one comic, one with `meta`, that its
    schema allows (they differ) refused as a duplicate."""
    comic = ComicFactory(price_amount=300)
    document = order_document(comic, comic)
    document["data"]["relationships"]["comics"]["data"][1]["meta"] = {}

    response = post(client, document)

    assert response.status_code == 201
    assert response.json()["data"]["attributes"]["total_amount"] == 300
    assert len(response.json()["data"]["relationships"]["items"]["data"]) == 1


@pytest.mark.django_db
def test_comics_and_cart_together_are_refused(client):
    document = order_document(ComicFactory())
    document["data"]["attributes"] = {"from_cart": True}

    response = post(client, document)

    assert response.status_code == 400
    assert error_pointers(response) == {COMICS}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "document",
    [[], {"meta": {}}, {"data": []}, {"data": {"type": "orders", "relationships": []}}],
    ids=["array", "no data", "data is an array", "relationships is an array"],
)
def test_malformed_documents_are_400_errors(client, document):
    response = post(client, document)

    assert response.status_code == 400
    assert response.json()["errors"][0]["status"] == "400"
    assert order_count() == 0


@pytest.mark.django_db
def test_a_document_of_another_type_is_a_conflict(client):
    document = order_document(ComicFactory())
    document["data"]["type"] = "comics"

    assert post(client, document).status_code == 409
    assert order_count() == 0


@pytest.mark.django_db
def test_an_oversized_body_is_refused_before_parsing(client):
    document = order_document(ComicFactory())
    document["data"]["attributes"] = {"padding": "x" * settings.API_MAX_DOCUMENT_BYTES}

    response = post(client, document)

    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "payload_too_large"
    assert order_count() == 0


@pytest.mark.django_db
def test_order_creation_is_rate_limited_per_customer(client, throttle_rates, token_client):
    throttle_rates("api_order_create", 2, seconds=3600)
    comic = ComicFactory()

    responses = [post(client, order_document(comic)) for _ in range(3)]
    statuses = [response.status_code for response in responses]
    limited = responses[-1]
    someone_else = post(token_client(UserFactory()), order_document(comic))

    assert statuses == [201, 201, 429]
    assert limited.json()["errors"][0]["status"] == "429"
    # Worded as the API's other limits, not "Request was throttled. Expected available in
    # 3600 seconds." (found by an outside probe).
    assert (
        limited.json()["errors"][0]["detail"] == "Too many orders. Please try again in 60 minutes."
    )
    assert 3590 <= int(limited["Retry-After"]) <= 3600
    assert someone_else.status_code == 201
    assert order_count() == 3


@pytest.mark.django_db
def test_a_refused_order_document_counts_against_the_limit_too(client, throttle_rates):
    """The limit is on what a customer asks of the API, not only on what it places: a client
    sending refused documents in a loop is held back as one placing orders would be."""
    throttle_rates("api_order_create", 2, seconds=3600)
    comic = ComicFactory()
    refused = post(client, {**order_document(comic), "metta": {}})

    statuses = [post(client, order_document(comic)).status_code for _ in range(2)]

    assert refused.status_code == 400
    assert statuses == [201, 429]
    assert order_count() == 1


@pytest.mark.django_db
def test_a_token_client_is_counted_though_it_sends_no_csrf_token(throttle_rates, customer):
    """The API is exempt from Django's CSRF check (its tokens are no cookie): the limits
    that count only what passes that check still count every order it creates."""
    throttle_rates("api_order_create", 2, seconds=3600)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_secret(customer)}")
    comic = ComicFactory()

    statuses = [post(client, order_document(comic)).status_code for _ in range(3)]

    assert statuses == [201, 201, 429]


@pytest.mark.django_db
def test_anonymous_callers_cannot_create_orders(db):
    from rest_framework.test import APIClient

    response = post(APIClient(), order_document(ComicFactory()))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert order_count() == 0


def raw_post(client, body: str):
    return client.post("/api/v1/orders", body, content_type=JSON_API)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "identifier",
    ["4.99", "1e400", "-1e400", "4", '"\uff14"', '" 4 "', "null", '"4.5"', '"04"', '"0"'],
)
def test_a_comic_id_that_is_not_a_string_of_digits_is_refused(client, customer, identifier):
    comic = ComicFactory(pk=4, price_amount=899)
    body = (
        '{"data": {"type": "orders", "relationships": {"comics": {"data": '
        f'[{{"type": "comics", "id": {identifier}}}]}}}}}}}}'
    )

    response = raw_post(client, body)

    assert response.status_code == 400, response.content
    assert COMICS in "".join(error_pointers(response))
    assert order_count() == 0
    assert comic.pk == 4


@pytest.mark.django_db
def test_a_document_nested_deeper_than_the_decoder_goes_is_a_400(client, customer):
    depth = 5000
    body = '{"data": {"type": "orders", "attributes": {"x": ' + "[" * depth + "]" * depth + "}}}"

    response = raw_post(client, body)

    assert response.status_code == 400
    assert response["Content-Type"] == JSON_API


@pytest.mark.django_db
@pytest.mark.parametrize("from_cart", [False, True])
def test_an_order_placed_through_the_api_keeps_the_buyers_vat_number_and_its_reverse_charge(
    client, customer, settings, from_cart
):
    """Outside probe BE (BE-6): the API's document has no country nor VAT number, and its
    orders took the country a German business declared last but not its number: German VAT,
    added on top of net prices, instead of reverse charge."""
    settings.TAX_SELLER_COUNTRY = "IE"
    settings.TAX_PRICES_INCLUDE_TAX = False
    create_order(
        customer=customer,
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
    )
    comic = ComicFactory(price_amount=1000)
    document = order_document(comic)
    if from_cart:
        with system_scope():
            services.cart_add_comic(customer=customer, comic=comic)
        document = {"data": {"type": "orders", "attributes": {"from_cart": True}}}

    response = post(client, document)

    assert response.status_code == 201
    assert response.json()["data"]["attributes"]["total_amount"] == 1000
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order_id=response.json()["data"]["id"])
    assert (evidence.declared_country, evidence.vat_number, evidence.reverse_charge) == (
        "DE",
        "DE136695976",
        True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("from_cart", [False, True])
def test_an_order_without_a_country_after_a_vat_number_declared_without_the_business_is_refused(
    client, customer, from_cart
):
    """Outside probe BK-4: a VAT number declared before checkouts asked for the business's
    name and address (tax 0015 left them empty) was taken again: reverse charge, and an
    invoice naming no business."""
    placed = create_order(
        customer=customer,
        declaration=BuyerDeclaration(country="FR", vat_number="FR40303265045", **BUSINESS),
    )
    with system_scope():
        OrderTaxEvidence.objects.filter(order=placed).update(business_name="", billing_address="")
    comic = ComicFactory()
    document = order_document(comic)
    if from_cart:
        with system_scope():
            services.cart_add_comic(customer=customer, comic=comic)
        document = {"data": {"type": "orders", "attributes": {"from_cart": True}}}

    response = post(client, document)

    assert response.status_code == 422
    assert error_pointers(response) == {"/data/attributes/business_name"}
    assert response.json()["errors"][0]["detail"] == (
        "The VAT number FR40303265045 declared last came without the business_name and "
        "billing_address the invoice must name: send them with the country and vat_number (or "
        "send a country without a vat_number)."
    )
    assert order_count() == 1
    if from_cart:
        with system_scope():
            assert CartItem.objects.filter(cart__customer=customer).count() == 1

    document = order_document(comic)
    document["data"]["attributes"] = {
        "country": "FR",
        "vat_number": "FR40303265045",
        **BUSINESS,
    }
    assert post(client, document).status_code == 201  # declared again, with the business
    assert post(client, order_document(ComicFactory())).status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize("from_cart", [False, True])
def test_an_order_placed_through_the_api_has_its_ip_country_as_vat_evidence(
    client, customer, staff_groups, tmp_path, settings, from_cart
):
    """Left from BE-6's fix: the API's orders took the last declared country but recorded
    no IP country, so a card from elsewhere held an order placed from the declared country,
    which a cart checkout from the same address would not have."""
    settings.GEOIP_PATH = str(geoip_database(tmp_path / "ip.mmdb", {"198.51.100.0/24": "DE"}))
    create_order(customer=customer, declaration=BuyerDeclaration(country="DE"))
    comic = ComicFactory()
    document = order_document(comic)
    if from_cart:
        with system_scope():
            services.cart_add_comic(customer=customer, comic=comic)
        document = {"data": {"type": "orders", "attributes": {"from_cart": True}}}

    response = client.post(
        "/api/v1/orders", json.dumps(document), content_type=JSON_API, REMOTE_ADDR="198.51.100.7"
    )
    order_id = int(response.json()["data"]["id"])
    evidence_card_country_record(order_id=order_id, card_country="FR", actor="stripe:evt_1")

    staff = Client()
    staff.force_login(staff_user(SUPPORT))
    page = staff.get(reverse("admin:orders_order_change", args=[order_id])).text
    panel = page.split('id="vat-evidence"')[1].split("</section>")[0]
    assert 'data-testid="declaration-not-asked"' in panel
    assert "<tr><th>Card issued in</th><td>France (FR)</td></tr>" in panel
    assert "<tr><th>IP address in</th><td>Germany (DE)</td></tr>" in panel
    assert '<span class="bo-muted">Nothing to decide</span>' in panel
    assert "VAT evidence conflict" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("from_cart", [False, True])
def test_a_business_declares_its_country_and_vat_number_with_the_order_and_pays_no_vat(
    client, customer, settings, from_cart
):
    """Outside probe (IO): the document took no country nor VAT number, so a reader app's
    business customer, who never declared one, paid Irish VAT, added on top of net prices,
    instead of reverse charge."""
    settings.TAX_SELLER_COUNTRY = "IE"
    settings.TAX_DEFAULT_COUNTRY = "IE"
    settings.TAX_PRICES_INCLUDE_TAX = False
    comic = ComicFactory(price_amount=1000)
    document = order_document(comic)
    if from_cart:
        with system_scope():
            services.cart_add_comic(customer=customer, comic=comic)
        document = {"data": {"type": "orders", "attributes": {"from_cart": True}}}
    document["data"]["attributes"] = {
        **document["data"].get("attributes", {}),
        "country": "DE",
        "vat_number": "DE 136 695 976",
        **BUSINESS,
    }

    response = post(client, document)

    assert response.status_code == 201
    attributes = response.json()["data"]["attributes"]
    assert attributes["total_amount"] == 1000
    assert (attributes["vat"]["country"], attributes["vat"]["reverse_charge"]) == ("DE", True)
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order_id=response.json()["data"]["id"])
    assert (evidence.declared_country, evidence.vat_number, evidence.asked) == (
        "DE",
        "DE136695976",
        True,
    )
    assert (evidence.business_name, evidence.billing_address) == (
        BUSINESS["business_name"],
        BUSINESS["billing_address"],
    )


@pytest.mark.django_db
def test_a_customer_who_moved_declares_their_new_country_and_its_pay_page_takes_it_as_asked(
    client, customer, tmp_path, settings
):
    """A customer who declared Germany last and has moved to France is charged French VAT,
    with the request's IP country as evidence, and their pay page does not say the order
    took their last declaration."""
    settings.GEOIP_PATH = str(geoip_database(tmp_path / "ip.mmdb", {"198.51.100.0/24": "FR"}))
    settings.TAX_PRICES_INCLUDE_TAX = True
    create_order(customer=customer, declaration=BuyerDeclaration(country="DE"))
    document = order_document(ComicFactory(price_amount=1055))
    document["data"]["attributes"] = {"country": "FR"}

    response = client.post(
        "/api/v1/orders", json.dumps(document), content_type=JSON_API, REMOTE_ADDR="198.51.100.7"
    )

    assert response.status_code == 201
    vat = response.json()["data"]["attributes"]["vat"]
    assert (vat["country"], vat["rate"], vat["amount"]) == ("FR", "5.50", 55)
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order_id=response.json()["data"]["id"])
    assert (evidence.declared_country, evidence.ip_country, evidence.asked) == ("FR", "FR", True)
    browser = Client()
    browser.force_login(customer)
    number = response.json()["data"]["attributes"]["number"]
    page = browser.get(f"/orders/{number}/pay/").text
    assert "Bought without the cart" not in page
    assert 'data-testid="declaration-not-asked"' not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("attributes", "status", "attribute", "detail"),
    [
        (
            {"country": "US"},
            422,
            "country",
            "US is not one of the countries you can choose: send the country you live in, one of ",
        ),
        (
            {"country": "FR", "vat_number": "DE136695976", **BUSINESS},
            422,
            "vat_number",
            "VAT number DE136695976 is from Germany, not from France: send DE as the country "
            "you live in to use it.",
        ),
        (
            {"country": "DE", "vat_number": "DE123", **BUSINESS},
            422,
            "vat_number",
            "DE123 is not a valid EU VAT number.",
        ),
        (
            {"vat_number": "DE136695976", **BUSINESS},
            422,
            "country",
            "Give the country you live in with your VAT number.",
        ),
        (
            {"country": "DE", "vat_number": "DE136695976"},
            422,
            "business_name",
            "To buy with a VAT number, send the business_name and billing_address too",
        ),
        (
            {"country": "DE", "vat_number": "DE136695976", "business_name": "Acme GmbH"},
            422,
            "billing_address",
            "To buy with a VAT number, send the billing_address too",
        ),
        (
            {"country": "DE", "vat_number": "DE136695976", "billing_address": "1 Main St"},
            422,
            "business_name",
            "To buy with a VAT number, send the business_name too",
        ),
        # Outside probe BK-6: as the cart's checkout refuses them.
        (
            {"country": "DE", "vat_number": "DE136695976", **BUSINESS, "business_name": "\u202eX"},
            422,
            "business_name",
            "business_name holds a control or format character",
        ),
        # Outside probe BL-4: a 201 with an invoice naming no business.
        (
            {"country": "DE", "vat_number": "DE136695976", **BUSINESS, "business_name": "\u200b"},
            422,
            "business_name",
            "business_name holds a control or format character (Unicode category Cc or Cf",
        ),
        (
            {"country": "DE", "vat_number": "DE136695976", **BUSINESS, "billing_address": "\u200b"},
            422,
            "billing_address",
            "billing_address holds a control or format character",
        ),
        # Outside probe BM-2: a 201 for a name or address of letters or symbols that print
        # nothing.
        *(
            (
                {"country": "DE", "vat_number": "DE136695976", **BUSINESS, field: blank},
                422,
                field,
                f"{field} holds a control or format character",
            )
            for field, blank in (
                ("business_name", "\u3164"),
                ("billing_address", "\u2800"),
                ("business_name", "\u115f\u1160"),
                ("billing_address", "\uffa0"),
            )
        ),
        (
            {"country": "DE", "vat_number": "DE136695976", **BUSINESS, "business_name": "A\u200fB"},
            422,
            "business_name",
            "business_name holds a control or format character",
        ),
        (
            {"country": "DE", "vat_number": "DE136695976", **BUSINESS, "billing_address": "a\tb"},
            422,
            "billing_address",
            "billing_address holds a control or format character",
        ),
        (
            {
                "country": "DE",
                "vat_number": "DE136695976",
                **BUSINESS,
                "billing_address": "a\n" * 249 + "Z",
            },
            422,
            "billing_address",
            'billing_address can be at most 6 lines long (lines separated by "\\n").',
        ),
        # Outside probe BL-11: outside the schema (its maxLength, its pattern), a 400 as the
        # schema says, pointing at the attribute as the 422s do.
        (
            {"country": "DE", "vat_number": "DE136695976", **BUSINESS, "business_name": "A\x00B"},
            400,
            "business_name",
            "Null characters are not allowed.",
        ),
        (
            {"country": "DE", "vat_number": "DE136695976", **BUSINESS, "business_name": "A" * 201},
            400,
            "business_name",
            "Ensure this field has no more than 200 characters.",
        ),
        ({"country": "de"}, 400, "country", "A country is its ISO 3166-1 alpha-2 code"),
        ({"country": "DEU"}, 400, "country", "A country is its ISO 3166-1 alpha-2 code"),
        ({"country": 49}, 400, "country", "Not a valid string."),
        ({"country": "DE", "vat_number": 136695976}, 400, "vat_number", "Not a valid string."),
    ],
)
def test_a_country_or_vat_number_the_checkout_would_refuse_is_refused_pointing_at_it(
    client, attributes, status, attribute, detail
):
    document = order_document(ComicFactory())
    document["data"]["attributes"] = attributes

    response = post(client, document)

    assert response.status_code == status
    assert error_pointers(response) == {f"/data/attributes/{attribute}"}
    assert response.json()["errors"][0]["detail"].startswith(detail)
    assert order_count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("from_cart", [False, True])
def test_a_vat_number_vies_refused_before_is_refused_with_422_keeping_the_cart(
    client, customer, from_cart
):
    """Outside probe BL (BL-1): a number VIES had refused bought again at the business
    price, each price less its VAT."""
    refused = create_order(
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    )
    with system_scope():
        OrderTaxEvidence.objects.filter(order=refused).update(
            vies_status="invalid", vies_checked_at=timezone.now()
        )
    comic = ComicFactory()
    document = order_document(comic)
    if from_cart:
        with system_scope():
            services.cart_add_comic(customer=customer, comic=comic)
        document = {"data": {"type": "orders", "attributes": {"from_cart": True}}}
    document["data"].setdefault("attributes", {}).update(
        {"country": "DE", "vat_number": "DE136695976", **BUSINESS}
    )

    response = post(client, document)

    assert response.status_code == 422
    assert error_pointers(response) == {"/data/attributes/vat_number"}
    assert response.json()["errors"][0]["detail"] == (
        "VIES says VAT number DE136695976 is not valid: check it, or send no vat_number."
    )
    assert order_count() == 1
    if from_cart:
        with system_scope():
            assert CartItem.objects.filter(cart__customer=customer).count() == 1
