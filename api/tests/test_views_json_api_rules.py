"""The JSON:API 1.0 specification's MUSTs, one test per rule."""

import json

import pytest
from rest_framework.test import APIClient

from api.tests.helpers import JSON_API, order_count, order_document
from morpheus_testing.factories import ComicFactory, UserFactory, create_order


@pytest.mark.django_db
def test_a_post_with_a_client_generated_id_is_403_forbidden(client):
    document = order_document(ComicFactory())
    document["data"]["id"] = "42"

    response = client.post("/api/v1/orders", json.dumps(document), content_type=JSON_API)

    assert response.status_code == 403
    assert response.json()["errors"][0]["source"] == {"pointer": "/data/id"}
    assert order_count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("parameters", ["; charset=utf-8", '; ext="bulk"', "; profile=x"])
def test_a_content_type_with_media_type_parameters_is_415_unsupported(client, parameters):
    response = client.post(
        "/api/v1/orders",
        json.dumps(order_document(ComicFactory())),
        content_type=JSON_API + parameters,
    )

    assert response.status_code == 415
    assert response["Content-Type"] == JSON_API
    assert order_count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", ["text/plain", "application/json", ""])
def test_a_body_of_another_media_type_or_none_is_415_saying_which_to_send(client, content_type):
    """Found by an outside probe: a body sent without a Content-Type was told "Unsupported
    media type "text/plain"", the development server's default, which it never sent."""
    document = json.dumps(order_document(ComicFactory()))

    response = client.generic("POST", "/api/v1/orders", document, content_type=content_type)

    assert response.status_code == 415
    assert response.json()["errors"][0]["detail"] == (
        'Send the request body as JSON:API, with the header "Content-Type: '
        'application/vnd.api+json".'
    )
    assert order_count() == 0


@pytest.mark.django_db
def test_a_content_length_that_is_not_a_number_is_read_as_no_body(client, customer):
    order = create_order(customer=customer)

    response = client.post(f"/api/v1/orders/{order.pk}/cancel", CONTENT_LENGTH="many")

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["cancel", "complete-free", "payments/1/authenticate"])
@pytest.mark.parametrize(
    ("body", "content_type"),
    [("hello", "text/plain"), ('{"data": {"type": "orders"}}', JSON_API)],
    ids=["text", "document"],
)
def test_a_body_sent_to_an_operation_that_takes_none_is_400_and_nothing_done(
    client, customer, action, body, content_type
):
    """Outside probe EG-5: a cancel sent with a reason, or as text, was done and its body
    dropped unsaid; FH-6: so was a payment document sent to `authenticate`."""
    order = create_order(customer=customer, comics=[ComicFactory(price_amount=0)])

    response = client.generic(
        "POST", f"/api/v1/orders/{order.pk}/{action}", body, content_type=content_type
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == (
        "This operation takes no request body: send none."
    )
    order.refresh_from_db()
    assert order.status == "pending"


@pytest.mark.django_db
def test_a_content_type_with_parameters_is_415_even_where_no_body_is_read(client, customer):
    order = create_order(customer=customer)

    response = client.post(
        f"/api/v1/orders/{order.pk}/cancel", "", content_type=JSON_API + "; charset=utf-8"
    )

    assert response.status_code == 415


@pytest.mark.django_db
@pytest.mark.parametrize(
    "accept",
    [f"{JSON_API}; charset=utf-8", f'{JSON_API}; ext="bulk", {JSON_API}; profile=x'],
)
def test_an_accept_listing_json_api_only_with_parameters_is_406_not_acceptable(client, accept):
    response = client.get("/api/v1/orders", HTTP_ACCEPT=accept)

    assert response.status_code == 406
    assert response.json()["errors"][0]["status"] == "406"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "accept", ["text/html", "application/json", f"{JSON_API};q=0", f"{JSON_API};q=0.000, */*;q=0"]
)
def test_an_accept_without_json_api_is_406_as_a_json_api_error_never_an_html_page(client, accept):
    """Found by an outside probe: `Accept: text/html` was served the browsable HTML API,
    its throttle refusals too; FH-5: JSON:API weighted q=0, refused, was served."""
    listed = client.get("/api/v1/comics", HTTP_ACCEPT=accept)
    posted = client.post("/api/v1/orders", "{}", content_type=JSON_API, HTTP_ACCEPT=accept)

    for response in (listed, posted):
        assert response.status_code == 406
        assert response["Content-Type"] == JSON_API
        assert response.json()["errors"][0]["status"] == "406"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "accept", [f"{JSON_API}; ext=bulk, {JSON_API}", f"{JSON_API};q=0.8", "*/*", JSON_API]
)
def test_an_accept_with_the_plain_json_api_media_type_is_served(client, accept):
    assert client.get("/api/v1/orders", HTTP_ACCEPT=accept).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/orders", "/api/v1/comics", "/api/v1/comics/1"])
