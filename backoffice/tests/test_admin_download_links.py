"""The back office's list of download links: support finds the one a customer writes about."""

import pytest
from django.urls import reverse

from delivery.tests.conftest import fulfilled_order
from morpheus_testing.factories import ComicAssetFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:delivery_downloadlink_changelist")


def orders_listed(client, typed: str) -> list[str]:
    page = client.get(LIST, {"q": typed})
    return sorted({link.order.number for link in page.context["cl"].result_list})


@pytest.fixture
def two_customers_links():
    """Two customers' fulfilled orders, of one link each: the first's order and its link."""
    first = fulfilled_order(customer=UserFactory(username="ada", email="ada@example.com"))
    fulfilled_order(assets=[ComicAssetFactory()])
    return first[0], first[1][0]


@pytest.mark.parametrize(
    "pasted",
    [
        lambda link: f"https://shop.example{link.path}",
        lambda link: f"  https://shop.example{link.path}?utm_source=mail  ",
        lambda link: link.path.strip("/").rsplit("/", 1)[-1],
        lambda link: f"<https://shop.example{link.path}>.",
        lambda link: f'My link "https://shop.example{link.path}" says the limit is reached',
    ],
    ids=["link", "link-with-query", "token", "in-brackets", "in-a-sentence"],
)
def test_support_finds_a_link_by_the_address_or_token_the_customer_pasted(
    support_client, two_customers_links, pasted
):
    """Outside probe HF-5: only the order number found a link; the token is kept as its
    digest alone, so what is pasted is digested to look it up. HG-1: not in brackets,
    quotes or before a full stop, as the order search reads what is pasted."""
    order, link = two_customers_links

    assert orders_listed(support_client, pasted(link)) == [order.number]


def test_support_finds_every_link_pasted_and_orders_as_the_order_list_reads_them(
    support_client,
):
    """Outside probe HH-4: of two links pasted only the first was found, and "MO-….",
    "#MO-…" or several numbers found nothing, where the order list finds them."""
    (first, (first_link,)), (second, (second_link,)), (third, _) = (
        fulfilled_order() for _ in range(3)
    )
    both_links = f"https://shop.example{first_link.path} and https://shop.example{second_link.path}"

    assert orders_listed(support_client, both_links) == sorted([first.number, second.number])
    assert orders_listed(support_client, f"#{third.number}.") == [third.number]
    assert orders_listed(support_client, f"{first.number}, {third.number}") == sorted(
        [first.number, third.number]
    )


@pytest.mark.parametrize("typed", ["ada", "ADA@example.com"])
def test_support_finds_a_customers_links_by_username_or_email(
    support_client, two_customers_links, typed
):
    order, _ = two_customers_links

    assert orders_listed(support_client, typed) == [order.number]


def test_a_token_of_no_link_finds_nothing(support_client, two_customers_links):
    assert orders_listed(support_client, "A" * 43) == []


def test_the_list_says_where_each_link_came_from_and_what_to_search_by(
    support_client, two_customers_links
):
    page = support_client.get(LIST).text

    assert "The links a customer sent (or their tokens)" in page
    assert "Emailed" in page
