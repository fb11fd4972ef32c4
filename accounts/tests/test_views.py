import copy
import re
from collections.abc import Callable
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from morpheus_testing.clock import YESTERDAY_NOON
from morpheus_testing.factories import ComicFactory, StaffFactory, UserFactory
from morpheus_testing.jobs import run_queued_jobs
from orders import selectors

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
START = YESTERDAY_NOON


def sign_in(client, username: str, password: str, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


CAROL = {
    "username": "carol",
    "email": "carol@example.com",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


def sign_up(client, username: str, *, email: str = "", **headers):
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "email": email or f"{username}@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
        **headers,
    )


def test_a_sign_up_sent_again_goes_where_the_first_went_signed_in(client):
    """Found by an outside probe: a double click showed "A user with that username already
    exists" for the account just made. The second submit has the cookies from before."""
    client.get(reverse("signup"))  # the page's session, which every submit carries
    before, before_too = Client(), Client()
    before.cookies = copy.deepcopy(client.cookies)
    before_too.cookies = copy.deepcopy(client.cookies)
    first = sign_up(client, "carol")
    again = sign_up(before, "carol")
    # Outside probe FV-1: a third was told the name was taken; FV-3: the page the browser
    # kept did not say the confirmation link was sent.
    third = before_too.post(reverse("signup"), CAROL, follow=True)

    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] == third.redirect_chain[0][0]
    assert again.wsgi_request.user.username == third.wsgi_request.user.username == "carol"
    assert "We sent a link to carol@example.com: follow it to confirm it." in third.text
    assert get_user_model().objects.filter(username="carol").count() == 1


def test_the_same_sign_up_from_another_session_signs_nobody_in(client, throttle_rates):
    """Outside probe FU-2: for a minute, anyone sending the account's name, address and
    password signed in through the sign-up form, past the account's sign-in limit, and
    their wrong passwords counted against nothing."""
    throttle_rates("signin_account", 1, seconds=3600)
    sign_up(Client(), "carol")
    sign_in(client, "carol", "wrong")  # the account's sign-in limit is used up

    again = sign_up(client, "carol")

    assert again.status_code == 200
    assert "already exists" in again.text
    assert not again.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    "other",
    [
        {"password1": "another-long-passphrase", "password2": "another-long-passphrase"},
        {"email": "someone-else@example.com"},
    ],
    ids=["another-password", "another-address"],
)
def test_a_sign_up_with_a_taken_name_and_other_details_is_still_refused(client, other):
    sign_up(Client(), "carol")
    form = {**CAROL, **other}

    response = client.post(reverse("signup"), form)

    assert response.status_code == 200
    assert "A user with that username already exists." in response.text
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    "field", [{"username": "car\x00ol"}, {"email": "carol\x00@example.com"}], ids=str
)
def test_a_sign_up_with_a_nul_character_is_answered_with_the_forms_errors(client, field):
    """Found by outside probe CA (CA-1): the form refused it, then the check for a sign-up
    sent twice asked PostgreSQL for the name as typed, which text cannot hold: a 500."""
    form = {**CAROL, **field}

    response = client.post(reverse("signup"), form)

    assert response.status_code == 200
    assert "Null characters are not allowed." in response.text
    assert not get_user_model().objects.filter(username="carol").exists()


def test_the_sign_up_page_sends_someone_signed_in_where_signing_in_goes(client):
    """Outside probe GH-1: "Sign in" from the sign-up page came back to its blank form under
    "Welcome back", and sending it signed them out of their account into a second one."""
    bob = UserFactory(username="bob-reader")
    form = client.get(reverse("signup"))

    signed_in = client.post(
        f"{reverse('login')}?next={reverse('signup')}",
        {"username": "bob-reader", "password": PASSWORD},
        follow=True,
    )
    sent_from_a_page_left_open = sign_up(client, "second-bob")
    landed = client.get(sent_from_a_page_left_open["Location"])

    assert form.status_code == 200
    assert [url for url, _ in signed_in.redirect_chain] == [reverse("signup"), "/"]
    assert sent_from_a_page_left_open.status_code == 302
    assert "You are signed in as bob-reader: no account was made." in landed.text
    assert int(client.session["_auth_user_id"]) == bob.pk
    assert not get_user_model().objects.filter(username="second-bob").exists()


def test_a_sign_up_sent_again_after_the_minute_is_refused_as_a_taken_name(client):
    with time_machine.travel(START, tick=False) as clock:
        sign_up(Client(), "carol")
        clock.shift(timedelta(minutes=2))

        response = sign_up(client, "carol")

    assert response.status_code == 200
    assert "A user with that username already exists." in response.text


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client):
    user = UserFactory()

    wrong = [sign_in(client, user.username, f"guess-{n}").status_code for n in range(30)]
    right = sign_in(client, user.username, PASSWORD)

    assert wrong == [200] * 10 + [429] * 20
    assert right.status_code == 429
    assert not right.wsgi_request.user.is_authenticated


