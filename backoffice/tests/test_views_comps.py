"""Giving a customer comics from the back office."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.services import guest_account_create
from backoffice.tests.helpers import headings
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once, waits_for_a_lock
from morpheus_testing.factories import (
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    create_order_beside_cart,
)
from morpheus_testing.jobs import run_queued_jobs
from orders.errors import AlreadyOwned
from orders.models import Order, OrderEventType
from orders.transitions import OrderStatus
from payments.models import PaymentStatus
from payments.services import payment_start

pytestmark = pytest.mark.django_db
COMP_URL = reverse("admin:orders_order_comp")


def test_support_gives_a_customer_a_comic(support_client):
    customer, comic = UserFactory(), ComicFactory(price_amount=650)

    response = support_client.post(
        COMP_URL, {"customer": customer.email, "comics": [comic.pk], "reason": "Contest winner"}
    )

    with system_scope():
        order = Order.objects.get(customer=customer)
        comp = order.events.get(type=OrderEventType.COMP)
    assert response.url == reverse("admin:orders_order_change", args=[order.pk])
    assert (order.status, order.total_amount) == (OrderStatus.PAID, 0)
    assert (comp.reason, comp.actor) == ("Contest winner", f"staff:{support_client.user.username}")


def test_the_gift_screens_reason_box_stops_at_what_a_reason_may_hold(support_client):
    """As every reason box of the back office (outside probes EN-1, ET-3)."""
    page = support_client.get(COMP_URL).content.decode()

    assert 'id="id_reason" rows="2" maxlength="500"' in page


def test_a_gift_is_not_thanked_as_the_customers_order_its_downloads_email_goes(
    support_client,
):
    """Found by an outside probe: the customer was sent "We received your order … Thank you
    for your order" for comics staff gave them."""
    customer, comic = UserFactory(), ComicFactory(price_amount=650)
    support_client.post(
        COMP_URL, {"customer": customer.email, "comics": [comic.pk], "reason": "Contest winner"}
    )

    run_queued_jobs()

    subjects = [message.subject for message in mail.outbox]
    assert not any("We received your order" in subject for subject in subjects)
    assert any("free of charge" in subject for subject in subjects)


def test_the_customer_is_emailed_once_that_the_comics_are_a_gift_free_of_charge(support_client):
    """Found by an outside probe: the one email, "Your comics from order MO-… are ready",
    said nothing of a gift and read like an order the customer never placed."""
    customer = UserFactory()
    comics = [ComicFactory(title="Euro Big"), ComicFactory(title="Tiny <Extra>")]
    form = {"customer": customer.email, "comics": [c.pk for c in comics], "reason": "Goodwill"}
    support_client.post(COMP_URL, form)

    run_queued_jobs()
    run_queued_jobs()

    with system_scope():
        order = Order.objects.get(customer=customer)
    (message,) = mail.outbox
    assert message.subject == (
        f"Morpheus has given you comics, free of charge (order {order.number})"
    )
    assert message.body.startswith(
        "Morpheus has given you Euro Big and Tiny <Extra>, free of charge: you were not "
        f"charged and have nothing to pay. They are in order {order.number}, which we "
        "opened for you, ready to download.\n"
    )
    assert len(re.findall(r"^- (Euro Big|Tiny <Extra>) .*/downloads/", message.body, re.M)) == 2
    ((html, _),) = message.alternatives
    assert "A gift from Morpheus" in html
    assert "Morpheus has given you Euro Big and Tiny &lt;Extra&gt;, free of charge" in html
    assert "Goodwill" not in message.body + html  # staff's reason is theirs


def test_the_gift_emails_html_part_has_the_gifts_title(support_client):
    """Outside probe BK-7: its HTML part was titled "Your order MO-…", as an order placed."""
    customer, comic = UserFactory(), ComicFactory()
    support_client.post(
        COMP_URL, {"customer": customer.email, "comics": [comic.pk], "reason": "Goodwill"}
    )

    run_queued_jobs()

    with system_scope():
        order = Order.objects.get(customer=customer)
    ((html, _),) = mail.outbox[0].alternatives
    assert (
        f"<title>Morpheus has given you a comic, free of charge (order {order.number})</title>"
        in html
    )


