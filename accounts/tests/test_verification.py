"""Confirmed addresses: new accounts and email changes; download links only to a confirmed one."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import selectors, services
from accounts.errors import VerificationLinkInvalid
from accounts.verification import restoring_reset_read, restoring_reset_value
from delivery.tasks import fulfil_order
from delivery.tests.conftest import run_fulfilment_jobs
from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus_testing.clock import YESTERDAY_NOON
from morpheus_testing.factories import ComicAssetFactory, UserFactory, create_order
from morpheus_testing.jobs import queued_jobs, run_queued_jobs
from notifications.models import EmailAddress, EmailDelivery, EmailKind
from orders import services as order_services
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def confirmation_path(to: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [to] and "Confirm" in m.subject]
    return re.search(r"http://[^/]+(/accounts/email/verify/\S+/)", message.body).group(1)


def sign_up(client, username: str, email: str):
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "email": email,
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )


def paid_order_fulfilled(customer):
    order = create_order(
        customer=customer, comics=[ComicAssetFactory().comic], status=OrderStatus.PROCESSING
    )
    order_services.order_transition(name="mark_paid", order=order, actor="test", reason="paid")
    run_fulfilment_jobs()
    return order


def download_emails(to: str) -> list:
    return [m for m in mail.outbox if m.to == [to] and m.subject.startswith("Your comic")]


def test_signing_up_emails_a_link_that_confirms_the_address(client):
    sign_up(client, "newreader", "new@example.com")
    run_queued_jobs()

    answer = client.post(confirmation_path("new@example.com"))

    assert answer.status_code == 302 and answer["Location"] == reverse("account")
    with system_scope():
        (address,) = EmailAddress.objects.filter(user__username="newreader")
    assert address.email == "new@example.com" and address.verified_at is not None


def test_opening_the_link_confirms_nothing_until_its_button_is_pressed(client):
    """Found by an outside probe: opening the link confirmed the address, so a mail scanner
    or a link preview could confirm it, and join its guest orders to the account."""
    customer = UserFactory(email_verified=False)
    services.email_verification_start(user=customer, email=customer.email)
    run_queued_jobs(names=["accounts.tasks.send_email_verification"])
    link = confirmation_path(customer.email)

    opened = client.get(link)

    assert opened.status_code == 200
    assert f"Confirm {customer.email}</button>" in opened.text
    assert not confirmed(customer)
    client.post(link)
    assert confirmed(customer)


def test_a_link_to_another_accounts_address_names_the_account_and_says_whose_it_is(client):
    """Found by an outside probe: asked to change to another account's address, the mailbox's
    owner was shown "Is it yours?" only; confirming gave the asking account the address and
    the guest orders bought with it. The mailbox may have changed hands, so it is asked."""
    owner = UserFactory(email="shared@example.com")
    asking = UserFactory(username="mallory")
    client.force_login(asking)
    change_email(client, "shared@example.com")
    own_address = UserFactory(email_verified=False)
    services.email_verification_start(user=own_address, email=own_address.email)
    run_queued_jobs(names=["accounts.tasks.send_email_verification"])

    asked = Client().get(confirmation_path("shared@example.com"))
    usual = Client().get(confirmation_path(own_address.email))

    assert "the address of the account <strong>mallory</strong>" in asked.text
    assert (
        "This address is already the confirmed address of another account. Confirm it only if "
        "the account <strong>mallory</strong> is yours too. Orders bought as a guest with it "
        "before that account confirmed it have joined that account and stay there."
    ) in asked.text
    assert "orders bought as a guest with it join that account" not in asked.text  # GT-8
    assert "orders bought as a guest with it join that account" in usual.text
    assert "already the confirmed address" not in usual.text
    assert f"the address of the account <strong>{own_address.username}</strong>" in usual.text
    assert account_email(owner) == "shared@example.com"


def test_a_link_to_another_accounts_address_says_the_guest_orders_it_takes_from_its_offer(
    client,
):
    """Outside probe HM-1: a second account confirming the address took the guest order the
    first account's page offered, and the page said only that orders joined before stay."""
    UserFactory(email="shared@example.com")
    create_order(customer=services.guest_account_create(email="shared@example.com"))
    client.force_login(UserFactory(username="second"))
    change_email(client, "shared@example.com")

    asked = Client().get(confirmation_path("shared@example.com"))

    assert (
        "1 order bought as a guest with it, which no account has added yet, joins the account "
        "<strong>second</strong> when you confirm it (the other account's page offers it "
        "until then)."
    ) in asked.text


def confirmed(customer) -> bool:
    with system_scope():
        return selectors.account_address_state(user=customer).verified


