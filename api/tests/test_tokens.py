import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from accounts.services import guest_account_create
from api.models import ApiToken
from api.services import api_token_issue
from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus_testing.clock import YESTERDAY_NOON
from morpheus_testing.concurrency import at_once
from morpheus_testing.digests import expected_digest
from morpheus_testing.factories import StaffFactory, UserFactory, create_order
from orders.guests import guest_order_url
from orders.signals import customer_erased


def tokens_of(user) -> list[ApiToken]:
    with system_scope():
        return list(ApiToken.objects.filter(user=user))


def token_form(browser, name: str) -> dict[str, str]:
    """The account page's form, filled in as a person would: its hidden key included."""
    page = browser.get("/api/account/tokens/").content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    return {"name": name, "form_key": key}


@pytest.fixture
def customer():
    return UserFactory()


@pytest.fixture
def browser(customer):
    client = Client()
    client.force_login(customer)
    return client


@pytest.mark.django_db
def test_the_account_page_shows_a_new_token_once_and_stores_only_its_digest(browser, customer):
    page = browser.post("/api/account/tokens/", token_form(browser, "reader app"))

    secret = page.context["issued"].secret
    (token,) = tokens_of(customer)
    assert secret in page.content.decode()
    assert token.digest == expected_digest(secret, purpose="api-token")
    assert secret not in {token.name, token.prefix, token.digest}
    assert secret not in browser.get("/api/account/tokens/").content.decode()


@pytest.mark.django_db
def test_a_token_revoked_on_the_account_page_stops_working(browser, customer, token_client):
    page = browser.post("/api/account/tokens/", token_form(browser, "reader app"))
    issued = page.context["issued"]
    api = token_client(customer, secret=issued.secret)
    assert api.get("/api/v1/orders").status_code == 200

    browser.post(f"/api/account/tokens/{issued.token.pk}/revoke/")

    assert api.get("/api/v1/orders").status_code == 401


@pytest.mark.django_db
def test_the_account_page_dates_tokens_as_the_other_pages_do_in_utc(browser, customer):
    """Found by an outside probe: "2026-12-03 10:06" here, "3 Dec 2026, 09:48 UTC" on the
    order pages."""
    made, revoked = (
        YESTERDAY_NOON.replace(hour=9, minute=51),
        YESTERDAY_NOON.replace(hour=10, minute=6),
    )
    with time_machine.travel(made, tick=False):
        page = browser.post("/api/account/tokens/", token_form(browser, "reader app"))
    with time_machine.travel(revoked, tick=False):
        browser.post(f"/api/account/tokens/{page.context['issued'].token.pk}/revoke/")

    listed = browser.get("/api/account/tokens/").text

    day = f"{made.day} {made:%b %Y}"
    assert cell_text(listed, "token-created") == f"{day}, 09:51 UTC"
    assert cell_text(listed, "token-state") == f"Revoked {day}, 10:06 UTC"


def cell_text(page: str, name: str) -> str:
    """The words of the tokens table's first cell of class `name`, as a reader sees them."""
    cell = re.search(rf'<td class="{name}"[^>]*>(.*?)</td>', page, re.S)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split()).replace(" ,", ",")


@pytest.mark.django_db
def test_the_same_form_sent_again_makes_no_second_token_and_says_which_it_made(browser, customer):
    form = token_form(browser, "reader app")
    first = browser.post("/api/account/tokens/", form)

    again = browser.post("/api/account/tokens/", form)

    (token,) = tokens_of(customer)
    secret = first.context["issued"].secret
    assert again.status_code == 200
    assert again.context["issued"] is None
    assert secret not in again.content.decode()
    assert "This form was sent before and made the token “reader app”" in again.content.decode()
    assert token.name == "reader app"


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_makes_one_token(customer):
    browser = Client()
    browser.force_login(customer)
    form = token_form(browser, "reader app")

    def send_it():
        tab = Client()
        tab.force_login(customer)
        return tab.post("/api/account/tokens/", form)

    pages = at_once(send_it, times=2)

    shown = sorted('data-testid="token-secret"' in page.content.decode() for page in pages)
    assert sorted(page.status_code for page in pages) == [200, 200]
    assert shown == [False, True]
    assert len(tokens_of(customer)) == 1


@pytest.mark.django_db
def test_a_new_form_makes_a_new_token_even_with_the_same_name(browser, customer):
    browser.post("/api/account/tokens/", token_form(browser, "reader app"))
    browser.post("/api/account/tokens/", token_form(browser, "reader app"))

    assert [token.name for token in tokens_of(customer)] == ["reader app", "reader app"]