def test_the_customers_order_page_and_list_say_the_comics_were_given_not_ordered(
    support_client,
):
    """Outside probe BK-7: the order page of a gift read "Placed …", then "Order placed" and
    "Confirmed" in its history, as an order the customer had placed and confirmed."""
    customer, comic = UserFactory(), ComicFactory(title="Atlas")
    support_client.post(
        COMP_URL, {"customer": customer.email, "comics": [comic.pk], "reason": "Goodwill"}
    )
    run_queued_jobs()
    with system_scope():
        order = Order.objects.get(customer=customer)
    shopper = Client()
    shopper.force_login(customer)

    page = shopper.get(reverse("orders:detail", args=[order.number])).text
    listed = shopper.get(reverse("orders:list")).text
    confirmation = shopper.get(reverse("orders:confirmation", args=[order.number])).text

    placed = re.search(r'<p class="order-placed">([^<]*)<', page)[1]
    assert placed.startswith("Given to you by Morpheus, free of charge, ")
    history = re.findall(r"</time> ([^<]*)</li>", page)
    assert history == ["Given to you by Morpheus, free of charge", "Ready to download"]
    assert 'data-testid="paid-with"' not in page
    assert "Goodwill" not in page
    assert (
        'Atlas</bdi> <span class="hint">(given to you by Morpheus, free of charge)</span>' in listed
    )
    # Outside probe BL-10: the confirmation page read "Confirmed …, nothing to pay".
    given = re.search(r'<dd data-testid="amount-paid">([^<]*)<', confirmation)[1]
    assert given.startswith("Given to you by Morpheus, free of charge, ")
    assert "nothing to pay" not in confirmation


def test_the_customer_is_found_by_their_username_in_any_case(support_client):
    """As at sign-in (found by an outside probe: "BOB" found nobody)."""
    customer, comic = UserFactory(username="bob"), ComicFactory()

    support_client.post(COMP_URL, {"customer": "BOB", "comics": [comic.pk], "reason": "Prize"})

    with system_scope():
        assert Order.objects.filter(customer=customer, status=OrderStatus.PAID).exists()


def test_a_comic_without_a_file_is_not_offered_nor_given(support_client):
    customer, comic = UserFactory(), ComicFactory(title="Yen Comic", file=False)

    page = support_client.get(COMP_URL)
    response = support_client.post(
        COMP_URL, {"customer": customer.email, "comics": [comic.pk], "reason": "Contest winner"}
    )

    assert "Yen Comic" not in page.content.decode()
    assert response.status_code == 200  # the form again, saying the choice is not valid
    with system_scope():
        assert not Order.objects.filter(customer=customer).exists()


def test_giving_comics_needs_the_permission(finance_client):
    customer, comic = UserFactory(), ComicFactory()
    response = finance_client.post(
        COMP_URL, {"customer": customer.username, "comics": [comic.pk], "reason": "x"}
    )
    assert response.status_code == 403
    with system_scope():
        assert not Order.objects.filter(customer=customer).exists()


def test_support_cannot_give_comics_to_staff_themselves_included(support_client):
    comic = ComicFactory()

    response = support_client.post(
        COMP_URL,
        {"customer": support_client.user.username, "comics": [comic.pk], "reason": "Mine"},
    )

    assert "No customer account has that username or email address" in response.content.decode()
    with system_scope():
        assert not Order.objects.filter(customer=support_client.user).exists()


def test_a_comic_the_customer_owns_is_not_given_again(support_client):
    customer, comic = UserFactory(username="reader7"), ComicFactory(title="Paper Moons")
    form = {"customer": customer.email, "comics": [comic.pk], "reason": "Contest winner"}
    support_client.post(COMP_URL, form)

    again = support_client.post(COMP_URL, form)

    assert again.status_code == 200
    assert "reader7 already owns Paper Moons (in their library): nothing was given." in (
        again.content.decode()
    )
    with system_scope():
        assert Order.objects.filter(customer=customer).count() == 1


