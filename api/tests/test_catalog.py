import pytest
from django.test import Client
from rest_framework.test import APIClient

from api.tests.helpers import ids
from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from orders.transitions import OrderStatus


@pytest.mark.django_db
def test_anyone_lists_the_comics_for_sale():
    for_sale = ComicFactory()
    ComicFactory(is_active=False)

    response = APIClient().get("/api/v1/comics")

    assert response.status_code == 200
    assert ids(response) == {str(for_sale.pk)}
    assert response.json()["data"][0]["type"] == "comics"


@pytest.mark.django_db
def test_a_comic_no_longer_for_sale_is_not_found():
    retired = ComicFactory(is_active=False)

    response = APIClient().get(f"/api/v1/comics/{retired.pk}")

    assert response.status_code == 404
    # Outside probe GA-4: "No Comic matches the given query."
    assert response.json()["errors"][0]["detail"] == f"There is no comic {retired.pk}."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("comics/" + "9" * 25, f"There is no comic {'9' * 19}…."),
        ("orders/MO-H44F-Y5QT", "There is no order MO-H44F-Y5QT."),
        ("orders/1/nothing-here", "Not found."),
    ],
)
def test_an_id_no_resource_can_have_is_answered_as_a_missing_one(path, detail):
    """Outside probe GE-2: ids past a bigint's digits, or an order's number, read "Not
    found." where a missing comic reads "There is no comic 99."."""
    response = APIClient().get(f"/api/v1/{path}")

    assert response.status_code == 404
    (error,) = response.json()["errors"]
    assert (error["code"], error["detail"]) == ("not_found", detail)


@pytest.mark.django_db
def test_an_address_with_a_closing_slash_is_told_to_drop_it_not_that_the_comic_is_missing():
    """Outside probe HD-4: `/comics/4/` answered "There is no comic 4." of a comic on sale."""
    comic = ComicFactory()

    client = Client(enforce_csrf_checks=True)
    answers = [
        client.get(f"/api/v1/comics/{comic.pk}/"),
        client.get("/api/v1/comics/?sort=title"),
        # Outside probe HE-6: an address that is none of the API's was offered.
        client.get("/api/v1/nothing/"),
        # Outside probe HE-2: the CSRF check's HTML 403 page.
        client.post("/api/v1/orders/", "{}", content_type="application/vnd.api+json"),
    ]

    details = [(a.status_code, a.json()["errors"][0]["detail"]) for a in answers]
    said = "Not found: the API's addresses end without a slash"
    assert details == [
        (404, f"{said} (/api/v1/comics/{comic.pk})."),
        (404, f"{said} (/api/v1/comics?sort=title)."),
        (404, f"{said}."),
        (404, f"{said} (/api/v1/orders)."),
    ]
    assert APIClient().get(f"/api/v1/comics/{comic.pk}").status_code == 200


@pytest.mark.django_db
def test_comics_can_be_sorted_by_price():
    cheap, dear = ComicFactory(price_amount=100), ComicFactory(price_amount=900)

    response = APIClient().get("/api/v1/comics?sort=-price_amount")

    assert [c["id"] for c in response.json()["data"]] == [str(dear.pk), str(cheap.pk)]


@pytest.mark.django_db
def test_the_comics_a_customer_does_not_own_yet_are_filtered_from_the_ones_they_do(
    token_client,
):
    owned, other = ComicFactory(price_amount=900), ComicFactory(price_amount=100)
    customer = create_order(comics=[owned], status=OrderStatus.FULFILLED).customer
    client = token_client(customer)

    not_owned = client.get("/api/v1/comics?filter[owned]=false&sort=-price_amount&page[size]=1")
    only_owned = client.get("/api/v1/comics?filter[owned]=true")

    assert ids(not_owned) == {str(other.pk)}
    assert ids(only_owned) == {str(owned.pk)}


@pytest.mark.django_db
def test_a_comic_taken_off_sale_stays_listed_to_its_owner_and_to_no_one_else(token_client):
    """Outside probe HX-1: `filter[owned]=true` left out a comic staff took off sale, and its
    owner was told "There is no comic 4." of the comic their library serves."""
    owned, other = ComicFactory(title="Ghost"), ComicFactory(title="Tide")
    customer = create_order(comics=[owned], status=OrderStatus.FULFILLED).customer
    with system_scope():
        Comic.objects.filter(pk=owned.pk).update(is_active=False)
    client = token_client(customer)

    only_owned = client.get("/api/v1/comics?filter[owned]=true").json()["data"]
    listed = client.get("/api/v1/comics").json()["data"]
    not_owned = client.get("/api/v1/comics?filter[owned]=false").json()["data"]
    read = client.get(f"/api/v1/comics/{owned.pk}")

    assert [(c["id"], c["attributes"]["for_sale"]) for c in only_owned] == [(str(owned.pk), False)]
    assert [(c["id"], c["attributes"]["for_sale"]) for c in listed] == [
        (str(owned.pk), False),
        (str(other.pk), True),
    ]
    assert [c["id"] for c in not_owned] == [str(other.pk)]
    assert read.status_code == 200 and read.json()["data"]["attributes"]["for_sale"] is False
    assert token_client(UserFactory()).get(f"/api/v1/comics/{owned.pk}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("resource", "field"), [("comics", "title"), ("orders", "status")])
def test_a_resources_address_is_its_link_not_a_field_to_select(token_client, resource, field):
    """Outside probe HX-3: the schema offered `fields[orders]=url`, and the API answered it
    with a resource of no attributes."""
    ComicFactory()
    client = token_client(UserFactory())

    answer = client.get(f"/api/v1/{resource}?fields[{resource}]=url")
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    (offered,) = [
        parameter["schema"]["items"]["enum"]
        for parameter in schema["paths"][f"/api/v1/{resource}"]["get"]["parameters"]
        if parameter["name"] == f"fields[{resource}]"
    ]

    assert answer.status_code == 400
    assert "url" not in offered and field in offered


@pytest.mark.django_db
@pytest.mark.parametrize("owned", ["true", "false"])
def test_asking_for_owned_comics_without_credentials_is_told_to_authenticate(owned):
    ComicFactory()

    response = APIClient().get(f"/api/v1/comics?filter[owned]={owned}")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    [error] = response.json()["errors"]
    assert error["source"] == {"parameter": "filter[owned]"}
    assert "send your API token" in error["detail"]
