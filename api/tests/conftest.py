import pytest

from morpheus_testing.factories import UserFactory


@pytest.fixture
def customer():
    """The customer the API client speaks for."""
    return UserFactory()


@pytest.fixture
def client(token_client, customer):
    """An API client authenticated with the customer's token."""
    return token_client(customer)
