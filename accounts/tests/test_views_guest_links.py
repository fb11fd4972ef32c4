"""A guest order's emailed link opened by someone already signed in to an account."""

import re

import pytest
from django.urls import reverse

from accounts import services
from morpheus_testing.factories import UserFactory, create_order
from orders.guests import guest_order_url

pytestmark = pytest.mark.django_db


def link_path(order) -> str:
    return re.search(r"(/accounts/guest/order/\S+/)", guest_order_url(order)).group(1)


@pytest.fixture
def guest_order():
    return create_order(customer=services.guest_account_create(email="guest@example.com"))


def test_a_signed_in_customer_is_asked_before_the_link_signs_them_out(client, guest_order):
    customer = UserFactory(username="alice-reader")
    client.force_login(customer)

    asked = client.get(link_path(guest_order))

    assert asked.status_code == 200
    assert "opening it signs you out" in asked.text
    assert int(client.session["_auth_user_id"]) == customer.pk
    assert client.get(reverse("orders:detail", args=[guest_order.number])).status_code == 404


def test_confirming_opens_the_guest_order_in_place_of_the_account(client, guest_order):
    client.force_login(UserFactory())

    opened = client.post(link_path(guest_order))

    assert opened["Location"] == reverse("orders:detail", args=[guest_order.number])
    assert int(client.session["_auth_user_id"]) == guest_order.customer_id
    assert client.get(opened["Location"]).status_code == 200


def test_a_visitor_or_a_guest_goes_straight_to_the_order(client, guest_order):
    straight = client.get(link_path(guest_order))
    again = client.get(link_path(guest_order))

    assert straight["Location"] == again["Location"]
    assert straight["Location"] == reverse("orders:detail", args=[guest_order.number])