def test_a_link_pressed_while_signed_in_to_another_account_says_whose_it_confirms(client):
    """Found by an outside probe: the other account's page said "Thank you: … confirmed"."""
    customer = UserFactory(email_verified=False)
    services.email_verification_start(user=customer, email=customer.email)
    run_queued_jobs(names=["accounts.tasks.send_email_verification"])
    client.force_login(UserFactory())

    page = client.post(confirmation_path(customer.email), follow=True)

    assert f"{customer.email} is confirmed for the account it was sent to." in page.text
    assert confirmed(customer)


def test_download_links_wait_for_the_address_to_be_confirmed_then_go_out(client):
    customer = UserFactory(email_verified=False)
    services.email_verification_start(user=customer, email=customer.email)
    run_queued_jobs(names=["accounts.tasks.send_email_verification"])
    order = paid_order_fulfilled(customer)
    held = download_emails(customer.email)

    client.post(confirmation_path(customer.email))
    run_fulfilment_jobs()

    assert held == []
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    (sent,) = download_emails(customer.email)
    assert order.number in sent.subject


def test_opening_the_confirmation_link_again_queues_the_held_download_email_once(client):
    customer = UserFactory(email_verified=False)
    services.email_verification_start(user=customer, email=customer.email)
    run_queued_jobs(names=["accounts.tasks.send_email_verification"])
    paid_order_fulfilled(customer)
    link = confirmation_path(customer.email)

    client.post(link)
    client.post(link)  # the button pressed twice
    services.email_confirm_by_password_reset(user_id=customer.pk)

    assert [name for _, name, _ in queued_jobs()].count(fulfil_order.name) == 1


def test_links_held_for_an_address_the_account_gave_up_go_to_the_address_it_confirmed(client):
    """Outside probe BC (BC-3): an order placed before the account moved to another address
    waited for ever for the old one's confirmation, which its retired link no longer gave,
    and its page sent the customer to an account page that could not send it."""
    customer = UserFactory(email="first@example.com", email_verified=False)
    services.email_verification_start(user=customer, email=customer.email)
    order = paid_order_fulfilled(customer)
    client.force_login(customer)

    change_email(client, "second@example.com")
    client.post(confirmation_path("second@example.com"))
    run_fulfilment_jobs()

    assert download_emails("first@example.com") == []
    (sent,) = download_emails("second@example.com")
    assert order.number in sent.subject
    page = client.get(reverse("orders:detail", args=[order.number])).text
    assert "first@example.com" not in page
    assert 'data-testid="emailed-links"' in page
    assert "Emails for this order now go to your confirmed address" in page
    delivery = EmailDelivery.objects.get(order=order, kind=EmailKind.DOWNLOADS_READY)
    assert delivery.recipient == "second@example.com"  # what the customer's data export names


def test_an_email_change_keeps_the_old_address_until_the_new_one_is_confirmed(client):
    customer = UserFactory()
    client.force_login(customer)

    client.post(reverse("email_change"), {"email": "moved@example.com", "password": PASSWORD})
    run_queued_jobs()
    before = get_user_model().objects.get(pk=customer.pk).email
    client.post(confirmation_path("moved@example.com"))

    assert before == customer.email
    assert get_user_model().objects.get(pk=customer.pk).email == "moved@example.com"
    page = client.get(reverse("account"))
    assert "moved@example.com" in page.text and "confirmed" in page.text


def test_the_orders_of_a_confirmed_address_follow_the_address_that_replaced_it(client):
    """Outside probe DX-1: after the change, fresh links re-sent for an earlier order went to
    the confirmed address the customer had just replaced."""
    customer = UserFactory(email_verified=True)
    earlier = create_order(customer=customer, status=OrderStatus.FULFILLED)
    client.force_login(customer)

    client.post(reverse("email_change"), {"email": "moved@example.com", "password": PASSWORD})
    run_queued_jobs()
    client.post(confirmation_path("moved@example.com"))

    with system_scope():
        earlier.refresh_from_db()
    assert earlier.email == "moved@example.com"
    page = client.get(reverse("orders:detail", args=[earlier.number])).text
    assert "Emails for this order now go to your confirmed address" in page


@pytest.mark.parametrize("confirmed", [True, False], ids=["confirmed", "not-confirmed"])
def test_the_account_page_says_where_links_go_while_a_change_waits(client, confirmed):
    """Outside probe AR (AR-2): with a confirmed address and a change waiting, the page read
    "Download links are emailed only to a confirmed address", as if the links were held."""
    customer = UserFactory(email_verified=confirmed)
    client.force_login(customer)

    client.post(reverse("email_change"), {"email": "moved@example.com", "password": PASSWORD})
    page = client.get(reverse("account")).text

    (waiting,) = re.findall(r'data-testid="address-waiting">([^<]*)<', page)
    assert waiting.startswith("We sent a confirmation link to moved@example.com. ")
    if confirmed:
        assert waiting.endswith(
            "Your address changes once you follow it; until then receipts and download links "
            f"go to {customer.email}."
        )
    else:
        assert waiting.endswith("Download links are emailed only to a confirmed address.")


