"""The pay and order pages of an order holding a comic the customer has bought since, in
another tab."""

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order_beside_cart,
    order_move,
)
from orders.models import Order
from orders.transitions import OrderStatus
from payments.models import Payment, PaymentStatus
from promotions.models import Bundle

pytestmark = pytest.mark.django_db


def bought_in_another_tab(title: str):
    """Two orders of one comic; the first paid, the second left on its pay page."""
    comic = ComicAssetFactory(comic__title=title, comic__price_amount=499).comic
    customer = UserFactory()
    first, second = (
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
        for _ in range(2)
    )
    order_move(first, to=OrderStatus.PAID)
    return customer, second


def test_the_pay_page_says_the_comic_is_owned_and_offers_no_card_form(client):
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[order.number]))

    assert 'data-testid="already-owned"' in page.text
    assert "You already own Neon Tide" in page.text
    assert 'id="payment-form"' not in page.text
    assert f'action="{reverse("orders:cancel", args=[order.number])}"' in page.text


def test_the_pay_page_of_an_owned_comic_promises_nothing_once_paid(client):
    """Outside probe ID-2: to an address not confirmed yet it said "your library has the
    comic as soon as you have paid", above "This order cannot be paid"."""
    comic = ComicAssetFactory(comic__title="Neon Tide").comic
    customer = UserFactory(email_verified=False)
    first, second = (
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
        for _ in range(2)
    )
    client.force_login(customer)
    before = client.get(reverse("orders:pay", args=[second.number])).text
    order_move(first, to=OrderStatus.PAID)

    page = client.get(reverse("orders:pay", args=[second.number])).text

    assert "your library has the comic as soon as you have paid." in before
    assert "This order cannot be paid" in page
    assert "as soon as you have paid" not in page


def bundle_bought_then_one_comic_alone(client, *, allows_completion: bool) -> tuple[Order, Bundle]:
    """A customer's pending order of a trilogy, one of whose comics they bought alone since."""
    comics = [ComicFactory(title=t, price_amount=599) for t in ("Ulthar", "Kadath", "Celephaïs")]
    with system_scope():
        bundle = Bundle.objects.create(
            title="The Dreamlands Trilogy",
            slug="the-dreamlands-trilogy",
            price_amount=1299,
            allows_completion=allows_completion,
        )
        bundle.comics.set(comics)
    customer = UserFactory()
    client.force_login(customer)
    client.post(reverse("promotions:bundle_buy", args=[bundle.slug]))
    with system_scope():
        order = Order.objects.get(customer=customer)
    alone = create_order_beside_cart(
        customer=customer, comics=comics[:1], status=OrderStatus.PENDING
    )
    order_move(alone, to=OrderStatus.PAID)
    return order, bundle


def test_a_bundle_order_holding_a_comic_bought_since_offers_to_complete_the_bundle(client):
    """Outside probe HH-6: it offered the other comics from the catalog, at €11.98, where
    completing the series costs €8.66."""
    order, bundle = bundle_bought_then_one_comic_alone(client, allows_completion=True)

    pages = [
        client.get(reverse(name, args=[order.number])).text
        for name in ("orders:pay", "orders:detail")
    ]
    offer = client.get(reverse("promotions:bundle", args=[bundle.slug])).text

    link = (
        f'<a href="{reverse("promotions:bundle", args=[bundle.slug])}">'
        "Complete The Dreamlands Trilogy in a new order</a>"
    )
    for page in pages:
        assert link in page
        assert "the other comics in a new order" not in page
    assert "Complete the series: <strong" in offer and "€8.66" in offer
    # Outside probe HI-4: the page offered "Cancel order … and check out again" beside
    # "Cancel this order", for a bundle bought without the cart's form.
    assert "check out again" not in pages[0]


def test_a_bundle_sold_whole_only_offers_the_other_comics_on_their_own(client):
    order, _ = bundle_bought_then_one_comic_alone(client, allows_completion=False)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert f'<a href="{reverse("catalog:list")}">Buy the other comics in a new order</a>' in page
    assert "Complete The Dreamlands Trilogy" not in page


def test_paying_from_a_pay_page_left_open_is_refused_with_a_conflict(client):
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    response = client.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )

    assert response.status_code == 409
    assert "You already own Neon Tide" in response.json()["error"]
    with system_scope():
        assert not Payment.objects.filter(order=order).exists()


