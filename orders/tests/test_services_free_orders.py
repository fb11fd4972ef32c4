"""Orders with nothing to pay complete without Stripe; staff give comics away (comps)."""

import pytest
from django.test import Client
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import (
    BUSINESS,
    ComicFactory,
    UserFactory,
    create_order,
    create_order_beside_cart,
)
from morpheus_testing.jobs import queued_jobs
from orders import errors
from orders.buyer import BuyerDeclaration
from orders.models import Order, OrderEventType
from orders.services import order_comp, order_complete_free
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db
FULFIL = "delivery.tasks.fulfil_order"


def test_a_free_order_is_paid_without_a_payment_and_queued_for_fulfilment():
    order = create_order(comics=[ComicFactory(price_amount=0)])

    with system_scope():
        order_complete_free(order=order, actor="customer:test")
        changes = list(order.events.filter(type=OrderEventType.STATUS_CHANGED))

    assert order.status == OrderStatus.PAID
    assert order.paid_at is not None
    assert not order.payments.exists()
    assert [(e.from_status, e.to_status) for e in changes] == [("pending", "paid")]
    assert [name for _, name, _ in queued_jobs([FULFIL])] == [FULFIL]


def test_completing_a_free_order_again_changes_nothing_and_is_not_refused(client):
    """Found by an outside probe: a double click told the customer "the change Completed
    without payment is not allowed from there" on the order it had just completed."""
    customer = UserFactory()
    order = create_order(customer=customer, comics=[ComicFactory(price_amount=0)])
    client.force_login(customer)
    free = reverse("orders:complete_free", args=[order.number])

    answers = [client.post(free), client.post(free)]

    confirmation = reverse("orders:confirmation", args=[order.number])
    assert [answer["Location"] for answer in answers] == [confirmation, confirmation]
    assert "not allowed" not in client.get(confirmation).content.decode()
    with system_scope():
        assert order.events.filter(type=OrderEventType.STATUS_CHANGED).count() == 1
    assert len(queued_jobs([FULFIL])) == 1


def test_an_order_with_something_to_pay_is_not_completed_for_free():
    order = create_order(comics=[ComicFactory(price_amount=1)])
    with pytest.raises(errors.NotFree), system_scope():
        order_complete_free(order=order, actor="customer:test")
    assert order.status == OrderStatus.PENDING


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (OrderStatus.PROCESSING, "is being paid already."),
        (OrderStatus.PAID, "is already paid: nothing more to pay."),
        (OrderStatus.FULFILLED, "is already paid: nothing more to pay."),
        (OrderStatus.DELIVERED, "is already paid: nothing more to pay."),
        (OrderStatus.CANCELED, "is canceled: nothing to pay."),
        (OrderStatus.REFUNDED, "is refunded: nothing to pay."),
    ],
)
def test_completing_an_order_no_longer_awaiting_payment_for_free_says_why_in_customer_words(
    status, words
):
    """Found by an outside probe: a paid order "has 8.98 EUR to pay". Outside probe BQ-2:
    "Order … is delivered: nothing to pay", a word the storefront never shows (it reads
    "Ready to download")."""
    order = create_order(comics=[ComicFactory(price_amount=898)], status=status)

    with pytest.raises(errors.TransitionNotAllowed) as refused, system_scope():
        order_complete_free(order=order, actor="customer:test")

    assert str(refused.value) == f"Order {order.number} {words}"


def test_get_it_for_free_from_a_stale_page_of_a_paid_order_flashes_that_it_is_paid(client):
    """Outside probe BQ-2: the flash read "Order … is delivered: nothing to pay"."""
    order = create_order(comics=[ComicFactory(price_amount=898)], status=OrderStatus.DELIVERED)
    client.force_login(order.customer)

    answer = client.post(reverse("orders:complete_free", args=[order.number]), follow=True)

    assert f"Order {order.number} is already paid: nothing more to pay." in answer.text
    assert "is delivered" not in answer.text


def test_get_it_for_free_on_an_order_staff_canceled_says_so_in_customer_words(client):
    """Outside probe GS-1: it read "Order … is canceled: the change “Completed without
    payment” is not allowed from there", the back office's words."""
    order = create_order(comics=[ComicFactory(price_amount=0)], status=OrderStatus.CANCELED)
    client.force_login(order.customer)

    answer = client.post(reverse("orders:complete_free", args=[order.number]), follow=True)

    assert f"Order {order.number} was canceled, so it was not completed" in answer.text
    assert "is not allowed from there" not in answer.text
    with system_scope():
        assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELED


def test_staff_comp_gives_the_comic_at_no_cost_with_the_reason_in_the_history():
    customer = UserFactory()
    comic = ComicFactory(price_amount=499)

    with system_scope():
        order = order_comp(
            customer=customer, comics=[comic], reason="Sorry for the outage", actor="staff:sam"
        )
        [item] = order.items.all()
        [comp] = order.events.filter(type=OrderEventType.COMP)

    assert (order.customer, order.status, order.total_amount) == (customer, OrderStatus.PAID, 0)
    assert (item.comic, item.unit_amount) == (comic, 0)
    assert (comp.actor, comp.reason, comp.data) == (
        "staff:sam",
        "Sorry for the outage",
        {"comics": [comic.pk]},
    )
    assert [name for _, name, _ in queued_jobs([FULFIL])] == [FULFIL]