def test_an_address_longer_than_an_email_can_be_is_refused_by_the_form(client):
    """Found by an outside probe: a form took up to 320 characters where accounts and
    addresses keep 254 (the longest an address can be), and 255 gave a server error."""
    customer = UserFactory()
    client.force_login(customer)
    too_long = "a" * 243 + "@example.com"

    response = client.post(reverse("email_change"), {"email": too_long, "password": PASSWORD})
    signed_up = sign_up(Client(), "longest", too_long)

    for refused in (response, signed_up):
        assert refused.status_code == 200
        assert "at most 254 characters (it has 255)" in refused.text
    assert not EmailAddress.objects.filter(email=too_long).exists()
    assert not get_user_model().objects.filter(username="longest").exists()


def change_email(client, email: str) -> None:
    client.post(reverse("email_change"), {"email": email, "password": PASSWORD})
    run_queued_jobs()


def account_email(customer) -> str:
    return get_user_model().objects.get(pk=customer.pk).email


def test_a_superseded_address_link_cannot_take_the_account_over(client):
    customer = UserFactory(email="mine@example.com")
    client.force_login(customer)
    change_email(client, "typo@example.com")  # someone else's address
    change_email(client, "right@example.com")
    client.post(confirmation_path("right@example.com"))
    stranger = client.__class__()

    answer = stranger.get(confirmation_path("typo@example.com"))

    assert answer.status_code == 400
    assert account_email(customer) == "right@example.com"


def test_a_replaced_address_link_does_not_switch_the_account_back(client):
    customer = UserFactory(email="old@example.com", email_verified=False)
    services.email_verification_start(user=customer, email=customer.email)
    run_queued_jobs()
    old_link = confirmation_path("old@example.com")
    client.post(old_link)
    client.force_login(customer)
    change_email(client, "new@example.com")
    client.post(confirmation_path("new@example.com"))

    answer = client.post(old_link)

    assert answer.status_code == 400
    assert account_email(customer) == "new@example.com"


def test_an_address_given_up_and_asked_for_again_is_confirmed_again(client):
    customer = UserFactory(email="first@example.com")
    client.force_login(customer)
    change_email(client, "second@example.com")
    client.post(confirmation_path("second@example.com"))
    mail.outbox.clear()

    change_email(client, "first@example.com")
    before = account_email(customer)
    client.post(confirmation_path("first@example.com"))

    assert before == "second@example.com"
    assert account_email(customer) == "first@example.com"


def test_confirming_the_current_address_again_keeps_a_change_waiting(client):
    customer = UserFactory(email="here@example.com")
    client.force_login(customer)
    change_email(client, "there@example.com")

    services.email_confirm_by_password_reset(user_id=customer.pk)  # a reset proves "here"
    client.post(confirmation_path("there@example.com"))

    assert account_email(customer) == "there@example.com"


def test_the_old_confirmed_address_is_told_when_the_account_moves_to_another(client):
    customer = UserFactory(email="before@example.com")
    client.force_login(customer)
    change_email(client, "after@shop-reader.example")
    client.post(confirmation_path("after@shop-reader.example"))
    run_queued_jobs()

    (notice,) = [m for m in mail.outbox if m.to == ["before@example.com"]]
    assert "changed" in notice.subject
    assert "shop-reader.example" in notice.body
    assert "after@shop-reader.example" not in notice.body
    assert reverse("password_reset") in notice.body


def test_an_old_address_never_confirmed_is_not_told(client):
    customer = UserFactory(email="typo@example.com", email_verified=False)
    client.force_login(customer)
    change_email(client, "right@example.com")
    client.post(confirmation_path("right@example.com"))
    run_queued_jobs()

    assert [m for m in mail.outbox if m.to == ["typo@example.com"]] == []


def test_an_email_change_needs_the_password(client):
    customer = UserFactory()
    client.force_login(customer)

    answer = client.post(reverse("email_change"), {"email": "x@example.com", "password": "no"})
    run_queued_jobs()

    assert answer.status_code == 200 and "That is not your password." in answer.text
    assert mail.outbox == []


def test_a_forged_link_is_refused():
    with pytest.raises(VerificationLinkInvalid):
        services.email_verify(token="eyJ1c2VyIjoxfQ:forged:signature")


