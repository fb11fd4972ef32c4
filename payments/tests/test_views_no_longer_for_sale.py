"""The pay page of an order holding a comic staff took off sale since it was placed."""

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, create_order, order_move
from orders.transitions import OrderStatus
from payments.models import Payment
from payments.tests.test_views import waiting_for_3d_secure

pytestmark = pytest.mark.django_db


def withdrawn_after_ordering(*, price: int = 799):
    """An unpaid order of two comics, the first then taken off sale by staff."""
    withdrawn = ComicFactory(title="Paper Moons", price_amount=price)
    order = create_order(comics=[withdrawn, ComicFactory(title="Ink Tides", price_amount=price)])
    with system_scope():
        withdrawn.is_active = False
        withdrawn.save(update_fields=["is_active"])
    return order


def test_the_pay_page_says_the_comic_is_no_longer_for_sale_and_offers_no_card_form(client):
    """Outside probe GV-1: the pay page left open said nothing, and paying charged €7.99 for
    a comic the catalog no longer sold."""
    order = withdrawn_after_ordering()
    client.force_login(order.customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert (
        f"Paper Moons is no longer for sale, so order {order.number} cannot be paid: cancel it "
        "and buy the other comic, Ink Tides, in a new order."
    ) in page
    assert 'id="payment-form"' not in page
    assert f'action="{reverse("orders:cancel", args=[order.number])}"' in page


def test_paying_an_order_holding_a_comic_no_longer_for_sale_is_refused(client):
    order = withdrawn_after_ordering()
    client.force_login(order.customer)

    response = client.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )

    assert response.status_code == 409
    assert "Paper Moons is no longer for sale" in response.json()["error"]
    # Outside probe GZ-6: the page left open showed the refusal beside its Pay button; it is
    # drawn again, with "Cancel this order" and no card form.
    assert response.json()["leave_for"] == reverse("orders:pay", args=[order.number])
    with system_scope():
        assert not Payment.objects.filter(order=order).exists()


def test_a_free_order_holding_a_comic_no_longer_for_sale_is_not_completed(client):
    order = withdrawn_after_ordering(price=0)
    client.force_login(order.customer)

    answer = client.post(reverse("orders:complete_free", args=[order.number]), follow=True)

    assert "Paper Moons is no longer for sale" in answer.text
    assert "cannot be completed" in answer.text
    with system_scope():
        order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_the_catalog_does_not_point_to_an_order_holding_a_comic_no_longer_for_sale(client):
    order = withdrawn_after_ordering()
    other = order.items.exclude(title="Paper Moons").get().comic
    client.force_login(order.customer)

    page = client.get(reverse("catalog:detail", args=[other.slug])).text

    assert order.number not in page