def test_the_refusal_is_the_sites_page_saying_when_to_try_again(client):
    user = UserFactory()
    with time_machine.travel(START, tick=False):
        for _ in range(10):
            sign_in(client, user.username, "wrong")

        refused = sign_in(client, user.username.upper(), "wrong")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    assert "Too many password attempts for this account. Please try again in 15 minutes." in (
        refused.text
    )
    assert 'class="site-header"' in refused.text
    # Outside probe FM-4: anyone can keep an account locked; its owner's way in is a reset.
    assert f'href="{reverse("password_reset")}" data-testid="reset-instead"' in refused.text


def fullwidth(text: str) -> str:
    return "".join(chr(ord(letter) + 0xFEE0) for letter in text)


def test_every_spelling_that_signs_in_to_an_account_counts_on_its_limit(client, throttle_rates):
    """Found by an outside probe: a locked account's name typed in fullwidth letters, which
    Django reads as the name, had a count of its own, and signed in."""
    throttle_rates("signin_account", 3)
    StaffFactory(username="finance")

    wrong = [sign_in(client, name, "wrong").status_code for name in ("finance", "Finance ")]
    wrong.append(sign_in(client, fullwidth("finance"), "wrong").status_code)
    refused = sign_in(client, fullwidth("finance"), PASSWORD)
    admin = client.post(
        reverse("admin:login"), {"username": fullwidth("FINANCE"), "password": PASSWORD}
    )

    assert wrong == [200, 200, 200]
    assert (refused.status_code, admin.status_code) == (429, 429)
    assert not refused.wsgi_request.user.is_authenticated


def test_a_name_typed_with_a_dotless_i_counts_on_the_accounts_limit(client, throttle_rates):
    """Found by an outside probe: "f\u0131nance" (a dotless i) signs in as finance, since PostgreSQL
    reads it as FINANCE in any case, and had a count of its own: 2^n counters for n i's."""
    throttle_rates("signin_account", 3)
    StaffFactory(username="finance")
    dotless = "f\u0131nance"

    wrong = [sign_in(client, name, "wrong").status_code for name in ("finance", dotless)]
    wrong.append(sign_in(client, dotless, "wrong").status_code)
    refused = sign_in(client, dotless, PASSWORD)
    admin = client.post(reverse("admin:login"), {"username": dotless, "password": PASSWORD})

    assert wrong == [200, 200, 200]
    assert (refused.status_code, admin.status_code) == (429, 429)
    assert not refused.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("form", ["login", "admin:login"])
def test_a_wrong_password_is_told_that_only_the_password_is_case_sensitive(client, form):
    """Found by an outside probe: it said both fields may be, and the username is not."""
    staff = StaffFactory()

    refused = client.post(reverse(form), {"username": staff.username, "password": "WRONG"})

    assert "Note that the password is case-sensitive; the username is not." in refused.text
    assert "both fields" not in refused.text


def test_a_wrong_password_is_announced(client):
    """Found by an outside probe: the error was a list a screen reader did not announce."""
    user = UserFactory()

    refused = sign_in(client, user.username, "wrong").text

    announced = re.search(r'<div role="alert" data-testid="sign-in-error">(.*?)</div>', refused)
    assert "Please enter a correct username and password." in announced.group(1)
    assert 'name="username"' not in announced.group(1)


