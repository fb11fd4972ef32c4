"""Fuzzes every operation of the schema, then sequences of them (the stateful phase follows
the schema's links), against a live server, as a customer with an API token, with every
schemathesis check: no 5xx, every response of a documented status, media type and shape,
schema-valid requests accepted and invalid ones refused. API_FUZZ_EXAMPLES sets the
examples per operation (`make fuzz`: 250) and API_FUZZ_STEPS the most calls in a sequence
(`make fuzz`: 50, Hypothesis's default; the suite's 10 make 100 calls instead of about 600)."""

import os

import pytest
import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.pytest.lazy import get_all_tests

from morpheus_testing.api_fixtures import api_token_secret
from morpheus_testing.factories import ComicAssetFactory, UserFactory, create_order
from orders.transitions import OrderStatus

EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES", "10"))
CALLS_PER_SEQUENCE = int(os.environ.get("API_FUZZ_STEPS", "10"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    stateful_step_count=CALLS_PER_SEQUENCE,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api_schema():
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))

    @schema.hook
    def filter_query(ctx, query):
        """No query parameter generated as an object: sent as a form, its keys take its
        place in the URL, so a negative case made of it (`page[number]` as an object) reached
        the server as a valid request and its 200 failed the run."""
        return not any(isinstance(value, dict) for value in (query or {}).values())

    return schema


@pytest.fixture
def live_api(live_server, stripe_settings):
    customer = UserFactory()
    comics = [ComicAssetFactory().comic for _ in range(3)]
    create_order(customer=customer, comics=comics[:1])
    create_order(customer=customer, comics=comics[1:2], status=OrderStatus.PAID)
    return live_server.url, {"Authorization": f"Bearer {api_token_secret(customer)}"}


@pytest.fixture
def kept_alive():
    """One HTTP connection for the whole run, as an API client keeps it: a new one per
    request (schemathesis's default) gave each its own server thread and database
    connection."""
    with requests.Session() as session:
        yield session


def _answers_as_its_schema_says(case, url, headers, kept_alive):
    case.call_and_validate(base_url=url, headers=headers, session=kept_alive)


def test_every_operation_answers_as_its_schema_says(api_schema, live_api, kept_alive):
    """Each operation's tests as `schema.parametrize()` builds them (explicit examples, coverage
    cases, fuzzing), built when this test runs: built at collection, as `parametrize()` does,
    they cost every xdist worker seconds for a test only one of them runs."""
    url, headers = live_api
    for built in get_all_tests(
        schema=api_schema,
        test_func=_answers_as_its_schema_says,
        settings=FUZZ_SETTINGS,
        given_kwargs=None,
    ):
        _, run = built.ok()
        run(url=url, headers=headers, kept_alive=kept_alive)


def test_sequences_of_operations_answer_as_the_schema_says(api_schema, live_api, kept_alive):
    url, headers = live_api

    class Workflow(api_schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"base_url": url, "headers": headers, "session": kept_alive}

    Workflow.run(settings=FUZZ_SETTINGS)
