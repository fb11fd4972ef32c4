"""Forgotten and changed passwords: Django's reset views, emailed by a job, their limits."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import email_verification_start
from morpheus.db_context import system_scope
from morpheus_testing.api_fixtures import api_token_secret
from morpheus_testing.clock import YESTERDAY_NOON
from morpheus_testing.factories import UserFactory, create_order
from morpheus_testing.jobs import run_queued_jobs
from notifications.models import EmailAddress
from orders.models import OrderEventType
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-fresh-unusual-passphrase"


def ask_for_reset(client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


def reset_link() -> str:
    (message,) = [m for m in mail.outbox if "Reset your Morpheus password" in m.subject]
    return re.search(r"http://[^/]+(/accounts/password/reset/\S+)", message.body).group(1)


def choose_new_password(client, link: str):
    form_page = client.get(link, follow=True)
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_a_reset_link_is_emailed_after_the_request_and_sets_a_new_password(client):
    user = UserFactory()

    answer = ask_for_reset(client, user.email.upper())
    sent_during_request = len(mail.outbox)
    run_queued_jobs()
    done = choose_new_password(client, reset_link())

    assert answer.status_code == 302 and answer["Location"] == reverse("password_reset_done")
    assert sent_during_request == 0
    assert mail.outbox[0].to == [user.email]
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert client.login(username=user.username, password=NEW_PASSWORD)
    assert not client.login(username=user.username, password=PASSWORD)


def test_a_reset_asked_for_twice_at_once_emails_one_link_that_works(client):
    """Outside probe EW-1: the form sent twice mailed two links, the first of them dead
    once the second was used."""
    user = UserFactory()

    for _sent in range(2):
        ask_for_reset(client, user.email)
    run_queued_jobs()

    done = choose_new_password(client, reset_link())  # the one reset email
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")


def test_setting_a_new_password_from_the_emailed_link_confirms_the_address(client):
    user = UserFactory(email_verified=False)
    email_verification_start(user=user, email=user.email)  # as signing up does
    ask_for_reset(client, user.email)
    run_queued_jobs()

    choose_new_password(client, reset_link())

    with system_scope():
        address = EmailAddress.objects.get(user=user, email__iexact=user.email)
    assert address.verified_at is not None


def test_a_reset_link_works_once(client):
    user = UserFactory()
    ask_for_reset(client, user.email)
    run_queued_jobs()
    link = reset_link()
    choose_new_password(client, link)

    again = client.get(link, follow=True)

    assert "This link does not work any more" in again.text
    assert get_user_model().objects.get(pk=user.pk).check_password(NEW_PASSWORD)


def test_a_new_password_from_the_emailed_link_signs_in_at_once_after_a_lock(client, throttle_rates):
    """Found by an outside probe: "Your password is changed: sign in" was followed by "Too
    many password attempts for this account"."""
    throttle_rates("signin_account", 2)
    user = UserFactory()
    locked = [
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
        for _ in range(3)
    ]
    ask_for_reset(Client(), user.email)
    run_queued_jobs()

    choose_new_password(client, reset_link())
    signed_in = Client().post(
        reverse("login"), {"username": user.username, "password": NEW_PASSWORD}
    )

    assert [answer.status_code for answer in locked] == [200, 200, 429]
    assert signed_in.status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_email(client):
    answer = ask_for_reset(client, "nobody@example.com")
    run_queued_jobs()

    assert answer.status_code == 302 and answer["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_reset_requests_are_limited_per_address_asked_for(client, throttle_rates):
    throttle_rates("password_reset_address", 2)
    user = UserFactory()

    answers = [ask_for_reset(client, user.email).status_code for _ in range(3)]

    assert answers == [302, 302, 429]
    # Found by an outside probe: it said "sign-in attempts" to someone asking for a reset.
    assert "Too many password resets for this address." in ask_for_reset(client, user.email).text


def test_reset_requests_are_limited_per_client_address(client, throttle_rates):
    throttle_rates("password_reset_ip", 2)

    answers = [ask_for_reset(client, f"guess{n}@example.com").status_code for n in range(3)]

    assert answers == [302, 302, 429]
    refused = ask_for_reset(client, "another@example.com")
    assert "Too many password resets from your network." in refused.text


def test_reset_requests_from_a_shared_address_leave_its_customers_signing_in(
    client, throttle_rates
):
    """Found by an outside probe: resets asked for from one address used up its sign-in
    limit, and every account there was refused with "Too many sign-in attempts"."""
    throttle_rates("signin_ip", 3)
    throttle_rates("signin_account", 3)
    user = UserFactory(username="Alice@example.com")

    for _ in range(5):
        ask_for_reset(client, "alice@example.com")
    signed_in = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    assert signed_in.status_code == 302


def test_a_signed_in_customer_changes_their_password_with_the_old_one(client):
    user = UserFactory()
    client.force_login(user)

    wrong = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    right = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert wrong.status_code == 200
    assert right.status_code == 302 and right["Location"] == reverse("account")
    assert get_user_model().objects.get(pk=user.pk).check_password(NEW_PASSWORD)


def test_a_reset_asked_again_within_the_minute_is_sent_when_the_first_link_stopped_working(
    client,
):
    """Outside probe FC-2: the password changed meanwhile (the first link then dead), the
    second reset sent nothing, as if the first still worked."""
    user = UserFactory()
    ask_for_reset(client, user.email)
    run_queued_jobs()
    (first,) = mail.outbox
    signed_in = Client()
    signed_in.force_login(user)
    signed_in.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "an-other-phrase-9",
            "new_password2": "an-other-phrase-9",
        },
    )
    mail.outbox.clear()

    ask_for_reset(client, user.email)
    run_queued_jobs()
    done = choose_new_password(client, reset_link())

    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert first.body != mail.outbox[0].body