def test_signing_in_works_again_once_the_window_has_passed(client):
    user = UserFactory()
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(11):
            sign_in(client, user.username, "wrong")
        clock.shift(timedelta(minutes=15))

        response = sign_in(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert response.wsgi_request.user == user


def test_showing_the_sign_in_form_counts_no_attempt(client, throttle_rates):
    throttle_rates("signin_account", 1)
    user = UserFactory()

    pages = {client.get(reverse("login")).status_code for _ in range(5)}
    response = sign_in(client, user.username, PASSWORD)

    assert pages == {200}
    assert response.status_code == 302


def test_sign_in_attempts_count_per_client_address_behind_a_trusted_proxy(
    client, settings, throttle_rates
):
    settings.TRUSTED_PROXY_COUNT = 1
    throttle_rates("signin_ip", 3)

    def from_client(address: str, spoofed: str):
        return {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": f"{spoofed}, {address}"}

    same_client = [
        sign_in(client, f"user{n}", "wrong", **from_client("203.0.113.5", f"198.51.100.{n}"))
        for n in range(4)
    ]
    neighbour = sign_in(client, "user9", "wrong", **from_client("203.0.113.6", "198.51.100.1"))

    assert [response.status_code for response in same_client] == [200, 200, 200, 429]
    assert "Too many sign-in attempts from your network" in same_client[-1].text
    assert neighbour.status_code == 200


def test_sign_ups_are_limited_per_address(client, throttle_rates):
    throttle_rates("signup_ip", 2, seconds=3600)

    # Each from a browser of its own: one signed in to the account it made makes no other.
    statuses = [sign_up(Client(), f"newreader{n}").status_code for n in range(3)]
    from_elsewhere = sign_up(client, "newreader9", REMOTE_ADDR="192.0.2.44")

    assert statuses == [302, 302, 429]
    assert from_elsewhere.status_code == 302
    assert set(get_user_model().objects.values_list("username", flat=True)) == {
        "newreader0",
        "newreader1",
        "newreader9",
    }


def test_sign_up_forms_refused_for_what_they_hold_use_up_no_sign_ups(client, throttle_rates):
    """Outside probe FM-2: a family's mistyped passwords made its network's next sign-up a
    429 "Too many sign-ups" although none had been made."""
    throttle_rates("signup_ip", 2, seconds=3600)
    UserFactory(username="taken")
    short = {"email": "x@example.com", "password1": "short", "password2": "short"}

    refused = [client.post(reverse("signup"), {"username": "newcomer", **short}) for _ in range(3)]
    name_taken = sign_up(client, "taken")
    corrected = sign_up(client, "newcomer")
    client.logout()
    second = sign_up(client, "newcomer2")
    client.logout()
    third = sign_up(client, "newcomer3")

    assert [r.status_code for r in [*refused, name_taken]] == [200] * 4
    assert [corrected.status_code, second.status_code, third.status_code] == [302, 302, 429]
    assert "Too many sign-ups from your network" in third.text
    assert not get_user_model().objects.filter(username="newcomer3").exists()


def test_refused_sign_ups_are_limited_per_address_without_reading_the_form(client, throttle_rates):
    throttle_rates("signup_refused_ip", 2, seconds=3600)
    UserFactory(username="taken")

    tries = [sign_up(client, "taken") for _ in range(2)]
    past_the_limit = sign_up(client, "available")
    from_elsewhere = sign_up(client, "available", REMOTE_ADDR="192.0.2.44")

    assert [r.status_code for r in tries] == [200, 200]
    assert past_the_limit.status_code == 429
    assert "Too many refused sign-ups from your network" in past_the_limit.text
    assert from_elsewhere.status_code == 302


def test_the_admin_sign_in_form_shares_the_sign_in_limits(client):
    staff = StaffFactory()
    for _ in range(5):
        sign_in(client, staff.username, "wrong")

    admin = [
        client.post(reverse("admin:login"), {"username": staff.username, "password": "wrong"})
        for _ in range(6)
    ]

    assert [response.status_code for response in admin] == [200] * 5 + [429]


def _username_input(page: str) -> str:
    return re.search(r'<input[^>]*name="username"[^>]*>', page).group()


def test_staff_refused_by_the_limit_stay_on_the_admins_sign_in_form(client, throttle_rates):
    """Found by an outside probe: the admin's refusal was the shop's page, with the cart
    and a link back to the comics."""
    throttle_rates("signin_account", 1)
    staff = StaffFactory()
    wrong = client.post(reverse("admin:login"), {"username": staff.username, "password": "wrong"})

    refused = client.post(
        reverse("admin:login") + "?next=/admin/orders/order/",
        {"username": staff.username, "password": PASSWORD},
    )

    page = refused.content.decode()
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert 'id="login-form"' in page
    assert 'data-testid="throttled"' not in page
    assert "Too many password attempts for this account. Please try again in" in page
    assert f'value="{staff.username}"' in page
    assert 'action="/admin/login/?next=/admin/orders/order/"' in page
    assert _username_input(page) == _username_input(wrong.content.decode())  # the theme's look
    assert "_auth_user_id" not in client.session


def test_correct_sign_ins_do_not_use_up_the_accounts_limit_and_wrong_ones_still_do(
    client, throttle_rates
):
    """Found by two outside probes: ten correct sign-ins (devices, tabs, a staff member's
    browsers) locked the account out for fifteen minutes."""
    throttle_rates("signin_account", 3)
    staff = StaffFactory()

    correct = []
    for _ in range(3):
        correct.append(sign_in(client, staff.username, PASSWORD).status_code)
        client.logout()
        correct.append(
            client.post(
                reverse("admin:login"), {"username": staff.username, "password": PASSWORD}
            ).status_code
        )
        client.logout()
    wrong = [sign_in(client, staff.username, "wrong").status_code for _ in range(4)]

    assert correct == [302] * 6
    assert wrong == [200, 200, 200, 429]


def test_customers_signing_in_from_one_shared_address_do_not_use_up_its_limit(throttle_rates):
    """Found by an outside probe: thirty sign-ins in fifteen minutes from one address (a
    mobile carrier's shared one, an office's) refused every sign-in from it, right or wrong,
    on the storefront and the admin alike."""
    throttle_rates("signin_ip", 3)
    shared = {"REMOTE_ADDR": "203.0.113.7"}
    customers = [UserFactory() for _ in range(4)]
    staff = StaffFactory()

    correct = [sign_in(Client(), c.username, PASSWORD, **shared).status_code for c in customers]
    admin = Client().post(
        reverse("admin:login"), {"username": staff.username, "password": PASSWORD}, **shared
    )
    wrong = [sign_in(Client(), f"guess{n}", "wrong", **shared).status_code for n in range(4)]
    elsewhere = sign_in(Client(), customers[0].username, PASSWORD, REMOTE_ADDR="192.0.2.9")

    assert correct == [302] * 4
    assert admin.status_code == 302
    assert wrong == [200, 200, 200, 429]
    assert elsewhere.status_code == 302


@pytest.mark.parametrize("form", ["login", "admin:login"])
def test_sign_ins_refused_for_a_full_network_do_not_lock_the_account(form, throttle_rates):
    """Found by an outside probe: once an address was over its limit, each retry of a correct
    password there counted against the account, which was then locked from every address."""
    throttle_rates("signin_ip", 2)
    throttle_rates("signin_account", 2)
    staff = StaffFactory()
    full = {"REMOTE_ADDR": "203.0.113.8"}
    attempt = {"username": staff.username, "password": PASSWORD}

    guesses = [sign_in(Client(), f"guess{n}", "wrong", **full).status_code for n in range(2)]
    retries = [Client().post(reverse(form), attempt, **full).status_code for _ in range(4)]
    at_home = Client().post(reverse(form), attempt, REMOTE_ADDR="192.0.2.10")

    assert (guesses, retries) == ([200, 200], [429] * 4)
    assert at_home.status_code == 302


def test_a_correct_sign_in_clears_the_wrong_passwords_counted_before_it(client, throttle_rates):
    throttle_rates("signin_account", 3)
    user = UserFactory()

    before = [sign_in(client, user.username, "wrong").status_code for _ in range(2)]
    signed_in = sign_in(client, user.username, PASSWORD).status_code
    client.logout()
    after = [sign_in(client, user.username, "wrong").status_code for _ in range(4)]

    assert (before, signed_in) == ([200, 200], 302)
    assert after == [200, 200, 200, 429]


def cart_titles(customer) -> list[str]:
    return sorted(item.comic.title for item in selectors.cart_items_for(customer=customer))


def test_visitor_cart_lives_in_the_session_and_is_kept_on_sign_in(client):
    comic = ComicFactory(title="Night Owl")
    customer = UserFactory()

    client.post(reverse("orders:cart_add", args=[comic.pk]))
    cart_page = client.get(reverse("orders:cart"))
    client.post(reverse("login"), {"username": customer.username, "password": PASSWORD})

    assert "Night Owl" in cart_page.text
    assert "Sign in to check out" in cart_page.text
    assert cart_titles(customer) == ["Night Owl"]


def test_sign_up_creates_the_account_signs_in_and_keeps_the_cart(client):
    comic = ComicFactory(title="Morning Star")
    client.post(reverse("orders:cart_add", args=[comic.pk]))

    response = client.post(
        reverse("signup") + "?next=/cart/",
        {
            "username": "newreader",
            "email": "new@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "next": "/cart/",
        },
    )

    customer = response.wsgi_request.user
    assert response.status_code == 302
    assert response["Location"] == "/cart/"
    assert (customer.is_authenticated, customer.email) == (True, "new@example.com")
    assert cart_titles(customer) == ["Morning Star"]


@pytest.mark.parametrize(
    "username", ["erased-5", "ERASED-77", "Erased_12", "erased5", "\uff45rased-3", "erased:5"]
)
def test_sign_up_refuses_a_name_erasure_gives_or_gave(client, throttle_rates, username):
    throttle_rates("signup_ip", 100)

    answer = sign_up(client, username)

    assert answer.status_code == 200
    assert not get_user_model().objects.filter(username=username).exists()


@pytest.mark.parametrize("username", ["guest", "Guest", "GUEST", "\uff27uest"])
def test_sign_up_refuses_the_name_staff_pages_give_guests(client, throttle_rates, username):
    """Outside probe FW-5: an account named "Guest" read as a guest checkout's on every
    staff page (the list, the order page, the export, the timeline)."""
    throttle_rates("signup_ip", 100)

    answer = sign_up(client, username)

    assert answer.status_code == 200
    assert "This name is reserved" in answer.text
    assert not get_user_model().objects.filter(username__iexact=username).exists()


@pytest.mark.parametrize(
    "username",
    [
        "Gu\u0435st",
        "\u0430lice",
        "\u03bflga",
        "reader\u0430",
        "a\ua4f2ice",
        "\ua4d6uest",
        "\u2c81lice",
        "\u0430\u04cf\u0456\u0441\u0435",
    ],
)
def test_sign_up_refuses_a_name_whose_letters_could_pass_for_another_alphabets(
    client, throttle_rates, username
):
    """Outside probes GO-1, GP-1: "Guest" with a Cyrillic "e" was taken, and read as a
    guest checkout's on staff pages; "alice" with a Cyrillic "a" beside alice; then with a
    Lisu or Coptic letter, or in Cyrillic letters alone."""
    throttle_rates("signup_ip", 100)

    answer = sign_up(client, username)

    assert answer.status_code == 200
    assert "This name could pass for another" in answer.text
    assert not get_user_model().objects.filter(username=username).exists()


@pytest.mark.parametrize(
    "username",
    [
        "\ua4ee\ua4e1\ua4f2\ua4da\ua4f0",  # ALICE in Lisu letters
        "\ua4d0\ua4f3\ua4d0",  # BOB in Lisu letters
        "\ua4d6\ua4f4\ua4f0\ua4e2\ua4d4",  # GUEST in Lisu letters
        "aIice",  # a capital I for the l
        "\u0251lice",  # a Latin alpha for the a
        "a\u01c0ice",  # a Latin dental click for the l
        "a\u2d4fice",  # a Tifinagh yan for the l
        "B0b",  # a zero for the o
        "a\u0627ice",  # an Arabic alef for the l
        "b\u05e1b",  # a Hebrew samekh for the o
        "\u0430\ua646\u0456\u0441\u0435",  # Cyrillic, with a capital iota for the l
        "a\ua7aeice",  # a Latin small capital I for the l
        "supp\u0647rt",  # an Arabic heh for the o
        "f\u0661nance",  # an Arabic-Indic one for the i
        "\u0262uest",  # a Latin small capital G
    ],
)
def test_sign_up_refuses_a_name_drawn_like_a_taken_one(client, throttle_rates, username):
    """Outside probe GR-1: these each made an account, which the shop's header showed as
    "Signed in as GUEST", or as alice's; then outside probe GT-1 found the letters of
    right-to-left alphabets and capitals whose small letters look alike."""
    throttle_rates("signup_ip", 100)
    for taken in ("alice", "bob", "support", "finance"):
        UserFactory(username=taken)

    answer = sign_up(client, username)

    assert answer.status_code == 200
    assert "This name could pass for another" in answer.text
    assert not get_user_model().objects.filter(username=username).exists()


@pytest.mark.parametrize("username", ["alice\u3164", "\u3164\u3164", "Gu\u115fest"])
def test_sign_up_refuses_a_name_with_a_letter_that_prints_nothing(client, throttle_rates, username):
    """Outside probe GT-2: a Hangul filler, a letter that prints nothing, made "alice" and
    "Guest" beside the real ones, or a name of nothing."""
    throttle_rates("signup_ip", 100)

    answer = sign_up(client, username)

    assert "This name holds a character that prints nothing" in answer.text
    assert not get_user_model().objects.filter(username=username).exists()


@pytest.mark.parametrize(
    ("taken", "username"),
    [
        ("finance", "FlNANCE"),  # a small L among capitals: FINANCE
        ("alice", "ALlCE"),
        ("kiwi", "KlWl"),
        ("NOVIA", "n0via"),  # a zero for the o of novia, NOVIA in small letters
        ("BORIS", "b0ris"),
    ],
)
def test_sign_up_refuses_a_name_drawn_like_a_taken_one_in_another_case(
    client, throttle_rates, taken, username
):
    """Outside probe GW-1: "FlNANCE" reads as FINANCE, the staff account finance in
    capitals, which sign-up refuses as taken; its skeleton, in small letters, was not
    finance's."""
    throttle_rates("signup_ip", 100)
    UserFactory(username=taken)

    answer = sign_up(client, username)

    assert "This name could pass for another" in answer.text
    assert not get_user_model().objects.filter(username=username).exists()


@pytest.mark.parametrize(
    ("taken", "username"),
    [
        ("neil", "nell"),
        ("Ila", "Lia"),
        ("Neil", "Nell"),
        # Outside probe GX-1: in capitals an I was made an L.
        ("NEIL", "NELL"),
        ("ELIA", "Ella"),
        ("Della", "DELIA"),
        ("NEILY", "Nelly"),
    ],
)
def test_sign_up_takes_a_name_that_differs_from_a_taken_one_by_an_i_for_an_l(
    client, taken, username
):
    """Outside probe GT-3: an i and an l were made one, refusing real names."""
    UserFactory(username=taken)

    sign_up(client, username)

    assert get_user_model().objects.filter(username=username).exists()


@pytest.mark.parametrize(
    ("taken", "username"),
    [
        ("molly", "rnolly"),  # outside probe GX-8
        ("arnold", "amold"),
        ("Emma", "Ernrna"),
        ("Kim", "Kirn"),
    ],
)
def test_sign_up_refuses_a_name_with_an_r_and_an_n_for_an_m(
    client, throttle_rates, taken, username
):
    throttle_rates("signup_ip", 100)
    UserFactory(username=taken)

    answer = sign_up(client, username)

    # Outside probe GY-6: the reason named a capital I and other alphabets only.
    assert "an r and an n for an m" in answer.text
    assert not get_user_model().objects.filter(username=username).exists()


def test_a_taken_name_drawn_alike_is_refused_whichever_came_first(client, throttle_rates):
    throttle_rates("signup_ip", 100)
    UserFactory(username="a\u01c0ice")

    answer = sign_up(client, "alice")

    assert "This name could pass for another: it is drawn like one taken" in answer.text
    assert not get_user_model().objects.filter(username="alice").exists()


@pytest.mark.parametrize(
    "username",
    [
        "\u0410\u043b\u0451\u043d\u0430",
        "\u3055\u304f\u3089\u685c",
        "zo\u00eb_42",
        "alicia",
        "b0b_fan",
        "\u0130pek",  # Turkish, with a capital dotted I (outside probe GX-2)
        "\u0130SMA\u0130L",
        "I\u015f\u0131l",  # with a dotless i
        "\u00c7a\u011fla",
        # Outside probe GZ-2: vowel signs and viramas are marks, which Django's check refused.
        "\u0930\u093e\u0939\u0941\u0932",  # Hindi: Rahul
        "\u0bb0\u0bbe\u0b9c\u0bbe",  # Tamil: Raja
        "\u0dc1\u0dca\u200d\u0dbb\u0dd3\u0db1\u0dd2\u0dc0\u0dcf\u0dc3",  # Sinhala, its joiner
        "\u0639\u0644\u06cc\u200c\u0631\u0636\u0627",  # Persian: Alireza, its non-joiner
    ],
)
def test_sign_up_takes_a_name_in_one_alphabet_or_mixing_others(client, username):
    answer = sign_up(client, username, email="reader@example.com")

    assert answer.status_code == 302
    assert get_user_model().objects.filter(username=username).exists()


def test_sign_up_takes_a_name_that_only_starts_with_the_word_erased(client):
    assert sign_up(client, "erasedhead").status_code == 302


def test_sign_up_never_redirects_to_another_site(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "newreader",
            "email": "new@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "next": "https://evil.example/",
        },
    )

    assert response["Location"] == "/"


def test_signing_in_says_who_is_signed_in_on_the_next_page(client):
    UserFactory(username="alice")

    page = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD}, follow=True
    ).text

    assert "Welcome back, alice." in page
    assert 'data-testid="nav-account" class="who" title="Your account">Signed in as' in page


