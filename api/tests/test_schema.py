import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client


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
        "/api/v1/orders/{id}/downloads",
        "/api/v1/orders/{id}/downloads/{item}/links",
        "/api/v1/orders/{id}/payments",
        "/api/v1/orders/{id}/payments/{attempt}",
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
    assert response.json()["errors"][0]["status"] == "404"
