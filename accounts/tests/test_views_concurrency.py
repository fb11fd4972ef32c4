"""Forms posted several times at once from one browser (a double click on a slow line): the
guest checkout and the guest's sign-out, against the threaded live server; the new password
of a reset, and of the account page; the change of address."""

import copy
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.test_views_recovery import (
    NEW_PASSWORD,
    PASSWORD,
    ask_for_reset,
    reset_link,
    taken_over,
)
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicAssetFactory, ComicFactory, UserFactory
from morpheus_testing.jobs import queued_jobs, run_queued_jobs
from notifications.models import EmailAddress
from orders.models import Order
from promotions.models import Bundle

pytestmark = pytest.mark.django_db(transaction=True)

AT_ONCE = 4
EMAIL = "double-click@example.com"


def _visitor_with_a_cart(base: str, comic) -> tuple[requests.Session, dict]:
    """A browser's session with the comic in its cart, and the tokens of its cart page's
    "Buy as a guest" form."""
    browser = requests.Session()
    page = browser.get(base + reverse("catalog:detail", args=[comic.slug]), timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    added = browser.post(
        base + reverse("orders:cart_add", args=[comic.pk]),
        data={"csrfmiddlewaretoken": token},
        timeout=30,
    )
    assert added.ok
    cart = browser.get(base + reverse("orders:cart"), timeout=30).text
    form = re.search(r'data-testid="guest-checkout">(.*?)</form>', cart, re.DOTALL).group(1)
    return browser, dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))


def _check_out(base: str, browser: requests.Session, tokens: dict, email: str):
    """The cart's "Buy as a guest"."""
    return browser.post(
        base + reverse("guest_checkout"),
        data={**tokens, "email": email},
        allow_redirects=False,
        timeout=60,
    )


def test_one_cart_checked_out_as_a_guest_several_times_at_once_makes_one_order(
    live_server, throttle_rates
):
    """The guard lets one post make the order and sends the others back to the cart; those
    count as no guest checkout, so the network's next guest still buys (the second and
    last checkout the limit allows here)."""
    throttle_rates("guest_checkout_ip", 2, seconds=3600)
    comic = ComicAssetFactory().comic
    browser, tokens = _visitor_with_a_cart(live_server.url, comic)
    start = threading.Barrier(AT_ONCE)

    def check_out(_: int) -> int:
        start.wait()
        return _check_out(live_server.url, browser, tokens, EMAIL).status_code

    with ThreadPoolExecutor(AT_ONCE) as pool:
        answers = list(pool.map(check_out, range(AT_ONCE)))

    after = [
        _check_out(live_server.url, *_visitor_with_a_cart(live_server.url, comic), email)
        for email in ("next@example.com", "last@example.com")
    ]

    assert answers == [302] * AT_ONCE
    with system_scope():
        assert Order.objects.filter(email=EMAIL).count() == 1
        assert Order.objects.filter(email="next@example.com").count() == 1
    assert [answer.status_code for answer in after] == [302, 429]


def _tab_of(browser: requests.Session) -> requests.Session:
    """The same browser's cookies, kept apart: what one answer sets, only it keeps."""
    tab = requests.Session()
    tab.cookies.update(browser.cookies)
    return tab


@pytest.mark.parametrize("times", [2, 3])
def test_every_answer_to_a_guest_checkout_sent_at_once_leads_to_its_order(live_server, times):
    """A browser shows the answer to the last post of a double click and may never see
    the first's (nor the session it set): whichever answer it keeps leads to the order's
    pay page, signed in as its guest. Found by an outside probe: the other answer was the
    visitor's cart, emptied by the first, with no way to the order."""
    comic = ComicAssetFactory().comic
    browser, tokens = _visitor_with_a_cart(live_server.url, comic)
    tabs = [_tab_of(browser) for _ in range(times)]
    start = threading.Barrier(times)

    def check_out(tab: requests.Session) -> requests.Response:
        start.wait()
        return _check_out(live_server.url, tab, tokens, EMAIL)

    with ThreadPoolExecutor(times) as pool:
        answers = list(pool.map(check_out, tabs))
    pages = [
        tab.get(live_server.url + answer.headers["Location"], timeout=30)
        for tab, answer in zip(tabs, answers, strict=True)
    ]

    with system_scope():
        number = Order.objects.get(email=EMAIL).number
    pay = reverse("orders:pay", args=[number])
    assert [answer.headers["Location"] for answer in answers] == [pay] * times
    assert [page.status_code for page in pages] == [200] * times
    paying = f'Pay for order <span class="order-number">{number}</span>'
    assert [paying in page.text for page in pages] == [True] * times
    assert sum(f"Your order {number} is placed: pay for it here." in p.text for p in pages) == (
        times - 1
    )