def test_staff_comp_gives_comics_to_a_customer_last_declared_a_reverse_charge_business():
    customer = UserFactory()
    business = BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    create_order(customer=customer, declaration=business, status=OrderStatus.FULFILLED)

    with system_scope():
        order = order_comp(
            customer=customer, comics=[ComicFactory()], reason="Goodwill", actor="staff:sam"
        )
        order.refresh_from_db()

    assert (order.status, order.total_amount, order.tax_removed_amount) == (
        OrderStatus.PAID,
        0,
        0,
    )


def test_staff_comp_gives_comics_with_vat_on_top_of_prices(settings):
    settings.TAX_PRICES_INCLUDE_TAX = False
    customer = UserFactory()

    with system_scope():
        order = order_comp(
            customer=customer, comics=[ComicFactory()], reason="Goodwill", actor="staff:sam"
        )
        order.refresh_from_db()

    assert (order.status, order.total_amount, order.tax_added_amount) == (OrderStatus.PAID, 0, 0)


def test_staff_comps_go_to_customers_only():
    colleague = UserFactory(is_staff=True)
    with pytest.raises(errors.OrderError, match="is staff"), system_scope():
        order_comp(customer=colleague, comics=[ComicFactory()], reason="x", actor="staff:sam")
    with system_scope():
        assert not Order.objects.filter(customer=colleague).exists()


def test_free_orders_are_limited_per_account(client, throttle_rates):
    throttle_rates("free_order_account", 2, seconds=3600)
    customer = UserFactory()
    orders = [create_order(customer=customer, comics=[ComicFactory(price_amount=0)]) for _ in "abc"]
    client.force_login(customer)

    answers = [
        client.post(reverse("orders:complete_free", args=[order.number])) for order in orders
    ]

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert answers[0].url == reverse("orders:confirmation", args=[orders[0].number])
    with system_scope():
        orders[2].refresh_from_db()
    assert orders[2].status == OrderStatus.PENDING


def test_refused_completions_of_a_free_order_count_nothing_against_the_limit(
    client, throttle_rates
):
    """Outside probe DS-1 (the API's, as on the site): refused "Get it for free" clicks
    used up the hour's free orders."""
    throttle_rates("free_order_account", 2, seconds=3600)
    customer = UserFactory()
    owned, other = ComicFactory(price_amount=0), ComicFactory(price_amount=0)
    orders = [create_order(customer=customer, comics=[comic]) for comic in (owned, owned, other)]
    client.force_login(customer)
    urls = [reverse("orders:complete_free", args=[order.number]) for order in orders]

    client.post(urls[0])
    refused = [client.post(urls[1]) for _ in range(3)]
    next_order = client.post(urls[2])

    assert {answer.url for answer in refused} == {reverse("orders:pay", args=[orders[1].number])}
    assert next_order.url == reverse("orders:confirmation", args=[orders[2].number])


@pytest.mark.django_db(transaction=True)
def test_a_free_order_completed_several_times_at_once_counts_once_against_the_limit(
    throttle_rates,
):
    """Found by an outside probe: three clicks at once on "Get it for free" used up three
    of the hour's free orders."""
    throttle_rates("free_order_account", 2, seconds=3600)
    customer = UserFactory()
    first, second = (
        create_order(customer=customer, comics=[ComicFactory(price_amount=0)]) for _ in "ab"
    )
    url = reverse("orders:complete_free", args=[first.number])

    def click() -> int:
        tab = Client()
        tab.force_login(customer)
        return tab.post(url).status_code

    clicks = at_once(click, times=3)
    again = Client()
    again.force_login(customer)
    later = again.post(url)
    next_order = again.post(reverse("orders:complete_free", args=[second.number]))

    assert clicks == [302] * 3
    assert [later.status_code, next_order.status_code] == [302, 302]
    with system_scope():
        second.refresh_from_db()
    assert second.status != OrderStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_two_free_orders_of_one_comic_completed_at_once_in_two_tabs_complete_one():
    """Completions take turns per customer, as payment starts do: the second finds that the
    customer owns the comic now (an outside probe completed both, one after the other)."""
    customer = UserFactory()
    comic = ComicFactory(price_amount=0)
    orders = [
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
        for _ in "ab"
    ]
    tabs = iter(orders)

    def click() -> str:
        tab = Client()
        tab.force_login(customer)
        return tab.post(reverse("orders:complete_free", args=[next(tabs).number]))["Location"]

    landed = at_once(click, times=2)

    with system_scope():
        statuses = sorted(Order.objects.filter(customer=customer).values_list("status", flat=True))
    assert statuses == [OrderStatus.PAID, OrderStatus.PENDING]
    assert sorted(url.rstrip("/").rsplit("/", 1)[-1] for url in landed) == ["confirmation", "pay"]
