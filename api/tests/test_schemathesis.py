"""Fuzzes every operation of the schema, against a live server, as a customer with an API
token: no 5xx, and every response has a documented status, media type and shape."""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from morpheus_testing.api_fixtures import api_token_secret
from morpheus_testing.factories import ComicFactory, UserFactory, create_order

EXAMPLES_PER_OPERATION = 25

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture
def live_api(live_server):
    customer = UserFactory()
    for _ in range(3):
        ComicFactory()
    create_order(customer=customer)
    return live_server.url, api_token_secret(customer)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case, live_api):
    url, secret = live_api
    case.call_and_validate(
        base_url=url,
        headers={"Authorization": f"Bearer {secret}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