@pytest.mark.django_db
@pytest.mark.parametrize("key", [None, "zz"], ids=["missing", "mangled"])
def test_a_form_without_its_key_asks_for_a_reload_and_makes_no_token(browser, customer, key):
    """Outside probe FE-2: the message began "(Hidden field form_key)", Django's words for
    a hidden field's error."""
    form = {"name": "reader app", **({"form_key": key} if key else {})}
    page = browser.post("/api/account/tokens/", form).content.decode()

    assert "This form is out of date: reload the page" in page
    assert "Hidden field" not in page
    assert tokens_of(customer) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "told"),
    [
        ("my \u202eappe.exe", "The name holds U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u0301", "The name shows nothing"),
        ("my token\ufff9", "The name holds U+FFF9 INTERLINEAR ANNOTATION ANCHOR"),
        ("my \U00013430token", "The name holds U+13430 EGYPTIAN HIEROGLYPH VERTICAL JOINER"),
        ("my\u070ftoken", "The name holds U+070F SYRIAC ABBREVIATION MARK"),
        ("my\u200dtoken", "The name holds U+200D ZERO WIDTH JOINER"),
        ("my token\u200c", "The name holds U+200C ZERO WIDTH NON-JOINER"),
        ("my tok\ufe0fen", "The name holds U+FE0F VARIATION SELECTOR-16"),
        ("\u0410\u043b\u0451\u200d\u043d\u0430", "The name holds U+200D ZERO WIDTH JOINER"),
    ],
)
def test_a_token_name_that_would_read_otherwise_than_typed_is_refused(
    browser, customer, name, told
):
    """Outside probe GO-6: a right-to-left override made "my appe.exe" read "my exe.eppa"
    in the list of tokens. Outside probes GR-6, GT-4: these, which print nothing there, were
    taken."""
    page = browser.post("/api/account/tokens/", token_form(browser, name)).content.decode()

    assert told in page
    assert tokens_of(customer) == []


@pytest.mark.django_db
def test_another_customers_token_cannot_be_revoked(browser):
    someone = UserFactory()
    with system_scope():
        from api.services import api_token_issue

        theirs = api_token_issue(user=someone, name="theirs").token

    response = browser.post(f"/api/account/tokens/{theirs.pk}/revoke/")

    assert response.status_code == 404
    assert tokens_of(someone)[0].revoked_at is None


def staff_add_token(customer, name: str):
    """The back office's "Add API token" page, filled in and sent by a member of staff."""
    admin = Client()
    admin.force_login(StaffFactory())
    page = admin.get("/admin/api/apitoken/add/").content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    form = {"user": customer.pk, "name": name, "form_key": key}
    return admin.post("/admin/api/apitoken/add/", form, follow=True)


@pytest.mark.django_db
def test_staff_create_a_token_in_the_admin_and_see_its_secret_once(customer):
    response = staff_add_token(customer, "support")

    (token,) = tokens_of(customer)
    shown = [str(m) for m in response.context["messages"]]
    assert any(token.prefix in message for message in shown)


@pytest.mark.django_db
def test_staff_and_the_command_are_refused_a_token_name_that_reads_otherwise_than_typed(
    customer,
):
    """Outside probe GP-2: the back office's "Add API token" and `api_token_issue --name`
    took a right-to-left override that the customer's form refuses."""
    staffs = staff_add_token(customer, "my \u202eappe.exe").content.decode()
    with pytest.raises(CommandError, match="U\\+202E RIGHT-TO-LEFT OVERRIDE"):
        call_command("api_token_issue", customer.username, name="my \u202eappe.exe")

    assert "The name holds U+202E RIGHT-TO-LEFT OVERRIDE" in staffs
    assert tokens_of(customer) == []


@pytest.mark.django_db
def test_the_token_table_forces_row_level_security_by_owner(customer):
    other = UserFactory()
    with system_scope():
        from api.services import api_token_issue

        api_token_issue(user=customer, name="mine")
        api_token_issue(user=other, name="theirs")

    with rls_scope(scope=Scope.CUSTOMER, user_id=customer.pk):
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM api_apitoken")
            assert [row[0] for row in cursor.fetchall()] == ["mine"]
    with rls_scope(scope=Scope.ANONYMOUS):
        assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_an_erased_customers_tokens_are_deleted(customer):
    api_token_issue(user=customer, name="my laptop")
    other = UserFactory()
    api_token_issue(user=other, name="theirs")

    with system_scope():
        customer_erased.send(sender=None, user_id=customer.pk)

    assert tokens_of(customer) == []
    assert len(tokens_of(other)) == 1


@pytest.mark.django_db
def test_a_guest_order_links_session_is_sent_to_sign_up_not_given_a_token(client):
    guest = guest_account_create(email="guest@example.com")
    order = create_order(customer=guest)
    client.get(re.search(r"(/accounts/guest/order/\S+/)", guest_order_url(order)).group(1))

    page = client.get("/api/account/tokens/")
    made = client.post("/api/account/tokens/", {"name": "reader app"})

    assert (page.status_code, page["Location"]) == (302, "/accounts/signup/")
    assert (made.status_code, made["Location"]) == (302, "/accounts/signup/")
    assert tokens_of(guest) == []