def taken_over(client, customer, *, new_email: str) -> None:
    """Someone with the customer's password moves the account to their own address."""
    client.force_login(customer)
    client.post(reverse("email_change"), {"email": new_email, "password": PASSWORD})
    run_queued_jobs()
    (message,) = [m for m in mail.outbox if m.to == [new_email]]
    client.post(re.search(r"http://[^/]+(/accounts/email/verify/\S+/)", message.body).group(1))
    run_queued_jobs()
    client.logout()
    mail.outbox.clear()


def test_a_reset_asked_with_the_address_just_replaced_is_sent_to_it_and_works(client):
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="taker@example.net")

    ask_for_reset(client, "Owner@example.com")
    run_queued_jobs()
    done = choose_new_password(client, reset_link())

    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert client.login(username=owner.username, password=NEW_PASSWORD)


def test_a_reset_through_the_replaced_address_gives_the_account_its_address_back_for_good(client):
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="taker@example.net")

    ask_for_reset(client, "owner@example.com")
    run_queued_jobs()
    (reset,) = mail.outbox
    choose_new_password(client, reset_link())
    complete = client.get(reverse("password_reset_complete")).text
    run_queued_jobs()
    (notice,) = [m for m in mail.outbox if m is not reset]
    mail.outbox.clear()
    ask_for_reset(Client(), "taker@example.net")
    run_queued_jobs()

    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    assert "also makes this address your account's address again" in reset.body
    assert "Your account&#x27;s email address is owner@example.com again." in complete
    assert mail.outbox == []  # the taker's address can no longer reset the password
    assert notice.to == ["owner@example.com"]  # the password's notice: the address given back


def test_a_reset_giving_the_address_back_leaves_none_of_the_takers_addresses_a_reset(client):
    """Outside probe FC-1: the taker moved the account twice; the first of their addresses
    kept the notice's promise, and its reset took the account back, telling the owner
    nothing."""
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="first@taker.example")
    taken_over(client, owner, new_email="second@taker.example")
    ask_for_reset(client, "owner@example.com")
    run_queued_jobs()
    choose_new_password(client, reset_link())
    run_queued_jobs()
    mail.outbox.clear()

    for taker in ("first@taker.example", "second@taker.example"):
        ask_for_reset(Client(), taker)
    run_queued_jobs()

    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    assert mail.outbox == []
    with system_scope():
        kept = EmailAddress.objects.filter(user=owner).values_list("email", flat=True)
    assert list(kept) == ["owner@example.com"]