def _token(base: str, browser: requests.Session) -> str:
    page = browser.get(base + reverse("orders:cart"), timeout=30).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_sign_out_pressed_twice_at_once_by_a_guest_leaves_either_answer_the_cart(live_server):
    """Outside probe BH (BH-3, BG-4): a guest who kept shopping after their checkout presses
    "Sign out" twice; the second post found the guest's cart emptied by the first and
    answered with a new, empty cart, which the browser kept half of the time."""
    base = live_server.url
    with system_scope():
        arc = Bundle.objects.create(title="Arc", slug="arc", price_amount=900)
        arc.comics.set([ComicFactory(price_amount=499), ComicFactory(price_amount=499)])
    atlas = ComicFactory(title="The Sleepwalker's Atlas")
    moons = ComicFactory(title="Paper Moons")
    browser, tokens = _visitor_with_a_cart(base, ComicAssetFactory().comic)
    assert _check_out(base, browser, tokens, EMAIL).status_code == 302
    for add in (
        reverse("orders:cart_add", args=[atlas.pk]),
        reverse("orders:cart_add", args=[moons.pk]),
        reverse("promotions:cart_bundle_add", args=["arc"]),
    ):
        assert browser.post(base + add, data={"csrfmiddlewaretoken": _token(base, browser)}).ok
    token = _token(base, browser)
    tabs = [_tab_of(browser) for _ in range(2)]
    start = threading.Barrier(2)

    def sign_out(tab: requests.Session) -> requests.Response:
        start.wait()
        return tab.post(
            base + reverse("logout"),
            data={"csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=60,
        )

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(sign_out, tabs))
    pages = [
        tab.get(base + answer.headers["Location"], timeout=30)
        for tab, answer in zip(tabs, answers, strict=True)
    ]
    carts = [tab.get(base + reverse("orders:cart"), timeout=30).text for tab in tabs]

    assert [answer.status_code for answer in answers] == [302, 302]
    left_out = "so left out of it: Arc. Sign in to add it again."
    assert [page.text.count(left_out) for page in pages] == [1, 1]
    for cart in carts:
        assert "Paper Moons" in cart and "The Sleepwalker&#x27;s Atlas" in cart
        assert "Buy as a guest" in cart  # a visitor's cart


def test_the_new_password_sent_twice_at_once_through_a_restoring_link_gives_the_address_back():
    """A double click on "Change my password" in the link sent to a replaced address: one
    sets the password and gives the account its address back, the other finds its link used
    (without turns, the second's save of the account wrote the taker's address back)."""
    owner = UserFactory(email="owner@example.com")
    taken_over(Client(), owner, new_email="taker@example.net")
    ask_for_reset(Client(), "owner@example.com")
    run_queued_jobs()
    browser = Client()
    form = browser.get(reset_link(), follow=True).redirect_chain[-1][0]
    twin = Client()
    twin.cookies = browser.cookies
    clients = iter([browser, twin])

    answers = at_once(
        lambda: next(clients).post(
            form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        ),
        times=2,
    )
    run_queued_jobs()  # the notice of the new password, to the address given back
    mail.outbox.clear()
    ask_for_reset(Client(), "taker@example.net")
    run_queued_jobs()

    with system_scope():
        owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    assert sorted(a.status_code for a in answers) == [200, 302]  # the second: link used
    assert mail.outbox == []


def _password_form(browser: Client) -> dict:
    """The account page's new password form, filled in, with its page's hidden tokens."""
    page = browser.get(reverse("password_change")).content.decode()
    return {
        **dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page)),
        "old_password": "correct-horse-battery",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }


def test_a_new_password_sent_twice_at_once_from_the_account_page_changes_it_once():
    """Found by an outside probe: both posts changed the password, each emailed a notice,
    and the browser could end signed out."""
    user = UserFactory()
    browser = Client()
    browser.force_login(user)
    form = _password_form(browser)
    twin = Client()
    twin.cookies = browser.cookies
    clients = iter([browser, twin])

    answers = at_once(lambda: next(clients).post(reverse("password_change"), form), times=2)
    run_queued_jobs()

    assert [a.status_code for a in answers] == [302, 302]
    assert {a["Location"] for a in answers} == {reverse("account")}
    assert [m.subject for m in mail.outbox] == ["The password of your Morpheus account changed"]
    assert browser.get(reverse("account")).status_code == 200  # still signed in