@pytest.mark.parametrize(
    ("attempt", "payment"),
    [
        (PaymentStatus.REQUIRES_ACTION, "payment waiting for their 3-D Secure"),
        (PaymentStatus.CREATING, "payment under way"),
    ],
)
def test_a_comic_the_customer_is_paying_for_is_not_given_and_the_paying_order_is_named(
    support_client, attempt, payment
):
    """Found by an outside probe: the comp gave it, then the payment went through, and the
    customer paid for the comic they had just been given."""
    customer = UserFactory(username="cust9")
    ghost, other = ComicFactory(title="Ghost in the Margins"), ComicFactory(title="Paper Moons")
    paying = create_order(customer=customer, comics=[ghost], status=OrderStatus.PROCESSING)
    PaymentFactory(order=paying, status=attempt)

    response = support_client.post(
        COMP_URL,
        {"customer": "cust9", "comics": [ghost.pk, other.pk], "reason": "Goodwill, ticket 42"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f"cust9 is paying for Ghost in the Margins in order {paying.number} ({payment}): "
        "nothing was given. If that payment fails or that order is canceled, give it then."
    ) in page
    assert "Goodwill, ticket 42</textarea>" in page
    assert 'value="cust9"' in page
    with system_scope():
        assert list(Order.objects.filter(customer=customer)) == [paying]


def test_a_comic_in_an_order_not_paid_for_yet_is_given_and_that_order_can_no_longer_be_paid(
    support_client,
):
    customer, comic = UserFactory(), ComicFactory(title="Ghost in the Margins")
    pending = create_order_beside_cart(
        customer=customer, comics=[comic], status=OrderStatus.PENDING
    )

    response = support_client.post(
        COMP_URL, {"customer": customer.email, "comics": [comic.pk], "reason": "Goodwill"}
    )

    assert response.status_code == 302
    with pytest.raises(AlreadyOwned, match=f"Order {pending.number} cannot be paid: cancel it."):
        payment_start(order=pending, actor="customer:test", payment_method_id="pm_card_visa")


@pytest.mark.django_db(transaction=True)
def test_a_comp_sent_while_the_customers_payment_starts_waits_for_it_and_gives_nothing(
    support_client,
):
    """The comp and a payment's start take turns on the customer: the comp finds the
    payment under way, or the payment finds the comic given, never neither."""
    customer, comic = UserFactory(username="cust9"), ComicFactory(title="Ghost in the Margins")
    order = create_order(customer=customer, comics=[comic])
    form = {"customer": "cust9", "comics": [comic.pk], "reason": "Goodwill"}

    with system_scope():
        payment_start(order=order, actor="customer:test", payment_method_id="pm_card_visa")
        waited = waits_for_a_lock(lambda: support_client.post(COMP_URL, form))

    assert waited
    again = support_client.post(COMP_URL, form)
    assert f"in order {order.number} (payment under way): nothing was given." in again.text
    with system_scope():
        assert list(Order.objects.filter(customer=customer)) == [order]


@pytest.mark.django_db(transaction=True)
def test_the_same_comp_sent_twice_at_once_gives_one_order(support_client):
    customer, comic = UserFactory(), ComicFactory()
    form = {"customer": customer.email, "comics": [comic.pk], "reason": "Contest winner"}
    staff = support_client.user

    def send_it() -> int:
        tab = Client()
        tab.force_login(staff)
        return tab.post(COMP_URL, form).status_code

    assert sorted(at_once(send_it, times=2)) == [200, 302]
    with system_scope():
        assert Order.objects.filter(customer=customer).count() == 1


def comp_form_shown(client: Client, **answers) -> dict:
    """The answers, with the key of a comp form the page showed (as a browser sends it)."""
    page = client.get(COMP_URL).text
    (form_key,) = re.findall(r'name="form_key" value="([0-9a-f-]+)"', page)
    return {**answers, "form_key": form_key}


def test_the_same_comp_form_sent_again_leads_to_the_order_it_made(support_client):
    """Outside probe BN-4: the repeat of a double click said "… already owns …: nothing was
    given", and staff thought the comp had failed."""
    customer, comic = UserFactory(username="bob"), ComicFactory(title="Ghost in the Margins")
    form = comp_form_shown(
        support_client, customer="bob", comics=[comic.pk], reason="Contest winner"
    )
    first = support_client.post(COMP_URL, form)

    again = support_client.post(COMP_URL, form, follow=True)

    with system_scope():
        (order,) = Order.objects.filter(customer=customer)
    assert (
        first.url
        == again.redirect_chain[0][0]
        == reverse("admin:orders_order_change", args=[order.pk])
    )
    assert (
        f"Order {order.number} already gives these comics: this form was sent twice, and "
        "nothing more was given."
    ) in again.text
    assert "nothing was given" not in again.text


@pytest.mark.django_db(transaction=True)
def test_the_same_comp_form_sent_three_times_at_once_leads_each_to_the_one_order(
    support_client,
):
    customer, comic = UserFactory(), ComicFactory()
    form = comp_form_shown(
        support_client, customer=customer.email, comics=[comic.pk], reason="Contest winner"
    )
    staff = support_client.user

    def send_it() -> tuple[int, str]:
        tab = Client()
        tab.force_login(staff)
        response = tab.post(COMP_URL, form)
        return response.status_code, response.get("Location", "")

    answers = at_once(send_it, times=3)

    with system_scope():
        (order,) = Order.objects.filter(customer=customer)
    assert answers == [(302, reverse("admin:orders_order_change", args=[order.pk]))] * 3


def test_the_same_form_with_other_comics_ticked_after_going_back_is_a_new_comp(
    support_client,
):
    customer, first, second = UserFactory(username="bob"), ComicFactory(), ComicFactory()
    form = comp_form_shown(support_client, customer="bob", comics=[first.pk], reason="Goodwill")
    support_client.post(COMP_URL, form)

    support_client.post(COMP_URL, {**form, "comics": [second.pk]})

    with system_scope():
        assert Order.objects.filter(customer=customer).count() == 2


def test_the_comp_screen_is_headed_once_by_its_title(support_client):
    """Found by an outside probe: the card's heading repeated the page's."""
    page = support_client.get(COMP_URL).text

    assert headings(page).count("Give comics to a customer") == 1


def test_a_guest_checkout_with_a_customers_address_leaves_the_customer_found_by_it(
    support_client,
):
    """Outside probe HC-1: a guest's checkout with a customer's address (anyone may type it)
    made the address match two accounts, and staff were told no customer had it."""
    customer, comic = UserFactory(email="bob@example.org"), ComicFactory()
    with system_scope():
        guest_account_create(email="BOB@example.org")

    response = support_client.post(
        COMP_URL, {"customer": "bob@example.org", "comics": [comic.pk], "reason": "Sorry"}
    )

    assert response.status_code == 302
    with system_scope():
        assert Order.objects.get(customer=customer).items.get().comic == comic


def test_an_address_two_customer_accounts_share_asks_for_the_username(support_client):
    first, second = UserFactory(email="twin@example.org"), UserFactory(email="twin@example.org")
    comic = ComicFactory()

    answer = support_client.post(
        COMP_URL, {"customer": "twin@example.org", "comics": [comic.pk], "reason": "x"}
    )
    by_name = support_client.post(
        COMP_URL, {"customer": second.username.upper(), "comics": [comic.pk], "reason": "x"}
    )

    assert "More than one customer account has that username or email address" in (
        answer.content.decode()
    )
    assert by_name.status_code == 302
    with system_scope():
        assert list(Order.objects.filter(customer__in=[first, second])) == [
            Order.objects.get(customer=second)
        ]


def test_a_username_that_is_another_customers_address_asks_for_the_username(support_client):
    """Outside probe HE-1: mallory signed up with bob's address as her username, and comics
    given to bob's address went to her."""
    bob = UserFactory(username="bob", email="bob@example.org")
    mallory = UserFactory(username="bob@example.org", email="mallory@example.org")
    comic = ComicFactory()

    answer = support_client.post(
        COMP_URL, {"customer": "bob@example.org", "comics": [comic.pk], "reason": "x"}
    )
    by_name = support_client.post(
        COMP_URL, {"customer": "bob", "comics": [comic.pk], "reason": "x"}
    )

    assert "More than one customer account has that username or email address" in (
        answer.content.decode()
    )
    assert by_name.status_code == 302
    with system_scope():
        assert not Order.objects.filter(customer=mallory).exists()
        assert Order.objects.filter(customer=bob).count() == 1


def test_an_address_drawn_like_a_customers_finds_no_one(support_client):
    """Outside probe HE-4: "al\u0131ce@…", a dotless i for the i, found alice, as
    PostgreSQL's UPPER() reads it; mail to it goes elsewhere."""
    alice = UserFactory(username="alice", email="alice@example.org")
    comic = ComicFactory()

    answers = [
        support_client.post(COMP_URL, {"customer": typed, "comics": [comic.pk], "reason": "x"})
        for typed in ("al\u0131ce@example.org", "al\u0131ce")
    ]

    for answer in answers:
        assert "No customer account has that username or email address" in answer.text
    with system_scope():
        assert not Order.objects.filter(customer=alice).exists()