def test_a_username_typed_in_another_case_signs_in_to_that_account(client):
    """Found by an outside probe: sign-up refuses "Alice" once alice exists, but signing in
    as "Alice" said the name or password was wrong."""
    UserFactory(username="alice")

    page = client.post(
        reverse("login"), {"username": "ALICE", "password": PASSWORD}, follow=True
    ).text

    assert "Welcome back, alice." in page


def test_staff_sign_in_to_the_back_office_with_their_name_in_another_case(client):
    staff = StaffFactory(username="support.sam")

    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": "Support.Sam", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert client.get("/admin/").context["user"] == staff


def test_names_told_apart_by_case_alone_each_sign_in_as_typed_only(client):
    """Accounts made before sign-up compared names in any case may differ by case alone:
    the name typed exactly picks its account, and no other spelling guesses between them."""
    UserFactory(username="robin")
    UserFactory(username="Robin")

    exact = sign_in(Client(), "Robin", PASSWORD)
    ambiguous = sign_in(client, "ROBIN", PASSWORD)

    assert exact.status_code == 302
    assert ambiguous.status_code == 200
    assert "enter a correct username and password" in ambiguous.text


RETYPED = [
    ("password_change", {"old_password": "wrong", "new_password1": "x", "new_password2": "x"}),
    ("email_change", {"email": "new@example.com", "password": "wrong"}),
    ("privacy_erase", {"password": "wrong"}),
]


