"""Error pages keep the shop's layout (header, skip link, viewport) and say what happened."""

import pytest
from django.contrib.sessions.exceptions import SuspiciousSession
from django.core.exceptions import BadRequest, PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus.error_pages import bad_request, permission_denied, server_error
from morpheus_testing.factories import UserFactory, create_order
from orders.models import CartItem

LAYOUT = ('class="skip-link"', 'name="viewport"', 'class="site-header"', "css/site.css")


def assert_shop_layout(page: str) -> None:
    assert all(part in page for part in LAYOUT), page[:500]


@pytest.mark.django_db
def test_a_missing_page_is_a_404_in_the_shops_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_shop_layout(response.content.decode())
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_a_missing_staff_page_to_a_member_of_staff_is_a_404_in_the_back_office(support_client):
    """Found by outside testers: an action posted for an order that does not exist answered
    in the shop's layout (Cart, Library, My orders)."""
    response = support_client.post(
        reverse("admin:orders_order_transition", args=[99999, "cancel"]), {"reason": "Asked"}
    )

    assert response.status_code == 404
    page = response.content.decode()
    assert 'id="nav-sidebar"' in page and 'class="site-header"' not in page
    assert "There is nothing at this address." in page
    assert f'href="{reverse("admin:index")}">Back to the staff dashboard<' in page


@pytest.mark.django_db
def test_a_button_address_opened_as_a_link_is_a_405_in_the_shops_layout(client):
    """Found by an outside probe: a 405 was a blank page (a library download's address,
    which its button posts to, opened from the browser's history)."""
    customer = UserFactory()
    client.force_login(customer)

    page = client.get(reverse("delivery:library_download", args=[1, 2]))
    for_a_script = client.get(
        reverse("delivery:library_download", args=[1, 2]), HTTP_ACCEPT="application/json"
    )

    assert page.status_code == 405
    assert page["Allow"] == "POST"
    assert_shop_layout(page.text)
    assert "This address is not opened this way" in page.text
    assert for_a_script.status_code == 405
    assert for_a_script.content == b""
    health = Client(enforce_csrf_checks=True).post("/healthz")
    assert (health.status_code, health.content) == (405, b"")  # no page, no database


@pytest.mark.django_db
def test_a_staff_button_address_opened_as_a_link_is_a_405_in_the_back_office(support_client):
    """Outside probe BQ (BQ-5): an order's action opened by its address showed the shop's
    405 page, its header ("Library, My orders") and no way back to the back office."""
    order = create_order()

    action = support_client.get(reverse("admin:orders_order_transition", args=[order.pk, "cancel"]))
    logout = support_client.get(reverse("admin:logout"))

    assert action.status_code == 405
    assert action["Allow"] == "POST"
    page = action.text
    assert 'id="nav-sidebar"' in page and 'class="site-header"' not in page
    assert "This address answers a button on a staff page" in page
    order_page = reverse("admin:orders_order_change", args=[order.pk])
    assert f'href="{order_page}">Back to the order<' in page
    assert f'href="{reverse("admin:index")}">Back to the staff dashboard<' in page
    assert logout.status_code == 405
    assert 'id="nav-sidebar"' in logout.text and "Back to the order" not in logout.text


# Every button of the order page, by its address's name and what else the address names.
ORDER_BUTTONS = [
    ("admin:orders_order_transition", ["cancel"]),
    ("admin:orders_order_note", []),
    ("admin:orders_order_reissue_links", []),
    ("admin:orders_order_settle_refund_failures", []),
    ("admin:orders_order_refund_duplicate", [1]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "rest"), ORDER_BUTTONS)
def test_a_staff_button_address_opened_by_one_without_its_permission_is_a_403(
    plain_staff_client, name, rest
):
    """Outside probe BR (BR-5): Support opening a duplicate charge's refund by its address
    was told to "use its button there", a button the order page does not show them."""
    order = create_order()

    response = plain_staff_client.get(reverse(name, args=[order.pk, *rest]))

    assert response.status_code == 403
    assert "You lack the permission: " in response.text
    assert "Back to the order" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "rest"), ORDER_BUTTONS)
def test_a_staff_button_address_naming_no_order_is_a_404(superuser_client, name, rest):
    """Outside probe BR (BR-5): its 405 led "Back to the order", a page that does not exist."""
    response = superuser_client.get(reverse(name, args=[99999, *rest]))

    assert response.status_code == 404
    assert "There is nothing at this address." in response.text
    assert "Back to the order" not in response.text