def _sent_before(browser: Client) -> Client:
    """The same browser as it was before its next post was answered: the cookies that post
    carries (its session's key among them), with the CSRF check as a browser meets it."""
    twin = Client(enforce_csrf_checks=True)
    twin.cookies = copy.deepcopy(browser.cookies)
    return twin


def test_a_new_password_sent_again_after_the_first_was_answered_gets_the_first_answer():
    """A double click's second post usually leaves before the first's answer arrives, with
    the session key that answer replaces. Found by an outside probe: it was sent to sign in,
    and that answer deleted the session cookie, so the customer ended signed out."""
    user = UserFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    form = _password_form(browser)
    second_click = _sent_before(browser)

    first = browser.post(reverse("password_change"), form)
    second = second_click.post(reverse("password_change"), form)
    run_queued_jobs()
    browser.cookies.update(second.cookies)  # what a browser keeps of the answer it shows
    page = browser.get(reverse("account"))

    assert (first.status_code, first["Location"]) == (302, reverse("account"))
    assert (second.status_code, second["Location"]) == (302, reverse("account"))
    assert settings.SESSION_COOKIE_NAME not in second.cookies  # neither deleted nor replaced
    assert [m.subject for m in mail.outbox] == ["The password of your Morpheus account changed"]
    assert page.status_code == 200
    assert "Your password was changed." in page.content.decode()


def test_the_replaced_session_key_signs_no_one_in_nor_answers_another_form():
    """What the first post leaves under the key it replaced holds no sign-in: a post of
    another page's form (another tab, or one planted with the key) is sent to sign in, and
    following the first's answer with that key shows the sign-in page."""
    user = UserFactory()
    browser = Client()
    browser.force_login(user)
    form = _password_form(browser)
    other_tab = {**_password_form(browser), "old_password": NEW_PASSWORD}
    old_key = _sent_before(browser)

    browser.post(reverse("password_change"), form)
    another_form = old_key.post(reverse("password_change"), other_tab)
    same_form = old_key.post(reverse("password_change"), form, follow=True)

    assert another_form["Location"].startswith(reverse("login"))
    assert same_form.redirect_chain[-1][0].startswith(reverse("login"))


def test_the_first_answer_is_given_again_only_for_a_minute():
    user = UserFactory()
    browser = Client()
    browser.force_login(user)
    form = _password_form(browser)
    second_click = _sent_before(browser)

    browser.post(reverse("password_change"), form)
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        late = second_click.post(reverse("password_change"), form)

    assert late["Location"].startswith(reverse("login"))


def test_correct_sign_ins_sent_at_once_leave_the_account_unlocked(throttle_rates):
    """Found by an outside probe: twenty correct sign-ins at one moment locked the account
    for the window, though no wrong password was ever typed (those refused while the others
    were counted were never taken back)."""
    throttle_rates("signin_account", 3)
    user = UserFactory()
    form = {"username": user.username, "password": "correct-horse-battery"}

    burst = at_once(lambda: Client().post(reverse("login"), form).status_code, times=6)
    after = [Client().post(reverse("login"), form).status_code for _ in range(4)]

    assert 302 in burst
    assert after == [302] * 4


@pytest.mark.parametrize("verified", [True, False])
def test_address_changes_sent_at_once_mail_no_more_links_than_the_limit(throttle_rates, verified):
    """Each post names another address (other tabs, a script): the limit counts them in
    turn, whether or not the account has a confirmed address whose row they wait for."""
    throttle_rates("email_resend_account", 2, seconds=3600)
    user = UserFactory(email_verified=verified)
    browsers = []
    for number in range(4):
        browser = Client()
        browser.force_login(user)
        browsers.append((browser, {"email": f"new{number}@example.org", "password": PASSWORD}))
    posts = iter(browsers)

    def change() -> int:
        browser, form = next(posts)
        return browser.post(reverse("email_change"), form).status_code

    answers = at_once(change, times=4)

    assert sorted(answers) == [302, 302, 429, 429]
    assert len(queued_jobs(names=["accounts.tasks.send_email_verification"])) == 2


