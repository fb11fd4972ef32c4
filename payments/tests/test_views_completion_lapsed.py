"""The pay page of an order completing a series at its completion price, once the comic
that price relied on is no longer the customer's (its order refunded)."""

import re

import pytest
from django.urls import reverse

from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory, create_order, order_move
from orders.transitions import OrderStatus
from payments.models import Payment
from promotions.bundles import bundle_order_create
from promotions.models import Bundle

pytestmark = pytest.mark.django_db


def completion_pending(*, refunded: bool) -> tuple:
    """A customer owns Neon Tide and orders the rest of the trilogy at its completion price;
    then, when `refunded`, Neon Tide's order is refunded in full. The customer, the
    completion order and Neon Tide's order."""
    neon = ComicFactory(title="Neon Tide", price_amount=499)
    others = [ComicFactory(price_amount=499), ComicFactory(price_amount=399)]
    with system_scope():
        trilogy = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=1299)
        trilogy.comics.set([neon, *others])
    customer = UserFactory()
    bought = create_order(customer=customer, comics=[neon], status=OrderStatus.FULFILLED)
    with system_scope():
        completion = bundle_order_create(bundle=trilogy, customer=customer, actor="t")
    if refunded:
        order_move(bought, to=OrderStatus.REFUNDED)
    return customer, completion, bought


def test_the_pay_page_says_the_completion_price_no_longer_holds_and_offers_no_card_form(
    client,
):
    """Outside probe AG (F7): after Neon Tide's order was refunded, the pending completion
    order was paid at €7.30 for two comics costing €8.98 on their own."""
    customer, order, _bought = completion_pending(refunded=True)
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert 'data-testid="completion-lapsed"' in page
    assert (
        f"Order {order.number} completes Trilogy for €{order.total_amount / 100:.2f} because "
        "you owned Neon Tide; you no longer do, so that price no longer holds. This order "
        "cannot be paid: cancel it, and buy the bundle at its price today from its page."
    ) in page
    assert 'id="payment-form"' not in page
    assert f'action="{reverse("orders:cancel", args=[order.number])}"' in page
    bundle_page = reverse("promotions:bundle", args=["trilogy"])
    assert f'name="next" value="{bundle_page}"' in page


def test_paying_a_completion_whose_price_no_longer_holds_is_refused_with_a_conflict(client):
    customer, order, _bought = completion_pending(refunded=True)
    client.force_login(customer)

    response = client.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )
    canceled = client.post(
        reverse("orders:cancel", args=[order.number]),
        {"next": reverse("promotions:bundle", args=["trilogy"])},
        follow=True,
    )

    assert response.status_code == 409
    assert "that price no longer holds" in response.json()["error"]
    with system_scope():
        assert not Payment.objects.filter(order=order).exists()
    assert "€12.99" in canceled.text  # the whole trilogy, as nothing of it is owned now


def test_a_completion_whose_comics_are_still_owned_is_paid_as_usual(client):
    customer, order, _bought = completion_pending(refunded=False)
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert 'data-testid="completion-lapsed"' not in page
    assert 'id="payment-form"' in page


def _bundle_order_then_switched_off() -> tuple:
    """A customer presses "Buy the bundle now" on Trilogy, then staff take Trilogy off sale
    (its comics stay on sale)."""
    comics = [ComicFactory(title="Dawn", price_amount=499), ComicFactory(price_amount=699)]
    with system_scope():
        trilogy = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=999)
        trilogy.comics.set(comics)
    customer = UserFactory()
    with system_scope():
        order = bundle_order_create(bundle=trilogy, customer=customer, actor="t")
        Bundle.objects.filter(pk=trilogy.pk).update(is_active=False)
    return customer, order


def test_the_pay_page_of_a_bundle_taken_off_sale_says_its_price_no_longer_holds(client):
    """Outside probe GV-1: a "Buy the bundle now" order was charged its bundle price after
    staff took the bundle off sale."""
    customer, order = _bundle_order_then_switched_off()
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert (
        f"Order {order.number} buys Trilogy at its bundle price, €9.99; the bundle is no "
        "longer for sale, so that price no longer holds. This order cannot be paid: cancel "
        "it, and buy the comics at their prices."
    ) in page
    assert 'id="payment-form"' not in page
    assert f'name="next" value="{reverse("catalog:list")}"' in page
    assert "Cancel this order and see the comics" in page