def test_a_comic_off_sale_while_3d_secure_waits_leaves_that_payment_and_no_other_card(client):
    """Outside probe GZ-7: the pay page offered "Confirm with your bank" and another card,
    and refused the other card saying the order could not be paid."""
    order = withdrawn_after_ordering()
    order_move(order, to=OrderStatus.PROCESSING)
    waiting_for_3d_secure(order)
    client.force_login(order.customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert 'data-testid="begun-only"' in page
    assert "You may still confirm the payment you began with your bank below" in page
    assert "Confirm with your bank" in page
    assert "Or pay with another card below" not in page
    assert '<div class="card-entry" hidden>' in page
    assert f'action="{reverse("orders:cancel", args=[order.number])}"' in page


@pytest.mark.parametrize(
    ("page", "said"),
    [
        ("orders:confirmation", "This order cannot be completed</h1>"),
        ("orders:detail", "This order cannot be completed as it is: it adds nothing to your"),
    ],
)
def test_a_free_order_holding_a_comic_off_sale_reads_as_not_to_be_completed(client, page, said):
    """Outside probe GZ-8: headed "This order cannot be paid", and its downloads waited for
    a "Get it for free" it no longer offered."""
    order = withdrawn_after_ordering(price=0)
    client.force_login(order.customer)

    text = client.get(reverse(page, args=[order.number])).text

    assert "This order cannot be paid" not in text
    assert "Get it for free" not in text
    assert said in text


@pytest.mark.parametrize(
    ("price", "verb", "cannot"), [(799, "buy", "paid"), (0, "get", "completed")]
)
def test_the_refusal_offers_only_the_comics_not_owned_and_says_which_are_in_the_library(
    client, price, verb, cannot
):
    """Outside probe HH-1: an order holding a comic off sale told the customer to buy in a
    new order a comic in their library already (and a free order's to "buy" it)."""
    withdrawn = ComicFactory(title="Neon Tide", price_amount=price)
    owned, other = (ComicFactory(title=t, price_amount=price) for t in ("Paper Moons", "Low Sun"))
    order = create_order(comics=[withdrawn, owned, other])
    order_move(create_order(customer=order.customer, comics=[owned]), to=OrderStatus.PAID)
    with system_scope():
        withdrawn.is_active = False
        withdrawn.save(update_fields=["is_active"])
    client.force_login(order.customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert (
        f"Neon Tide is no longer for sale, so order {order.number} cannot be {cannot}: cancel "
        f"it and {verb} the other comic, Low Sun, in a new order. Paper Moons is in your "
        "library already."
    ) in page


def owned_and_withdrawn(client, *, others: tuple[str, ...] = (), own_the_withdrawn=False):
    """A pending order of Ghost, Paper Moons and `others`; Paper Moons (and Ghost when
    `own_the_withdrawn`) bought since in another order, then Ghost taken off sale."""
    ghost, paper = (ComicFactory(title=t, price_amount=599) for t in ("Ghost", "Paper Moons"))
    rest = [ComicFactory(title=title, price_amount=599) for title in others]
    order = create_order(comics=[ghost, paper, *rest])
    bought = [paper, ghost] if own_the_withdrawn else [paper]
    order_move(create_order(customer=order.customer, comics=bought), to=OrderStatus.PAID)
    with system_scope():
        ghost.is_active = False
        ghost.save(update_fields=["is_active"])
    client.force_login(order.customer)
    return order, rest


@pytest.mark.parametrize("name", ["orders:detail", "orders:confirmation"])
def test_the_order_page_offers_no_comic_off_sale_in_a_new_order(client, name):
    """Outside probe HI-1: the order page and confirmation offered "Buy Ghost in a new
    order" (a link to the catalog: the comic's page is gone), where the pay page said to
    cancel the order."""
    alone, _ = owned_and_withdrawn(client)
    alone_page = client.get(reverse(name, args=[alone.number])).text
    beside, _ = owned_and_withdrawn(client, others=("Atlas",))
    beside_page = client.get(reverse(name, args=[beside.number])).text

    assert "Paper Moons is in your library already" in alone_page
    assert "in a new order" not in alone_page
    assert "cancel it and buy the other comic, Atlas, in a new order." in beside_page
    assert "Ghost in a new order" not in beside_page + alone_page
    assert "the other comics in a new order" not in beside_page


def test_an_order_of_comics_all_owned_one_off_sale_reads_as_owned(client):
    """Outside probe HI-2: headed "This order cannot be paid", and refused for a comic "no
    longer for sale" that the customer owns."""
    order, _ = owned_and_withdrawn(client, own_the_withdrawn=True)

    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text
    pay = client.get(reverse("orders:pay", args=[order.number])).text
    refused = client.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )

    assert "<h1>Already in your library</h1>" in confirmation
    assert "You already own Ghost" in pay
    assert "You already own Ghost" in refused.json()["error"]
    for text in (confirmation, pay, refused.text):
        assert "no longer for sale" not in text
        assert "cannot be paid</h1>" not in text


def test_a_free_comic_left_beside_a_comic_off_sale_is_to_get(client):
    """Outside probe HI-3: "cancel it and buy the other comic, Dream Diary: Free Sample"."""
    order, (diary,) = owned_and_withdrawn(client, others=("Dream Diary",))
    with system_scope():
        diary.price_amount = 0
        diary.save(update_fields=["price_amount"])

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert (
        f"Ghost is no longer for sale, so order {order.number} cannot be paid: cancel it and "
        "get the other comic, Dream Diary, in a new order. Paper Moons is in your library "
        "already."
    ) in page


@pytest.mark.parametrize("name", ["orders:detail", "orders:confirmation"])
def test_the_order_page_says_a_comic_is_off_sale_before_saying_another_is_owned(client, name):
    """Outside probe HJ-3: the order page said only "You already own Paper Moons", never that
    Ghost was no longer for sale, which the pay page and the API say first."""
    order, _ = owned_and_withdrawn(client)

    page = client.get(reverse(name, args=[order.number])).text

    assert (
        f"Ghost is no longer for sale, so order {order.number} cannot be paid: cancel it. "
        "Paper Moons is in your library already."
    ) in page
    assert "You already own" not in page