def test_the_link_sent_again_and_the_same_address_asked_for_at_once_both_answer(throttle_rates):
    """Two tabs of one account, a minute after asking for a new address: "Send the link
    again", and the change form naming that address again. Both count the address's
    confirmation emails and lock the account's addresses; taken in opposite orders,
    PostgreSQL ended one of them as a deadlock (a 500)."""
    throttle_rates("email_resend_account", 50, seconds=3600)
    throttle_rates("email_resend_address", 50, seconds=3600)
    user = UserFactory()
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(user)
    form = {"email": "new@example.org", "password": PASSWORD}
    tabs[0].post(reverse("email_change"), form)
    posts = [
        lambda: tabs[0].post(reverse("email_resend")).status_code,
        lambda: tabs[1].post(reverse("email_change"), form).status_code,
    ]
    answers = []
    for _ in range(5):
        with system_scope():
            EmailAddress.objects.filter(user=user).update(
                link_sent_at=timezone.now() - timedelta(minutes=2)
            )
        turns = iter(posts)
        answers += at_once(lambda turns=turns: next(turns)(), times=2)

    assert answers == [302] * 10


def test_the_change_form_sent_twice_at_once_long_after_the_first_ask_sends_one_link(
    throttle_rates,
):
    """Outside probe BD (BD-3): a minute after the address was first asked for, both posts
    of a double click sent a link and counted it."""
    throttle_rates("email_resend_account", 3, seconds=3600)
    user = UserFactory()
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(user)
    form = {"email": "new@example.org", "password": PASSWORD}
    started = timezone.now()

    tabs[0].post(reverse("email_change"), form)
    with time_machine.travel(started + timedelta(seconds=62)):
        turns = iter(tabs)
        double_click = at_once(lambda: next(turns).post(reverse("email_change"), form), times=2)
    with time_machine.travel(started + timedelta(minutes=3)):
        later = tabs[0].post(reverse("email_change"), form)

    assert [answer.status_code for answer in double_click] == [302, 302]
    assert later.status_code == 302  # the double click counted once
    assert len(queued_jobs(names=["accounts.tasks.send_email_verification"])) == 3


def test_send_the_link_again_pressed_twice_at_once_sends_one_link_counted_once(throttle_rates):
    """Outside probe BG (BG-3): both presses of a double click on "Send the link again"
    mailed a link and counted it against the hour's confirmation emails."""
    throttle_rates("email_resend_account", 3, seconds=3600)
    user = UserFactory()
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(user)
    started = timezone.now()
    tabs[0].post(reverse("email_change"), {"email": "new@example.org", "password": PASSWORD})

    with time_machine.travel(started + timedelta(seconds=62)):
        turns = iter(tabs)
        double_click = at_once(lambda: next(turns).post(reverse("email_resend")), times=2)
    with time_machine.travel(started + timedelta(minutes=3)):
        later = tabs[0].post(reverse("email_resend"))

    assert [answer.status_code for answer in double_click] == [302, 302]
    assert later.status_code == 302  # the double click counted once
    assert len(queued_jobs(names=["accounts.tasks.send_email_verification"])) == 3


def _visitors_with_a_cart(comic, count: int) -> list[Client]:
    """Browsers of one network (the test client's address), each with the comic in its cart."""
    visitors = [Client() for _ in range(count)]
    for visitor in visitors:
        visitor.post(reverse("orders:cart_add", args=[comic.pk]))
    return visitors


def test_guest_checkouts_sent_at_once_after_refused_ones_make_no_more_orders_than_the_limit(
    throttle_rates,
):
    """Outside probe BK-2: refused tries no longer count as checkouts (they used up the
    limit), and checkouts of one network sent at one moment still stop at the limit."""
    throttle_rates("guest_checkout_ip", 2, seconds=3600)
    comic = ComicAssetFactory().comic
    first, *others = _visitors_with_a_cart(comic, 6)
    for _ in range(2):  # a VAT number without the business it names
        first.post(
            reverse("guest_checkout"),
            {"email": EMAIL, "country": "DE", "vat_number": "DE136695976"},
        )

    turns = iter(others)
    answers = at_once(
        lambda: next(turns).post(reverse("guest_checkout"), {"email": EMAIL}).status_code,
        times=len(others),
    )

    assert sorted(answers) == [302, 302, 429, 429, 429]
    with system_scope():
        assert Order.objects.filter(email=EMAIL).count() == 2


def test_guest_checkouts_refused_at_once_stop_at_their_own_limit(throttle_rates):
    throttle_rates("guest_checkout_refused_ip", 3, seconds=3600)
    visitors = _visitors_with_a_cart(ComicAssetFactory().comic, 6)

    turns = iter(visitors)
    answers = at_once(
        lambda: next(turns).post(reverse("guest_checkout"), {"email": "not an address"}),
        times=len(visitors),
    )

    assert sorted(answer.status_code for answer in answers) == [302] * 3 + [429] * 3
    back_to = {answer["Location"] for answer in answers if answer.status_code == 302}
    assert back_to == {reverse("orders:cart")}