def test_a_link_older_than_three_days_is_refused(client):
    customer = UserFactory(email_verified=False)
    sent = YESTERDAY_NOON - timedelta(days=3)
    with time_machine.travel(sent, tick=False):
        services.email_verification_start(user=customer, email=customer.email)
        run_queued_jobs()
    path = confirmation_path(customer.email)

    with time_machine.travel(sent + timedelta(days=3, seconds=1), tick=False):
        answer = client.get(path)

    assert answer.status_code == 400 and "expired" in answer.text


def test_a_customer_sees_only_their_own_addresses():
    mine, theirs = UserFactory(), UserFactory()

    with rls_scope(scope=Scope.CUSTOMER, user_id=mine.pk):
        visible = list(EmailAddress.objects.values_list("email", flat=True))

    assert visible == [mine.email]
    assert theirs.email not in visible


def test_the_account_page_links_orders_tokens_password_and_sign_out(client):
    customer = UserFactory()
    client.force_login(customer)

    page = client.get(reverse("account")).text

    for url in (
        reverse("orders:list"),
        reverse("api:tokens"),
        reverse("password_change"),
        reverse("email_change"),
        reverse("logout"),
    ):
        assert f'"{url}"' in page
    assert f"Signed in as <strong>{customer.username}</strong>" in page


def confirmation_emails_to(address: str) -> int:
    return len([m for m in mail.outbox if m.to == [address] and "Confirm" in m.subject])


def test_the_change_form_sent_twice_sends_one_link_and_asking_later_sends_another(client):
    customer = UserFactory()
    client.force_login(customer)

    change_email(client, "moved@example.com")
    change_email(client, "moved@example.com")  # a double click
    at_once = confirmation_emails_to("moved@example.com")
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        change_email(client, "moved@example.com")
    later = confirmation_emails_to("moved@example.com")

    assert (at_once, later) == (1, 2)


def test_the_change_form_sent_twice_long_after_the_first_ask_sends_one_link_counted_once(
    client, throttle_rates
):
    """Outside probe BD (BD-3): a minute after the address was first asked for, each post
    of a double click sent a link and counted it, so two double clicks used up the hour's
    confirmation emails."""
    throttle_rates("email_resend_account", 3, seconds=3600)
    customer = UserFactory()
    client.force_login(customer)
    form = {"email": "moved@example.com", "password": PASSWORD}

    client.post(reverse("email_change"), form)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        double_click = [client.post(reverse("email_change"), form) for _ in range(2)]
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        later = client.post(reverse("email_change"), form)
    run_queued_jobs()

    assert [answer.status_code for answer in double_click] == [302, 302]
    assert later.status_code == 302
    assert confirmation_emails_to("moved@example.com") == 3


def test_what_a_reset_link_restores_counts_only_for_its_account_and_unforged():
    value = restoring_reset_value(user_id=1, replaced_address_id=7)

    assert restoring_reset_read(value, user_id=1) == 7
    assert restoring_reset_read(value, user_id=2) is None
    assert restoring_reset_read(value[:-2] + "xx", user_id=1) is None


def test_confirming_a_sign_up_address_typed_with_a_capital_domain_replaces_no_address(client):
    """Outside probe DL-1: the account kept erin@example.com, its address record
    erin@Example.COM, and confirming it recorded the address as replaced by itself (the
    data export listed it), with a change notice queued."""
    sign_up(client, "erin", "erin@Example.COM")
    run_queued_jobs()

    Client().post(confirmation_path("erin@example.com"))

    with system_scope():
        erin = get_user_model().objects.get(username="erin")
        assert erin.email == "erin@example.com"
        assert not erin.replaced_addresses.exists()
        assert list(EmailAddress.objects.filter(user=erin).values_list("email", flat=True)) == [
            "erin@example.com"
        ]


def test_the_confirmation_page_names_the_address_as_the_account_shows_it(client):
    """Outside probe DM-2: "Is mix.case@example.com yours?", then "Mix.Case@example.com is
    confirmed"."""
    sign_up(client, "mix", "Mix.Case@Example.COM")
    run_queued_jobs()

    page = Client().get(confirmation_path("Mix.Case@example.com")).text

    assert "Is <strong>Mix.Case@example.com</strong> yours?" in page


def test_a_changed_address_is_kept_as_sign_up_keeps_one(client):
    """Outside probe DM-2: a change kept the domain's capitals, sign-up lower-cased them."""
    customer = UserFactory()

    services.email_change_request(user=customer, email="New.Addr@Other.ORG")

    with system_scope():
        assert EmailAddress.objects.filter(user=customer, email="New.Addr@other.org").exists()