@pytest.mark.django_db
def test_a_staff_button_address_naming_no_change_or_no_payment_of_the_order_is_a_404(
    superuser_client,
):
    order = create_order()

    transition = superuser_client.get(
        reverse("admin:orders_order_transition", args=[order.pk, "nonsense"])
    )
    duplicate = superuser_client.get(
        reverse("admin:orders_order_refund_duplicate", args=[order.pk, 99999])
    )

    assert (transition.status_code, duplicate.status_code) == (404, 404)


@pytest.mark.django_db
def test_a_bad_request_is_a_400_in_the_shops_layout(client):
    response = client.get("/?q=%00")

    assert response.status_code == 400
    assert_shop_layout(response.content.decode())


@pytest.mark.django_db
def test_a_bad_request_on_a_staff_page_leads_back_to_the_staff_dashboard(support_client, client):
    """Found by an outside probe: the order list's 400 offered only "Back to the comics"."""
    staff_page = support_client.get(reverse("admin:orders_order_changelist"), {"status": "\x00"})
    shop_page = client.get("/?q=%00")

    assert staff_page.status_code == 400
    assert f'href="{reverse("admin:index")}">Back to the staff dashboard<' in staff_page.text
    assert "Back to the staff dashboard" not in shop_page.text


@pytest.mark.django_db
def test_a_bad_request_to_a_signed_in_member_of_staff_is_in_the_back_office(support_client):
    """Found by an outside probe: a bad list filter's 400 was in the shop's layout, whose
    header said "Sign in / Sign up" to the signed-in member of staff."""
    response = support_client.get(reverse("admin:orders_order_changelist"), {"email__regex": "(a"})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="nav-sidebar"' in page and 'class="site-header"' not in page
    assert "Sign in" not in page
    assert f'href="{reverse("admin:index")}">Back to the staff dashboard<' in page


@pytest.mark.django_db
def test_a_staff_page_refused_before_signing_in_ran_offers_no_sign_in(support_client):
    """A NUL in the address is refused before the session is read: nobody is known, and
    the page does not suggest signing in either."""
    response = support_client.get(reverse("admin:orders_order_changelist"), {"status": "\x00"})

    assert response.status_code == 400
    assert ">Sign in<" not in response.text and ">Sign up<" not in response.text


def test_a_staff_page_whose_request_raises_again_gets_the_plain_400(rf):
    """The request is bad in itself (its session here): reading who signed in raises again,
    and the page without the request is shown instead of an error in the error page."""

    def tampered():
        raise SuspiciousSession("tampered")

    request = rf.get("/admin/orders/order/")
    request.user = SimpleLazyObject(tampered)

    response = bad_request(request, BadRequest("bad"))

    assert response.status_code == 400
    assert "Back to the staff dashboard" in response.content.decode()


@pytest.mark.django_db
def test_a_forbidden_staff_page_says_which_permission_is_missing_in_the_back_office(
    support_client, rf
):
    """Found by an outside probe: staff refused a page left the back office for the shop's
    layout, its comics and cart."""
    order = create_order()

    response = support_client.get(reverse("admin:orders_order_refund", args=[order.pk]))
    shop = rf.get("/orders/")
    shop.user = order.customer
    customers = permission_denied(shop, PermissionDenied("Not yours."))

    assert response.status_code == 403
    page = response.content.decode()
    assert 'id="nav-sidebar"' in page and 'class="site-header"' not in page
    assert "You lack the permission: Can refund orders." in page
    assert f'href="{reverse("admin:index")}">Back to the staff dashboard<' in page
    assert customers.status_code == 403
    assert_shop_layout(customers.content.decode())
    assert "Not yours." in customers.content.decode()


@pytest.mark.urls("morpheus.tests.failing_views")
@pytest.mark.django_db(transaction=True)
def test_a_server_error_is_a_500_in_the_shops_layout(client):
    client.raise_request_exception = False

    response = client.get("/raise/", {"slug": "broken"})

    assert response.status_code == 500
    assert_shop_layout(response.content.decode())
    assert "Something went wrong" in response.content.decode()


@pytest.mark.urls("morpheus.tests.failing_views")
@pytest.mark.django_db(transaction=True)
def test_a_server_error_keeps_a_signed_in_customers_header_and_gives_a_reference(client):
    """Found by an outside probe: the 500 page showed a signed-in customer "Sign in / Sign
    up", who believed the error had signed them out, and "try again in a moment" only."""
    customer = UserFactory()
    client.force_login(customer)
    client.raise_request_exception = False

    response = client.get("/raise/", {"slug": "broken"}, HTTP_X_REQUEST_ID="abcdef0123456789")

    assert response.status_code == 500
    page = response.content.decode()
    assert f"Signed in as <strong>{customer.get_username()}</strong>" in page
    assert ">Sign in<" not in page
    assert "quote reference <code>abcdef0123456789</code>" in page


