import pytest
from rest_framework.test import APIClient

from api.tests.helpers import ids
from morpheus_testing.factories import ComicFactory


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

    assert APIClient().get(f"/api/v1/comics/{retired.pk}").status_code == 404


@pytest.mark.django_db
def test_comics_can_be_sorted_by_price():
    cheap, dear = ComicFactory(price_amount=100), ComicFactory(price_amount=900)

    response = APIClient().get("/api/v1/comics?sort=-price_amount")

    assert [c["id"] for c in response.json()["data"]] == [str(dear.pk), str(cheap.pk)]