@pytest.mark.parametrize(("page", "wrong"), RETYPED)
def test_a_password_asked_again_counts_on_the_accounts_sign_in_limit(
    client, throttle_rates, page, wrong
):
    """Found by an outside probe: these pages took 40 wrong passwords each from one session
    without a refusal, where sign-in stops after 10: a borrowed session could guess the
    password, then take the account's address or erase it."""
    throttle_rates("signin_account", 3)
    user = UserFactory()
    client.force_login(user)

    tries = [client.post(reverse(page), wrong).status_code for _ in range(4)]
    signing_in = sign_in(Client(), user.username, PASSWORD)

    assert tries == [200, 200, 200, 429]
    assert "Too many password attempts for this account." in client.post(reverse(page), wrong).text
    assert signing_in.status_code == 429  # one counter: the sign-in form's


def test_the_right_password_asked_again_clears_the_wrong_ones_before_it(client, throttle_rates):
    throttle_rates("signin_account", 3)
    user = UserFactory()
    client.force_login(user)
    wrong = {"email": "new@example.com", "password": "wrong"}
    right = {"email": "new@example.com", "password": PASSWORD}

    before = [client.post(reverse("email_change"), wrong).status_code for _ in range(2)]
    changed = client.post(reverse("email_change"), right)
    after = [client.post(reverse("email_change"), wrong).status_code for _ in range(3)]

    assert (before, changed.status_code, after) == ([200, 200], 302, [200, 200, 200])