def test_orders_placed_while_the_account_was_taken_over_follow_the_address_a_reset_gives_back(
    client,
):
    """Left over from outside probe BC-3: a confirmation link moves the account's orders
    from an address it no longer has to the one confirmed, but a reset through the
    replaced address, which proves it as well, left them with the taker's address: their
    receipts, refunds and download links kept going to the taker."""
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="taker@example.net")
    owner.refresh_from_db()
    order = create_order(customer=owner, status=OrderStatus.PAID)

    ask_for_reset(client, "owner@example.com")
    run_queued_jobs()
    choose_new_password(client, reset_link())
    client.force_login(owner)

    page = client.get(reverse("orders:detail", args=[order.number])).text
    with system_scope():
        order.refresh_from_db()
        history = list(order.events.values_list("type", flat=True))
    assert order.email == "owner@example.com"
    assert "taker@example.net" not in page
    assert OrderEventType.ADDRESS in history


def test_a_reset_link_opened_while_signed_in_as_another_account_says_whose_password_it_sets(
    client,
):
    """Found by an outside probe: signed in as alice, kim's link said only "Choose a new
    password", then "Your password is changed"."""
    kim, alice = UserFactory(username="kim"), UserFactory(username="alice")
    ask_for_reset(client, kim.email)
    run_queued_jobs()
    client.force_login(alice)

    form = client.get(reset_link(), follow=True).text
    done = choose_new_password(client, reset_link())

    complete = client.get(done["Location"]).text
    assert "For the account <strong>kim</strong>. You are signed in as alice" in form
    assert "The password of the account kim is set." in complete
    # Found by an outside probe too: it then read "Your password is changed" and "Sign in".
    assert "You are signed in as alice." in complete
    assert "Your password is changed" not in complete and ">Sign in</a>" not in complete


@pytest.mark.parametrize("changed_by", ["the account page", "a reset link"])
def test_a_new_password_is_told_to_the_accounts_address(client, changed_by):
    """Found by an outside probe: an address change was told to the old address, a new
    password to no one, so whoever had the password could replace it unheard."""
    user = UserFactory()
    if changed_by == "the account page":
        client.force_login(user)
        form = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD}
        client.post(reverse("password_change"), {**form, "new_password2": NEW_PASSWORD})
    else:
        ask_for_reset(client, user.email)
        run_queued_jobs()
        link = reset_link()
        mail.outbox.clear()
        choose_new_password(client, link)

    run_queued_jobs()

    (notice,) = mail.outbox
    assert notice.to == [user.email]
    assert notice.subject == "The password of your Morpheus account changed"
    assert "If you did not, someone may have your password" in notice.body
    assert reverse("password_reset") in notice.body


def test_signing_in_to_a_taken_over_account_does_not_stop_its_owners_reset_link(client):
    """Found by an outside probe: any sign-in ended every unused reset link, so whoever
    took an account over could stop its recovery by signing in now and then."""
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="taker@example.net")
    ask_for_reset(client, "owner@example.com")
    run_queued_jobs()
    link = reset_link()

    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        taker = Client().post(reverse("login"), {"username": owner.username, "password": PASSWORD})
        done = choose_new_password(client, link)

    owner.refresh_from_db()
    assert taker.status_code == 302  # signed in
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert owner.email == "owner@example.com"


def test_a_restoring_link_used_after_the_week_sets_the_password_and_says_the_address_stays(
    client, settings
):
    settings.REPLACED_ADDRESS_RESET_DAYS = 7
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="taker@example.net")
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        ask_for_reset(client, "owner@example.com")
        run_queued_jobs()
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        done = choose_new_password(client, reset_link())
        complete = client.get(reverse("password_reset_complete")).text

    owner.refresh_from_db()
    assert done["Location"] == reverse("password_reset_complete")
    assert owner.email == "taker@example.net"
    assert "this link could no longer give your account its address back" in complete


def test_a_reset_through_the_account_s_own_address_keeps_it(client):
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="taker@example.net")

    ask_for_reset(client, "taker@example.net")
    run_queued_jobs()
    choose_new_password(client, reset_link())

    owner.refresh_from_db()
    assert owner.email == "taker@example.net"
    assert "address your account's address again" not in mail.outbox[0].body


def test_the_notice_of_the_change_says_until_when_a_reset_goes_to_the_old_address(client, settings):
    settings.REPLACED_ADDRESS_RESET_DAYS = 7
    with time_machine.travel(YESTERDAY_NOON, tick=False):
        owner = UserFactory(email="owner@example.com")
        client.force_login(owner)
        client.post(reverse("email_change"), {"email": "new@example.net", "password": PASSWORD})
        run_queued_jobs()
        (link,) = [m for m in mail.outbox if m.to == ["new@example.net"]]
        client.post(re.search(r"http://[^/]+(/accounts/email/verify/\S+/)", link.body).group(1))
        run_queued_jobs()

    (notice,) = [m for m in mail.outbox if m.to == ["owner@example.com"]]
    until = YESTERDAY_NOON + timedelta(days=7)
    assert f"Until {until.day} {until:%b %Y}, 12:00 UTC" in notice.body
    assert "setting the new password gives your account this address back" in notice.body