def test_options_answers_with_no_body_and_the_allowed_methods(client, path):
    response = client.options(path)

    assert response.status_code == 204
    assert response.content == b""
    assert "GET" in response["Allow"]


QUERY_ERRORS = {
    "sort": "/api/v1/orders?sort=customer",
    "sort where sorting has no effect": "/api/v1/orders/1?sort=created_at",
    "include unknown": "/api/v1/orders?include=payments",
    "include empty": "/api/v1/orders?include=",
    "fields[orders]": "/api/v1/orders?fields[orders]=number,secret",
    "fields[orders] empty": "/api/v1/orders?fields[orders]=",
    "page[number]": "/api/v1/orders?page[number]=zero",
    "page[size]": "/api/v1/orders?page[size]=100000",
    "colour": "/api/v1/orders?colour=blue",
    "filter[status]": "/api/v1/orders?filter[status]=lost",
    "filter[status] with a NUL": "/api/v1/orders?filter[status]=paid%00",
    "fields[orders] with a NUL": "/api/v1/orders?fields[orders]=number%00",
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", QUERY_ERRORS, ids=list(QUERY_ERRORS))
def test_errors_about_query_parameters_carry_source_parameter(client, customer, case):
    create_order(customer=customer)
    response = client.get(QUERY_ERRORS[case])

    assert response.status_code == 400
    parameter = case.split(" ")[0]
    assert response.json()["errors"][0]["source"] == {"parameter": parameter}


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["2", "5", "9" * 30])
def test_a_page_past_the_last_is_404_naming_page_number(client, customer, number):
    """Found by an outside probe: page 2 said "Invalid page.", a huge number "There is no
    such page.": one wording for every page past the last."""
    create_order(customer=customer)

    response = client.get(f"/api/v1/orders?page[number]={number}")

    assert response.status_code == 404
    (error,) = response.json()["errors"]
    assert error["source"] == {"parameter": "page[number]"}
    assert error["detail"] == "There is no such page."


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["json", "api", "vnd.api+json", "foo"])
@pytest.mark.parametrize("path", ["/api/v1/comics", "/api/v1/orders", "/api/v1/orders/1"])
def test_format_is_a_query_parameter_no_operation_takes(client, customer, path, value):
    """Found by an outside probe: `?format=json` was a 404 "Not found." with no source and
    `?format=api` served the browsable HTML page, where `?format=foo` was a 400 naming it."""
    create_order(customer=customer)

    response = client.get(f"{path}?format={value}")

    assert response.status_code == 400
    assert response["Content-Type"] == JSON_API
    (error,) = response.json()["errors"]
    assert error["source"] == {"parameter": "format"}
    assert error["detail"] == "This operation does not support format."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parameter", "status"), [("page[number]", 404), ("page[size]", 400)], ids=["number", "size"]
)
def test_a_page_number_or_size_of_thousands_of_digits_is_answered_not_a_server_error(
    client, customer, parameter, status
):
    response = client.get(f"/api/v1/orders?{parameter}={'9' * 5000}")

    assert response.status_code == status
    assert response.json()["errors"][0]["source"] == {"parameter": parameter}