def confirmation_emails_to(address: str) -> int:
    run_queued_jobs(names=["accounts.tasks.send_email_verification"])
    return len([m for m in mail.outbox if m.to == [address] and "Confirm" in m.subject])


def minutes_apart(*presses: Callable[[], HttpResponse]) -> list[HttpResponse]:
    """Each press two minutes after the one before: the link sent again within a minute of
    the last is the same press (a double click), sent once."""
    started = timezone.now()
    answers = []
    for number, press in enumerate(presses, start=1):
        with time_machine.travel(started + timedelta(minutes=2 * number)):
            answers.append(press())
    return answers


def signed_up_with(address: str, username: str) -> Client:
    browser = Client()
    browser.post(
        reverse("signup"),
        {
            "username": username,
            "email": address,
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    return browser


def test_sending_the_link_again_is_limited_per_account(throttle_rates):
    throttle_rates("email_resend_account", 2, seconds=3600)
    browser = signed_up_with("alice.new@example.org", "enumtest1")

    presses = minutes_apart(*[lambda: browser.post(reverse("email_resend"))] * 3)

    assert [press.status_code for press in presses] == [302, 302, 429]
    assert "Too many confirmation emails. Please try again in" in presses[-1].text
    assert confirmation_emails_to("alice.new@example.org") == 3  # the sign-up's, two again


def test_send_the_link_again_pressed_again_within_a_minute_sends_no_second_link(throttle_rates):
    """Outside probe BG (BG-3): each press of a double click mailed a link and counted it."""
    throttle_rates("email_resend_account", 2, seconds=3600)
    browser = signed_up_with("alice.new@example.org", "enumtest1")

    started = timezone.now()
    with time_machine.travel(started + timedelta(minutes=2)):
        presses = [browser.post(reverse("email_resend"), follow=True) for _ in range(2)]
    with time_machine.travel(started + timedelta(minutes=4)):
        later = browser.post(reverse("email_resend"))

    assert "We sent the confirmation link again." in presses[0].text
    assert "less than a minute ago: it is on its way" in presses[1].text
    assert later.status_code == 302  # the second press was not counted
    assert confirmation_emails_to("alice.new@example.org") == 3  # the sign-up's, two again


def test_send_the_link_again_with_the_address_confirmed_meanwhile_says_none_is_waiting(
    throttle_rates,
):
    """Outside probe BH (BH-9): the address confirmed from the email, the button on the
    account page still open in another tab said the link was sent less than a minute ago."""
    throttle_rates("email_resend_account", 1, seconds=3600)
    browser = signed_up_with("alice.new@example.org", "enumtest1")
    assert confirmation_emails_to("alice.new@example.org") == 1
    (link,) = [m for m in mail.outbox if "Confirm" in m.subject]
    browser.post(re.search(r"http://[^/]+(/accounts/email/verify/\S+/)", link.body).group(1))

    pressed = browser.post(reverse("email_resend"), follow=True)
    again = browser.post(reverse("email_resend"))

    assert "No address of yours is waiting to be confirmed: there is no link to send." in (
        pressed.text
    )
    assert "less than a minute ago" not in pressed.text
    assert again.status_code == 302  # the press sent nothing, and counted nothing
    assert confirmation_emails_to("alice.new@example.org") == 1  # the sign-up's only


def test_an_address_named_by_several_accounts_is_sent_the_link_again_only_so_often(
    throttle_rates,
):
    throttle_rates("email_resend_address", 2, seconds=3600)
    first = signed_up_with("alice.new@example.org", "enumtest1")
    second = signed_up_with("Alice.New@example.org", "enumtest2")
    elsewhere = signed_up_with("bob@example.org", "enumtest3")

    *presses, other_address = minutes_apart(
        lambda: first.post(reverse("email_resend")),
        lambda: first.post(reverse("email_resend")),
        lambda: second.post(reverse("email_resend")),
        lambda: elsewhere.post(reverse("email_resend")),
    )

    assert [press.status_code for press in presses] == [302, 302, 429]
    assert "Too many confirmation emails to this address" in presses[-1].text
    assert other_address.status_code == 302
    assert confirmation_emails_to("alice.new@example.org") == 3  # a sign-up's, two again


def test_changing_the_address_back_and_forth_mails_only_so_many_links_an_hour(client):
    """Found by an outside probe: the change form posted with one address, then another,
    then the first again... mailed both without limit (each post retires the other's link,
    so the double-click guard never held)."""
    client.force_login(UserFactory())
    posts = []
    with time_machine.travel(START, tick=False):
        for address in ["alice@example.org", "bob@example.org"] * 3:
            posts.append(
                client.post(reverse("email_change"), {"email": address, "password": PASSWORD})
            )
            run_queued_jobs(names=["accounts.tasks.send_email_verification"])

    assert [post.status_code for post in posts] == [302, 302, 302, 302, 302, 429]
    assert (
        "You have asked for 5 confirmation emails in the last hour: try again after "
        f"{START + timedelta(hours=1):%H:%M} UTC." in posts[-1].text
    )
    assert posts[-1]["Retry-After"] == "3600"
    assert confirmation_emails_to("alice@example.org") == 3
    assert confirmation_emails_to("bob@example.org") == 2  # the sixth was not sent


def test_the_change_form_and_the_resend_button_share_the_accounts_limit(client, throttle_rates):
    throttle_rates("email_resend_account", 2, seconds=3600)
    client.force_login(UserFactory())
    form = {"email": "alice@example.org", "password": PASSWORD}

    changed, resent, other = minutes_apart(
        lambda: client.post(reverse("email_change"), form),
        lambda: client.post(reverse("email_resend")),
        lambda: client.post(reverse("email_change"), {**form, "email": "bob@example.org"}),
    )

    assert [changed.status_code, resent.status_code, other.status_code] == [302, 302, 429]
    assert "You have asked for 2 confirmation emails" in other.text
    assert confirmation_emails_to("bob@example.org") == 0


def test_an_address_named_by_several_accounts_change_forms_is_mailed_only_so_often(
    throttle_rates,
):
    throttle_rates("email_resend_address", 2, seconds=3600)
    browsers = [Client() for _ in range(3)]
    for browser in browsers:
        browser.force_login(UserFactory())

    posts = [
        browser.post(reverse("email_change"), {"email": email, "password": PASSWORD})
        for browser, email in zip(
            browsers, ["alice@example.org", "ALICE@example.org", "alice@example.org"], strict=True
        )
    ]

    assert [post.status_code for post in posts] == [302, 302, 429]
    assert "We have sent alice@example.org 2 confirmation emails in the last hour" in posts[-1].text
    run_queued_jobs(names=["accounts.tasks.send_email_verification"])
    assert sorted(m.to[0] for m in mail.outbox) == ["ALICE@example.org", "alice@example.org"]


def test_the_link_sent_too_often_leads_back_to_the_account_page(throttle_rates):
    throttle_rates("email_resend_account", 1, seconds=3600)
    browser = signed_up_with("alice.new@example.org", "enumtest1")
    came_from = {"referer": f"http://testserver{reverse('account')}"}

    _, refused = minutes_apart(
        *[lambda: browser.post(reverse("email_resend"), headers=came_from)] * 2
    )

    assert refused.status_code == 429
    assert f'href="{reverse("account")}" data-testid="back-to-page"' in refused.text


def test_a_sign_in_refused_for_a_wrong_password_keeps_where_to_go_next(client):
    """Found by an outside tester: the form posted to the bare address, so its page after a
    wrong password (and the way back from the too-many-attempts page) lost `?next=`."""
    user = UserFactory()
    form = {"username": user.username, "password": "wrong", "next": "/library/"}

    refused = client.post("/accounts/login/?next=/library/", form)

    assert 'action="/accounts/login/?next=/library/"' in refused.text
    assert client.post("/accounts/login/?next=/library/", {**form, "password": PASSWORD}).url == (
        "/library/"
    )


def test_change_forms_refused_by_the_email_limit_do_not_lock_the_account_out(
    client, throttle_rates
):
    """Found by an outside tester: a change of address with the right password, refused
    only for the number of emails, counted as a wrong password toward the sign-in limit."""
    throttle_rates("email_resend_account", 1, seconds=3600)
    throttle_rates("signin_account", 2)
    user = UserFactory()
    client.force_login(user)
    changes = [
        client.post(reverse("email_change"), {"email": f"new{n}@example.org", "password": PASSWORD})
        for n in range(4)
    ]
    client.logout()

    signed_in = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert [change.status_code for change in changes] == [302, 429, 429, 429]
    assert signed_in.status_code == 302


@pytest.mark.parametrize(
    ("username", "said"),
    [
        ("\u093f\u0930\u093e", "It may hold letters of any alphabet with their accents"),
        ("reader one", "It may hold letters of any alphabet with their accents"),
        ("reader\U0001f600", "It may hold letters of any alphabet with their accents"),
        ("ali\u200dce", "This name holds a character that prints nothing (U+200D ZERO WIDTH"),
        # Outside probe HA-1: a dot above an i, drawn as alice.
        ("ali\u0307ce", "This name holds an accent typed apart from its letter"),
        ("\u0430\u0301\u0301", "This name holds an accent typed apart from its letter"),
        # Outside probe HA-3: joiners and selectors where they print nothing.
        ("k1\u200d2", "This name holds a character that prints nothing (U+200D"),
        (".\u200d.", "This name holds a character that prints nothing (U+200D"),
        ("bob9\ufe0e", "This name holds a character that prints nothing (U+FE0E"),
        # Outside probe HA-4: marks on punctuation, and thirty stacked on a letter.
        ("_\u0301", "It may hold letters of any alphabet with their accents"),
        (".\u0301\u0302\u0303", "It may hold letters of any alphabet with their accents"),
        ("\u0915" + "\u0901" * 30, "This name stacks more than 4 marks on one letter."),
    ],
)
def test_sign_up_refuses_a_name_of_other_characters_saying_what_a_name_holds(
    client, username, said
):
    """A mark first (it has no letter to sit on), a space, an emoji; a joiner where no
    script needs it."""
    answer = sign_up(client, username, email="reader@example.com")

    assert said in unescape(answer.text)
    assert not get_user_model().objects.filter(username=username).exists()


def test_a_joiner_that_changes_nothing_does_not_make_a_taken_name_another(client):
    """Rahul with a joiner between two of its letters is drawn as Rahul."""
    UserFactory(username="\u0930\u093e\u0939\u0941\u0932")

    answer = sign_up(client, "\u0930\u093e\u200d\u0939\u0941\u0932", email="reader@example.com")

    assert "This name could pass for another" in answer.text
    assert get_user_model().objects.count() == 1
