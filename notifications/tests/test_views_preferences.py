import pytest
from django.urls import reverse

from accounts.services import guest_account_create
from morpheus_testing.factories import UserFactory, create_order
from notifications.selectors import file_update_emails_wanted
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db

URL = reverse("notifications:preferences")


def test_a_customer_opts_out_of_file_update_emails_and_back_in(client):
    customer = UserFactory()
    client.force_login(customer)
    assert b'name="file_updates" id="id_file_updates" checked' in client.get(URL).content

    response = client.post(URL, {})

    assert b"Saved." in response.content
    assert b"checked" not in response.content
    assert file_update_emails_wanted(user_id=customer.pk) is False
    client.post(URL, {"file_updates": "on"})
    assert file_update_emails_wanted(user_id=customer.pk) is True


def test_the_preferences_page_asks_a_visitor_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_account_page_links_to_the_email_preferences(client):
    """Outside probe AJ (AJ-3): no page linked to them."""
    client.force_login(UserFactory())

    page = client.get(reverse("account")).text

    assert f'<a href="{URL}">Email preferences</a>' in page


def test_a_guests_order_page_links_to_the_email_preferences(client):
    guest = guest_account_create(email="gina@example.com")
    order = create_order(customer=guest, status=OrderStatus.PAID)
    client.force_login(guest)

    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert f'<a href="{URL}">email preferences</a>' in page