def test_after_the_window_a_reset_asked_with_the_replaced_address_sends_nothing(client, settings):
    settings.REPLACED_ADDRESS_RESET_DAYS = 7
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="taker@example.net")

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        answer = ask_for_reset(client, "owner@example.com")
        run_queued_jobs()

    assert answer.status_code == 302 and answer["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_replaced_address_another_account_has_confirmed_since_gets_only_that_accounts_reset(
    client,
):
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="taker@example.net")
    newcomer = UserFactory(email="owner@example.com")  # the mailbox changed hands

    ask_for_reset(client, "owner@example.com")
    run_queued_jobs()
    choose_new_password(client, reset_link())

    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert client.login(username=newcomer.username, password=NEW_PASSWORD)
    assert not client.login(username=owner.username, password=NEW_PASSWORD)


# A dotless i (U+0131): PostgreSQL's UPPER() reads it as I, but it is another mailbox.
LOOKALIKE = "al\u0131ce@morpheus.example"


def test_a_replaced_address_still_gets_the_reset_when_another_account_confirms_a_lookalike(
    client,
):
    """Found by an outside probe: another account confirming the look-alike address stopped
    the reset the notice of the change promised."""
    owner = UserFactory(email="alice@morpheus.example")
    taken_over(client, owner, new_email="taker@example.net")
    UserFactory(email=LOOKALIKE)

    ask_for_reset(client, "alice@morpheus.example")
    run_queued_jobs()

    (restoring,) = [m for m in mail.outbox if "restores=" in m.body]
    assert restoring.to == ["alice@morpheus.example"]
    assert f"Hello {owner.username}" in restoring.body


def test_a_replaced_address_another_account_confirmed_before_the_change_still_gets_the_reset(
    client,
):
    """Found by an outside probe: the mailbox the account had at the change, confirmed by a
    second account of its owner's before it, was refused the recovery the notice promised."""
    with time_machine.travel(timezone.now() - timedelta(hours=1)):
        second = UserFactory(email="owner@example.com")  # the same mailbox, confirmed before
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="taker@example.net")

    ask_for_reset(client, "owner@example.com")
    run_queued_jobs()

    restoring = [m for m in mail.outbox if "restores=" in m.body]
    assert sorted(m.to for m in mail.outbox) == [["owner@example.com"]] * 2
    assert len(restoring) == 1 and f"Hello {owner.username}" in restoring[0].body
    assert second.username in "".join(m.body for m in mail.outbox if m not in restoring)


def test_a_replaced_address_merely_given_at_another_sign_up_still_gets_the_reset(client):
    owner = UserFactory(email="owner@example.com")
    taken_over(client, owner, new_email="taker@example.net")
    UserFactory(email="owner@example.com", email_verified=False)  # the taker blocking it?

    ask_for_reset(client, "owner@example.com")
    run_queued_jobs()

    assert sorted(m.to for m in mail.outbox) == [["owner@example.com"]] * 2


def api_answers(secret: str) -> int:
    return Client().get("/api/v1/orders", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code


def test_a_password_reset_from_the_emailed_link_stops_the_customer_s_api_tokens(client):
    user = UserFactory()
    secret = api_token_secret(user)
    assert api_answers(secret) == 200
    ask_for_reset(client, user.email)
    run_queued_jobs()

    choose_new_password(client, reset_link())

    assert api_answers(secret) == 401
    complete = client.get(reverse("password_reset_complete")).text
    assert "Your API token stopped working with your old password: create a new one for" in complete


def test_a_changed_password_stops_the_customer_s_api_tokens_and_says_so(client):
    user = UserFactory()
    secret = api_token_secret(user)
    other_customers = api_token_secret(UserFactory())
    client.force_login(user)

    changed = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert (api_answers(secret), api_answers(other_customers)) == (401, 200)
    assert (
        "Your API token stopped working with your old password: create a new one for"
        in changed.text
    )