@pytest.mark.urls("morpheus.tests.failing_views")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("signed_in", [True, False], ids=["customer", "visitor"])
def test_a_server_errors_page_shows_what_is_committed_not_what_the_failed_request_did(
    client, signed_in
):
    """Found by an outside tester: the 500 page was drawn inside the failed request's
    transaction, before its rollback: its cart badge counted the comic that request added,
    the header named the customer as that request had renamed them, and it said "Added to
    your cart."."""
    customer = UserFactory()
    if signed_in:
        client.force_login(customer)
    client.raise_request_exception = False
    client.get("/answer-200/", {"slug": "kept"})

    response = client.get("/change-the-visitor-then-raise/", {"slug": "lost"})

    assert response.status_code == 500
    page = response.text
    assert_shop_layout(page)
    assert "Something went wrong" in page
    assert 'Cart <span class="badge">1</span>' in page
    assert "Added to your cart." not in page
    if signed_in:
        assert f"Signed in as <strong>{customer.get_username()}</strong>" in page
    with system_scope():
        assert not Comic.objects.filter(slug="lost").exists()
        assert CartItem.objects.filter(comic__slug="lost").count() == 0
        customer.refresh_from_db()
    assert customer.get_username() != "renamed-by-the-failed-request"


@pytest.mark.urls("morpheus.tests.failing_views")
@pytest.mark.django_db(transaction=True)
def test_a_failed_requests_message_is_not_shown_on_the_next_page(client):
    """It told of what the rollback undid: "Added to your cart." of a comic not in it."""
    client.force_login(UserFactory())
    client.raise_request_exception = False

    assert client.get("/change-the-visitor-then-raise/", {"slug": "lost"}).status_code == 500
    page = client.get("/cart/").text

    assert "Your cart is empty" in page
    assert "Added to your cart." not in page


@pytest.mark.urls("morpheus.tests.failing_views")
@pytest.mark.django_db(transaction=True)
def test_a_server_error_after_a_failed_statement_keeps_the_shops_500_page(client):
    """A statement that fails aborts the request's transaction: the page drawn in it lost
    the signed-in customer's header and cart ("current transaction is aborted")."""
    customer = UserFactory()
    client.force_login(customer)
    client.raise_request_exception = False
    client.get("/answer-200/", {"slug": "kept"})

    response = client.get("/fail-a-statement/", {"slug": "lost"})

    assert response.status_code == 500
    page = response.text
    assert_shop_layout(page)
    assert "Something went wrong" in page
    assert f"Signed in as <strong>{customer.get_username()}</strong>" in page
    assert 'Cart <span class="badge">1</span>' in page
    with system_scope():
        assert not Comic.objects.filter(slug="lost").exists()


@pytest.mark.urls("morpheus.tests.failing_views")
@pytest.mark.django_db(transaction=True)
def test_a_server_error_on_a_staff_page_is_in_the_back_office(support_client):
    """Found by an outside probe: a staff page's 500 was in the shop's layout (Catalog,
    Cart, Library, My orders) and led back to the comics."""
    support_client.raise_request_exception = False

    response = support_client.get(
        "/admin/fail-a-statement/", {"slug": "lost"}, HTTP_X_REQUEST_ID="abcdef0123456789"
    )

    assert response.status_code == 500
    page = response.text
    assert 'id="nav-sidebar"' in page and 'class="site-header"' not in page
    assert "Something went wrong" in page
    assert "quoting reference <code>abcdef0123456789</code>" in page
    assert f'href="{reverse("admin:index")}">Back to the staff dashboard<' in page
    assert "Back to the comics" not in page
    with system_scope():
        assert not Comic.objects.filter(slug="lost").exists()


def test_a_server_error_whose_request_fails_again_gets_the_plain_500(rf):
    def tampered():
        raise SuspiciousSession("tampered")

    request = rf.get("/library/")
    request.user = SimpleLazyObject(tampered)

    response = server_error(request)

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_a_staff_pages_server_error_whose_request_fails_again_leads_to_the_dashboard(rf):
    """The plain page knows no one as signed in: it offers no "Sign in" on a staff page."""

    def tampered():
        raise SuspiciousSession("tampered")

    request = rf.get("/admin/orders/order/")
    request.user = SimpleLazyObject(tampered)

    page = server_error(request).content.decode()

    assert "Something went wrong" in page
    assert f'href="{reverse("admin:index")}">Back to the staff dashboard<' in page
    assert ">Sign in<" not in page