def test_the_pay_page_offers_to_buy_the_other_comics_only_when_the_order_has_others(client):
    owned, other, third = (
        ComicAssetFactory(comic__title=t).comic for t in ("Neon Tide", "Quiet Stars", "Low Sun")
    )
    customer = UserFactory()
    paid, alone, two, three = (
        create_order_beside_cart(customer=customer, comics=comics, status=OrderStatus.PENDING)
        for comics in ([owned], [owned], [owned, other], [owned, other, third])
    )
    order_move(paid, to=OrderStatus.PAID)
    client.force_login(customer)

    alone_page, two_page, three_page = (
        client.get(reverse("orders:pay", args=[order.number])).text for order in (alone, two, three)
    )

    assert "You already own Neon Tide" in alone_page
    assert "in a new order" not in alone_page
    detail = reverse("catalog:detail", args=[other.slug])
    assert f'<a href="{detail}">Buy Quiet Stars in a new order</a>' in two_page
    catalog = reverse("catalog:list")
    assert f'<a href="{catalog}">Buy the other comics in a new order</a>' in three_page


@pytest.mark.parametrize("page_name", ["orders:detail", "orders:confirmation"])
def test_the_order_pages_say_the_same_and_offer_no_payment(client, page_name):
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    page = client.get(reverse(page_name, args=[order.number])).text

    assert "You already own Neon Tide" in page and "This order cannot be paid" in page
    # Found by an outside probe: its downloads still waited "once your payment is confirmed".
    assert "once your payment is confirmed" not in page
    assert f'href="{reverse("orders:pay", args=[order.number])}"' not in page
    assert "You can still buy this comic in a new order" not in page
    assert f'action="{reverse("orders:cancel", args=[order.number])}"' in page


def test_the_order_page_says_the_unpayable_order_adds_nothing_to_the_library(client):
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert "This order will not be paid: it adds nothing to your library" in page


@pytest.mark.parametrize(
    ("with_another", "heading", "downloads"),
    [
        (False, "Already in your library", "will not be paid: it adds nothing to your library"),
        (True, "This order cannot be paid", "will not be paid, and it is canceled when it"),
    ],
)
def test_an_order_of_comics_owned_is_not_thanked_for_nor_said_to_add_nothing_when_it_would(
    client, with_another, heading, downloads
):
    """Outside probes HH-2 and HH-5: its confirmation was headed "Thank you for your order",
    and an order holding a comic not owned said it "adds nothing to your library"."""
    owned, other = (ComicAssetFactory(comic__title=t).comic for t in ("Neon Tide", "Low Sun"))
    customer = UserFactory()
    comics = [owned, other] if with_another else [owned]
    order = create_order_beside_cart(customer=customer, comics=comics, status=OrderStatus.PENDING)
    order_move(
        create_order_beside_cart(customer=customer, comics=[owned], status=OrderStatus.PENDING),
        to=OrderStatus.PAID,
    )
    client.force_login(customer)

    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text
    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert f"<h1>{heading}</h1>" in confirmation and "Thank you" not in confirmation
    assert f"This order {downloads}" in page


def test_the_canceled_order_does_not_say_its_comic_left_the_library_it_is_in(client):
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    client.post(reverse("orders:cancel", args=[order.number]))
    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert (
        "This order was canceled: nothing was charged, and it adds nothing to your library." in page
    )
    assert "not in your library" not in page


def test_the_pay_page_names_the_order_that_gives_the_comic_placed_before_this_one(client):
    """A guest order of a comic the account bought before it joins the account: the notice
    names the order that gives it, not "bought in another order since this one was placed"."""
    comic = ComicAssetFactory(comic__title="Neon Tide", comic__price_amount=499).comic
    customer = UserFactory()
    bought, joined = (
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
        for _ in range(2)
    )
    order_move(bought, to=OrderStatus.PAID)
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[joined.number])).text

    assert 'You already own Neon Tide (your order <a class="order-number" href=' in page
    assert f">{bought.number}</a>): it is in your library." in page
    assert "since this one was placed" not in page


def test_my_orders_says_the_order_cannot_be_paid(client):
    """Found by an outside probe: "My orders" listed it as "Awaiting payment", a payment its
    own page says cannot happen."""
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    listed = client.get(reverse("orders:list")).text

    row = listed.split(f">{order.number}</a>")[1].split("</tr>")[0]
    assert "Cannot be paid" in row
    assert "Awaiting payment" not in listed