@pytest.mark.django_db
def test_errors_about_no_part_of_the_document_point_at_none(client, throttle_rates):
    throttle_rates("api_order_create", 0)

    response = client.post(
        "/api/v1/orders", json.dumps(order_document(ComicFactory())), content_type=JSON_API
    )

    assert response.status_code == 429
    assert "source" not in response.json()["errors"][0]


@pytest.mark.django_db
def test_a_document_of_another_type_is_a_409_in_plain_grammar(client):
    document = order_document(ComicFactory())
    document["data"]["type"] = "order"

    response = client.post("/api/v1/orders", json.dumps(document), content_type=JSON_API)

    assert response.status_code == 409
    (error,) = response.json()["errors"]
    assert error["detail"] == (
        "The resource object's type (order) is not the type that constitutes the collection "
        "represented by the endpoint (orders)."
    )
    assert (error["source"], error["code"]) == ({"pointer": "/data/type"}, "type_conflict")


@pytest.mark.django_db
@pytest.mark.parametrize("document", ["{}", '{"data": null}', '{"data": []}', '{"data": "x"}', ""])
def test_a_document_without_one_resource_object_as_its_data_points_at_data(client, document):
    """Outside probe FH-3: no pointer, and null refused as not "a Resource Identifier
    Object"; GA-3: no body at all was told to give the comics to order."""
    response = client.post("/api/v1/orders", document, content_type=JSON_API)

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["source"] == {"pointer": "/data"}
    assert error["detail"].startswith("The document's data must be a resource object")


@pytest.mark.django_db
def test_201_created_carries_the_location_of_the_new_order(client):
    response = client.post(
        "/api/v1/orders", json.dumps(order_document(ComicFactory())), content_type=JSON_API
    )

    assert response.status_code == 201
    order_id = response.json()["data"]["id"]
    assert response["Location"] == f"http://testserver/api/v1/orders/{order_id}"
    assert client.get(response["Location"]).json()["data"]["id"] == order_id


@pytest.mark.django_db(transaction=True)
def test_a_server_error_answers_a_json_api_error_document_with_the_request_id(
    token_client, monkeypatch
):
    """Found by an outside probe (BG-2): a failing API call answered the shop's HTML page."""

    def fail(**kwargs):
        raise RuntimeError("a fault of ours")

    monkeypatch.setattr("orders.selectors.orders_for_customer", fail)
    client = token_client(UserFactory())
    client.raise_request_exception = False

    response = client.get("/api/v1/orders", HTTP_X_REQUEST_ID="abcdef0123456789")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/vnd.api+json"
    (error,) = response.json()["errors"]
    assert (error["status"], error["title"]) == ("500", "Server error")
    assert error["meta"] == {"request_id": "abcdef0123456789"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "host"),
    [("&".join(f"a{n}=1" for n in range(1100)), "testserver"), ("", "shop.example.invalid")],
    ids=["too many fields", "a host not served"],
)
def test_a_request_django_refuses_itself_answers_a_json_api_error_document(client, query, host):
    """Found by an outside probe (BH-7): the shop's HTML "Bad request" page."""
    response = client.get(f"/api/v1/orders?{query}", HTTP_HOST=host)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/vnd.api+json"
    (error,) = response.json()["errors"]
    assert (error["status"], error["title"]) == ("400", "Bad request")


@pytest.mark.django_db
def test_a_callers_own_answers_are_kept_by_no_cache_the_public_catalog_may_be(client):
    """Outside probe FL-3: a customer's orders and links carried no Cache-Control."""
    mine = client.get("/api/v1/orders")
    public = APIClient().get("/api/v1/comics")

    assert "no-store" in mine["Cache-Control"] and "private" in mine["Cache-Control"]
    assert not public.has_header("Cache-Control")