def test_paying_a_bundle_taken_off_sale_is_refused_and_its_comics_sell_on_their_own(client):
    customer, order = _bundle_order_then_switched_off()
    client.force_login(customer)

    response = client.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )
    catalog = client.post(
        reverse("orders:cancel", args=[order.number]),
        {"next": reverse("catalog:list")},
        follow=True,
    )

    assert response.status_code == 409
    assert "the bundle is no longer for sale" in response.json()["error"]
    with system_scope():
        assert not Payment.objects.filter(order=order).exists()
    assert "Dawn" in catalog.text
    assert "€4.99" in catalog.text


def test_the_order_page_of_a_bundle_taken_off_sale_says_why_in_place_of_a_pay_button(client):
    """Outside probe GW-3: it read "Awaiting payment" with "Pay €9.99", leading to the pay
    page that refused the order; GW-4: the pay page offered to check out again too."""
    customer, order = _bundle_order_then_switched_off()
    client.force_login(customer)

    detail = client.get(reverse("orders:detail", args=[order.number])).text
    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text
    pay = client.get(reverse("orders:pay", args=[order.number])).text

    said = f"Order {order.number} buys Trilogy at its bundle price, €9.99; the bundle is no"
    for page in (detail, confirmation):
        assert 'data-testid="unpayable"' in page and said in page
        assert reverse("orders:pay", args=[order.number]) not in page
    assert "This order cannot be paid" in confirmation
    assert "check out again" not in pay


def _statuses_shown(client, order) -> dict[str, str]:
    """The order's status as My orders, its page, its confirmation and the pages' polling
    read it."""
    shown = {}
    for name in ("orders:list", "orders:detail", "orders:confirmation"):
        args = [] if name == "orders:list" else [order.number]
        page = client.get(reverse(name, args=args)).text
        if name == "orders:list":  # its row
            page = next(row for row in page.split("<tr>") if order.number in row)
        found = re.search(r'class="status status-pending"[^>]*>([^<]+)<', page)
        shown[name] = found[1] if found else ""
    shown["status"] = client.get(reverse("orders:status", args=[order.number])).json()["words"]
    return shown


def _comic_order_then_withdrawn() -> tuple:
    """A customer orders Dawn, then staff take Dawn off sale."""
    dawn = ComicFactory(title="Dawn", price_amount=499)
    customer = UserFactory()
    order = create_order(customer=customer, comics=[dawn], status=OrderStatus.PENDING)
    with system_scope():
        Comic.objects.filter(pk=dawn.pk).update(is_active=False)
    return customer, order


@pytest.mark.parametrize(
    "unpayable", [_bundle_order_then_switched_off, _comic_order_then_withdrawn]
)
def test_an_order_that_cannot_be_paid_reads_so_wherever_its_status_shows(client, unpayable):
    """Outside probe GX-7: its badge, and My orders, read "Awaiting payment" above "This
    order cannot be paid"."""
    customer, order = unpayable()
    payable = create_order(customer=customer, comics=[ComicFactory()], status=OrderStatus.PENDING)
    client.force_login(customer)

    assert set(_statuses_shown(client, order).values()) == {"Cannot be paid"}
    assert set(_statuses_shown(client, payable).values()) == {"Awaiting payment"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "unpayable", [_bundle_order_then_switched_off, _comic_order_then_withdrawn]
)
def test_the_pay_pages_poll_reads_an_order_that_cannot_be_paid_in_the_customers_context(
    client, unpayable
):
    """Outside probe GY-3: the poll worked its words out in no row-level security context,
    which sees none of the order's items (a test's own transaction acts as the system)."""
    customer, order = unpayable()
    client.force_login(customer)

    status = client.get(reverse("orders:status", args=[order.number])).json()

    assert status["words"] == "Cannot be paid"
