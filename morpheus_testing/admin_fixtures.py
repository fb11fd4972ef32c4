"""Fixtures for the staff back office: staff users in the Support and Finance groups,
logged-in clients for them, and quick ways to make many orders."""

import itertools

import pytest

from morpheus_testing.factories import as_system

_numbers = itertools.count(1)


def staff_user(*group_names: str, superuser: bool = False):
    from django.contrib.auth.models import Group

    from morpheus_testing.factories import UserFactory

    user = UserFactory(username=f"staffer{next(_numbers)}", is_staff=True, is_superuser=superuser)
    user.groups.add(*Group.objects.filter(name__in=group_names))
    return user


@pytest.fixture
def staff_groups(db):
    """The groups as the migrations left them: nothing here creates them."""
    from django.contrib.auth.models import Group

    from backoffice.staff_groups import FINANCE, SUPPORT

    return {group.name: group for group in Group.objects.filter(name__in=[SUPPORT, FINANCE])}


def _client_for(client, user):
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def support_client(client, staff_groups):
    from backoffice.staff_groups import SUPPORT

    return _client_for(client, staff_user(SUPPORT))


@pytest.fixture
def finance_client(client, staff_groups):
    from backoffice.staff_groups import FINANCE

    return _client_for(client, staff_user(FINANCE))


@pytest.fixture
def superuser_client(client, staff_groups):
    return _client_for(client, staff_user(superuser=True))


@pytest.fixture
def plain_staff_client(client, staff_groups):
    """Staff who may view orders and nothing more."""
    from django.contrib.auth.models import Permission

    user = staff_user()
    user.user_permissions.add(Permission.objects.get(codename="view_order"))
    return _client_for(client, user)


def bulk_pending_orders(count: int, *, customer=None, currency: str = "EUR", total: int = 499):
    """`count` pending orders in one INSERT (the database guard lets orders start pending)."""
    from morpheus_testing.factories import UserFactory
    from orders.models import Order

    customer = customer or UserFactory()
    with as_system():
        return Order.objects.bulk_create(
            Order(
                number=f"MO-T-{next(_numbers):07d}",
                customer=customer,
                email=customer.email,
                currency=currency,
                subtotal_amount=total,
                total_amount=total,
            )
            for _ in range(count)
        )
