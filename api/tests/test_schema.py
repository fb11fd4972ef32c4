import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from api.schema import order_create_resource


@pytest.mark.django_db
def test_the_openapi_schema_describes_every_endpoint():
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/comics",
        "/api/v1/comics/{id}",
        "/api/v1/orders",
        "/api/v1/orders/{id}",
        "/api/v1/orders/{id}/cancel",
        "/api/v1/orders/{id}/complete-free",
        "/api/v1/orders/{id}/downloads",
        "/api/v1/orders/{id}/downloads/{item}/links",
        "/api/v1/orders/{id}/payments",
        "/api/v1/orders/{id}/payments/{payment}",
        "/api/v1/orders/{id}/payments/{payment}/authenticate",
    }
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


@pytest.mark.django_db
def test_the_docs_page_loads_its_assets_from_our_own_static_files():
    page = Client().get("/api/docs/").content.decode()

    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(asset.startswith("/static/api-docs/") for asset in assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
    assert 'data-schema-url="/api/schema/"' in page


@pytest.mark.django_db
def test_paths_under_the_api_that_match_nothing_answer_with_a_json_api_404():
    response = Client().get("/api/v1/orders/0.5")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/vnd.api+json"
    # Found by an outside probe: it had no `code`, which every other error has.
    assert response.json()["errors"] == [
        {"status": "404", "code": "not_found", "detail": "There is no order 0.5."}
    ]


def _schema() -> dict:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    return response.json()


def _parameters(operation: dict) -> dict[str, dict]:
    return {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"}


@pytest.mark.django_db
def test_the_schema_lists_the_allowed_query_values_of_each_operation():
    paths = _schema()["paths"]

    listing = _parameters(paths["/api/v1/orders"]["get"])
    assert listing["sort"]["items"]["enum"] == [
        "created_at",
        "-created_at",
        "total_amount",
        "-total_amount",
    ]
    assert listing["include"]["items"]["enum"] == ["items"]
    assert listing["include"]["minItems"] == 1
    assert "number" in listing["fields[orders]"]["items"]["enum"]
    assert "pending" in listing["filter[status]"]["enum"]
    assert listing["page[size]"]["maximum"] == 100


@pytest.mark.django_db
def test_the_schema_offers_sort_only_where_it_has_an_effect():
    paths = _schema()["paths"]

    assert "sort" in _parameters(paths["/api/v1/comics"]["get"])
    for path in ("/api/v1/orders/{id}", "/api/v1/comics/{id}", "/api/v1/orders/{id}/downloads"):
        assert "sort" not in _parameters(paths[path]["get"])


@pytest.mark.django_db
def test_a_new_order_is_comics_or_from_cart_in_the_schema():
    body = _schema()["paths"]["/api/v1/orders"]["post"]["requestBody"]
    resource = body["content"]["application/vnd.api+json"]["schema"]["properties"]["data"]

    assert [choice["title"] for choice in resource["oneOf"]] == ["comics", "from_cart"]
    assert "id" not in resource["properties"]


@pytest.mark.django_db
def test_every_operation_documents_its_error_statuses():
    for operations in _schema()["paths"].values():
        for operation in operations.values():
            assert {"400", "401", "404", "406", "415"} <= set(operation["responses"])


@pytest.mark.django_db
def test_a_new_orders_answer_links_to_paying_it_and_a_payment_to_its_attempt():
    schema = _schema()
    paths = schema["paths"]
    payment = paths["/api/v1/orders/{id}/payments/{payment}"]["get"]["responses"]["200"]
    resource = payment["content"]["application/vnd.api+json"]["schema"]["properties"]["data"]
    resource = schema["components"]["schemas"][resource["$ref"].rsplit("/", 1)[1]]
    assert "attempt" in resource["properties"]["attributes"]["properties"]
    assert "url" not in resource["properties"]["attributes"]["properties"]
    assert "url" not in resource["properties"].get("relationships", {}).get("properties", {})

    created = paths["/api/v1/orders"]["post"]["responses"]["201"]["links"]
    assert created["PayOrder"]["operationId"] == "orders_payments_create"
    started = paths["/api/v1/orders/{id}/payments"]["post"]["responses"]["202"]["links"]
    assert started["GetPayment"]["parameters"]["payment"] == "$response.body#/data/id"


@pytest.mark.django_db
def test_the_client_secret_for_3d_secure_is_documented_on_its_own_post_operation():
    paths = _schema()["paths"]

    authenticate = paths["/api/v1/orders/{id}/payments/{payment}/authenticate"]["post"]
    assert {"200", "429", "502"} <= set(authenticate["responses"])
    assert "confirmations with the bank" in " ".join(authenticate["description"].split())
    reading = paths["/api/v1/orders/{id}/payments/{payment}"]["get"]["description"]
    assert "asks Stripe nothing" in " ".join(reading.split())
    links = paths["/api/v1/orders/{id}/payments/{payment}"]["get"]["responses"]["200"]["links"]
    assert links["AuthenticatePayment"]["operationId"] == authenticate["operationId"]


@pytest.mark.django_db
def test_paying_documents_a_502_error_document_for_stripe_out_of_reach():
    responses = _schema()["paths"]["/api/v1/orders/{id}/payments"]["post"]["responses"]
    error = responses["502"]["content"]["application/vnd.api+json"]["schema"]

    assert error["required"] == ["errors"]
    assert "502" not in _schema()["paths"]["/api/v1/orders"]["get"]["responses"]


@pytest.mark.django_db
def test_creating_an_order_documents_the_idempotency_key_header():
    operation = _schema()["paths"]["/api/v1/orders"]["post"]

    (header,) = [p for p in operation["parameters"] if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key"
    assert not header.get("required")
    assert header["schema"]["maxLength"] == 255
    assert "Idempotent-Replayed: true" in header["description"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "query", "status"),
    [
        ("application/vnd.api+json", "", 406),
        ("text/html", "", 406),
        ("application/json", "?format=xx", 404),
    ],
)
def test_a_schema_asked_for_in_a_form_it_is_not_served_in_is_refused_as_a_json_api_error(
    accept, query, status
):
    """Found by an outside probe: a JSON:API client's usual Accept got a 500."""
    response = Client().get(f"/api/schema/{query}", HTTP_ACCEPT=accept)

    assert response.status_code == status
    assert response["Content-Type"] == "application/vnd.api+json"
    assert response.json()["errors"][0]["status"] == str(status)


@pytest.mark.django_db
def test_the_schema_describes_the_vat_of_orders_and_their_items():
    """Outside probe BE-2: no field of the schema mentioned tax or VAT."""
    components = _schema()["components"]["schemas"]

    order = components["Order"]["properties"]["attributes"]["properties"]
    assert order["tax_added_amount"]["type"] == "integer"
    assert set(order["vat"]["properties"]) == {
        "amount",
        "added",
        "rate",
        "country",
        "country_name",
        "reverse_charge",
    }


@pytest.mark.django_db
def test_the_schema_lets_a_download_link_request_name_the_file_format_or_send_no_body():
    """Outside probe BF-1: nothing let a client ask for a comic's CBZ."""
    schema = _schema()
    body = schema["paths"]["/api/v1/orders/{id}/downloads/{item}/links"]["post"]["requestBody"]

    assert not body.get("required")
    data = body["content"]["application/vnd.api+json"]["schema"]["properties"]["data"]
    resource = schema["components"]["schemas"][data["$ref"].rsplit("/", 1)[1]]
    attributes = resource["properties"]["attributes"]["properties"]
    assert attributes["format"]["enum"] == ["pdf", "cbz", "epub"]


def test_the_schema_says_which_business_refusals_are_a_400_and_which_a_422():
    """Outside probe BL-11: a NUL or an over-long business name was a 400, the other
    refusals a 422, and nothing said so (a commit had promised 422 for all)."""
    attributes = order_create_resource()["properties"]["attributes"]["properties"]

    for name, most in (("business_name", 200), ("billing_address", 500)):
        said = " ".join(attributes[name]["description"].split())
        assert "a 422" in said
        assert f"More than {most} characters" in said and "NUL character" in said
        assert "a 400" in said
