"""Fixtures for API tests: clients that authenticate by a customer's API token."""

from collections.abc import Callable

import pytest

from morpheus_testing.factories import as_system


def api_token_secret(user) -> str:
    """A fresh API token of `user`; its secret, as the customer would copy it."""
    from api.services import api_token_issue

    with as_system():
        return api_token_issue(user=user, name="test token").secret


@pytest.fixture
def token_client() -> Callable:
    """Makes an APIClient that sends `user`'s new API token with every request."""
    from rest_framework.test import APIClient

    def make(user, *, secret: str | None = None) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret or api_token_secret(user)}")
        return client

    return make
