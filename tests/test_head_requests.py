"""HEAD is answered wherever GET is (RFC 9110): uptime monitors, load balancers and mail
scanners check pages and links with it."""

import pytest
from django.test import Client
from django.urls import reverse

from morpheus_testing.factories import ComicFactory, UserFactory
from promotions.tests.test_bundles import make_bundle

pytestmark = pytest.mark.django_db


def test_storefront_pages_and_the_health_check_answer_head_as_get():
    """Found by an outside probe: they answered HEAD with 405."""
    comic = ComicFactory()
    bundle = make_bundle([comic, ComicFactory()], 799)
    client = Client()
    pages = [
        "/",
        reverse("catalog:detail", args=[comic.slug]),
        reverse("promotions:bundle", args=[bundle.slug]),
        reverse("orders:cart"),
    ]

    for path in [*pages, "/healthz"]:
        got, head = client.get(path), client.head(path)
        assert (path, head.status_code) == (path, got.status_code)
        assert head.content == b""


def test_a_signed_in_customers_pages_answer_head(client):
    client.force_login(UserFactory())

    for name in ("orders:list", "delivery:library", "account"):
        assert client.head(reverse(name)).status_code == 200