def free_and_owned_already(*others):
    """A free order of a free comic the customer got in another order since, and of
    `others` (outside probe BQ-8: a guest order joined the account that owned the comic)."""
    comic = ComicAssetFactory(comic__title="Dream Diary", comic__price_amount=0).comic
    customer = UserFactory()
    got, order = (
        create_order_beside_cart(customer=customer, comics=comics, status=OrderStatus.PENDING)
        for comics in ([comic], [comic, *others])
    )
    order_move(got, to=OrderStatus.PAID)
    return customer, order, got


def test_a_free_order_of_a_comic_owned_says_there_is_nothing_to_do_not_that_it_cannot_be_paid(
    client,
):
    """Outside probe BQ-8: a €0.00 order read "Cannot be paid" in My orders and "This order
    cannot be paid, so you will not be charged twice" on its page."""
    customer, order, got = free_and_owned_already()
    client.force_login(customer)

    listed = client.get(reverse("orders:list")).text
    page = client.get(reverse("orders:detail", args=[order.number])).text

    row = listed.split(f">{order.number}</a>")[1].split("</tr>")[0]
    assert "Already in your library" in row
    assert (
        f">{got.number}</a>): it is in your library. There is nothing to do with this free " in page
    )
    assert "order: cancel it, or leave it to expire." in page
    assert "This order will not be completed: it adds nothing to your library" in page
    for words in ("Cannot be paid", "cannot be paid", "charged twice", "will not be paid"):
        assert words not in listed + page
    assert f'action="{reverse("orders:cancel", args=[order.number])}"' in page


def test_a_free_order_of_a_comic_owned_is_not_thanked_for_nor_said_to_be_paid(client):
    """Outside probe BR-4: its confirmation page was headed "Thank you for your order", and
    "Get it for free" sent from a page opened before said "no need to buy it again. Order …
    cannot be paid"."""
    customer, order, _ = free_and_owned_already()
    client.force_login(customer)

    refused = client.post(reverse("orders:complete_free", args=[order.number]), follow=True)
    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text

    assert (
        "You already have Dream Diary in your library, so there is nothing to do with free "
        f"order {order.number}: cancel it."
    ) in refused.text
    assert "<title>Already in your library" in confirmation
    assert "<h1>Already in your library</h1>" in confirmation
    for words in ("Thank you", "cannot be paid", "buy it again"):
        assert words not in refused.text + confirmation


def test_a_free_order_holding_a_comic_not_owned_too_reads_cannot_be_completed(client):
    customer, order, _ = free_and_owned_already(
        ComicAssetFactory(comic__title="Quiet Stars", comic__price_amount=0).comic
    )
    client.force_login(customer)

    listed = client.get(reverse("orders:list")).text
    page = client.get(reverse("orders:detail", args=[order.number])).text

    row = listed.split(f">{order.number}</a>")[1].split("</tr>")[0]
    assert "Cannot be completed" in row and "Already in your library" not in row
    assert "Get Quiet Stars in a new order</a>" in page
    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text
    assert "<h1>This order cannot be completed</h1>" in confirmation


def held_up_by(customer, *, waiting: list, under_way: list = (), titles=("Neon Tide",)):
    """A pending order of the comics `titles`, each also in another order of the customer's
    being paid: `waiting` lists, per such order, the titles it holds whose payment waits for
    the customer's 3-D Secure (a reloaded tab); `under_way`, those whose payment is at
    Stripe. The held-up order, then the others in that order."""
    comics = {title: ComicAssetFactory(comic__title=title).comic for title in titles}
    others = []
    for held, awaits in [(held, True) for held in waiting] + [(held, False) for held in under_way]:
        other = create_order_beside_cart(
            customer=customer,
            comics=[comics[title] for title in held],
            status=OrderStatus.PROCESSING,
        )
        status = PaymentStatus.REQUIRES_ACTION if awaits else PaymentStatus.PROCESSING
        PaymentFactory(order=other, status=status, stripe_payment_intent_id=f"pi_{other.pk}")
        others.append(other)
    order = create_order_beside_cart(
        customer=customer, comics=list(comics.values()), status=OrderStatus.PENDING
    )
    return order, *others


