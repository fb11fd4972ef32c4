import pytest
from django.urls import reverse

from morpheus_testing.factories import create_order


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/orders/order/"])
def test_admin_pages_send_the_admins_own_content_security_policy(superuser_client, path):
    policy = superuser_client.get(path)["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "script-src 'self' 'unsafe-eval'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "stripe.com" not in policy


def test_the_order_page_in_the_admin_has_it_too(superuser_client):
    order = create_order()
    response = superuser_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert "script-src 'self' 'unsafe-eval'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_storefront_pages_keep_the_storefront_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "https://js.stripe.com" in policy
    assert "'unsafe-eval'" not in policy