def test_the_pay_page_says_before_any_card_that_an_order_waiting_for_the_customer_holds_a_comic(
    client,
):
    """Found by an outside probe: the page showed the card form, and only the refused
    payment said "wait for that payment", though that payment waited for the customer's own
    3-D Secure: waiting did nothing."""
    customer = UserFactory()
    order, waiting = held_up_by(customer, waiting=[["Neon Tide"]])
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert 'Neon Tide is in your order <a class="order-number" href=' in page
    assert (
        f">{waiting.number}</a>, whose payment is waiting for you to confirm it with your bank: "
        "waiting does nothing. Finish that payment, or cancel that order to pay for it here."
    ) in page
    assert "wait for that payment" not in page
    assert f'href="{reverse("orders:pay", args=[waiting.number])}">Finish paying' in page
    assert f'action="{reverse("orders:cancel", args=[waiting.number])}"' in page
    assert f'name="next" value="{reverse("orders:pay", args=[order.number])}"' in page
    assert 'id="payment-form"' not in page  # no card typed for a payment that is refused


def test_the_pay_page_speaks_of_several_orders_waiting_for_the_customers_bank_in_the_plural(
    client,
):
    customer = UserFactory()
    order, first, second = held_up_by(
        customer, waiting=[["Neon Tide"], ["Quiet Stars"]], titles=("Neon Tide", "Quiet Stars")
    )
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert "Neon Tide and Quiet Stars are in your orders <a" in page
    assert f">{first.number}</a> and <a" in page
    assert (
        f">{second.number}</a>, whose payments are waiting for you to confirm them with your "
        "bank: waiting does nothing. Finish those payments, or cancel those orders to pay for "
        "them here."
    ) in page
    for other in (first, second):
        assert f'href="{reverse("orders:pay", args=[other.number])}">Finish paying' in page


def test_the_pay_page_asks_to_wait_for_a_payment_under_way_before_any_card(client):
    customer = UserFactory()
    order, paying = held_up_by(customer, waiting=[], under_way=[["Neon Tide"]])
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert f">{paying.number}</a>: wait for that payment. If it fails, this order can be" in page
    assert "waiting for you to confirm" not in page
    assert 'id="payment-form"' not in page


def test_a_card_sent_anyway_is_refused_in_the_same_words(client):
    """A pay page left open while another tab reached 3-D Secure: the refusal says it too."""
    customer = UserFactory()
    order, first, second = held_up_by(
        customer, waiting=[["Neon Tide"], ["Quiet Stars"]], titles=("Neon Tide", "Quiet Stars")
    )
    client.force_login(customer)

    response = client.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )

    assert response.status_code == 409
    assert response.json()["error"] == (
        f"Neon Tide and Quiet Stars are in your orders {first.number} and {second.number}, "
        "whose payments are waiting for you to confirm them with your bank: waiting does "
        f"nothing. Finish those payments, or cancel those orders to pay for them in order "
        f"{order.number}."
    )


def test_cancelling_the_waiting_order_from_the_pay_page_comes_back_to_pay(client):
    customer = UserFactory()
    order, waiting = held_up_by(customer, waiting=[["Neon Tide"]])
    client.force_login(customer)
    pay_page = reverse("orders:pay", args=[order.number])

    response = client.post(reverse("orders:cancel", args=[waiting.number]), {"next": pay_page})

    assert response.status_code == 302 and response.url == pay_page
    page = client.get(pay_page).text
    assert 'data-testid="being-paid"' not in page
    assert 'id="payment-form"' in page


def test_cancelling_sends_no_one_to_another_site(client):
    customer = UserFactory()
    order = create_order_beside_cart(
        customer=customer,
        comics=[ComicAssetFactory().comic],
        status=OrderStatus.PENDING,
    )
    client.force_login(customer)

    response = client.post(
        reverse("orders:cancel", args=[order.number]), {"next": "https://evil.example/"}
    )

    assert response.url == reverse("orders:detail", args=[order.number])


def test_a_comic_left_that_costs_nothing_is_to_get_in_a_new_order(client):
    """Outside probe HI-3: the other comic, free, was to "buy"."""
    owned = ComicFactory(title="Neon Tide", price_amount=499)
    free = ComicFactory(title="Dream Diary", price_amount=0)
    customer = UserFactory()
    order = create_order_beside_cart(
        customer=customer, comics=[owned, free], status=OrderStatus.PENDING
    )
    create_order_beside_cart(customer=customer, comics=[owned], status=OrderStatus.PAID)
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text
    refused = client.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )

    detail = reverse("catalog:detail", args=[free.slug])
    assert f'<a href="{detail}">Get Dream Diary in a new order</a>' in page
    assert (
        "cancel it and get the other comic, Dream Diary, in a new order."
        in (refused.json()["error"])
    )
