import http.client
import json
import socket
from urllib.parse import urlsplit

import pytest
from django.urls import get_resolver

from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus_testing.api_fixtures import api_token_secret
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from orders.models import CartItem, Order
from payments.tests.helpers import localstripe_call


@pytest.mark.django_db(transaction=True)
def test_no_transaction_stays_open_while_a_view_calls_the_payment_provider(client, stripe_settings):
    """Against localstripe: the Stripe client raises on a call made inside a transaction
    (STRIPE_CALL_IN_TRANSACTION=raise in tests), and both calls reached Stripe."""
    assert stripe_settings.STRIPE_CALL_IN_TRANSACTION == "raise"
    customer = UserFactory()
    order = create_order(customer=customer)
    client.force_login(customer)

    response = client.post(f"/orders/{order.number}/pay/setup-intent/")

    assert response.json()["client_secret"].startswith("seti_")
    [made] = localstripe_call("GET", "/v1/customers")["data"]
    [setup] = localstripe_call("GET", "/v1/setup_intents")["data"]
    assert (setup["customer"], setup["client_secret"]) == (
        made["id"],
        response.json()["client_secret"],
    )


@pytest.mark.django_db(transaction=True)
def test_a_view_outside_the_request_transaction_still_refuses_another_customers_order(
    client, stripe_settings
):
    owner, other = UserFactory(), UserFactory()
    order = create_order(customer=owner)
    client.force_login(other)

    response = client.post(f"/orders/{order.number}/pay/setup-intent/")

    assert response.status_code == 404


def _cart_slugs(customer) -> set[str]:
    with system_scope():
        return set(
            CartItem.objects.filter(cart__customer=customer).values_list("comic__slug", flat=True)
        )


@pytest.mark.urls("morpheus.tests.failing_views")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("path", "status"), [("/raise/", 500), ("/answer-503/", 503)])
def test_a_request_that_ends_in_a_server_error_commits_nothing(client, path, status):
    customer = UserFactory()
    client.force_login(customer)
    client.raise_request_exception = False

    response = client.get(path, {"slug": "half-written"})

    assert response.status_code == status
    assert _cart_slugs(customer) == set()
    with system_scope():
        assert not Comic.objects.filter(slug="half-written").exists()


@pytest.mark.urls("morpheus.tests.failing_views")
@pytest.mark.django_db(transaction=True)
def test_a_successful_request_commits_its_writes(client):
    customer = UserFactory()
    client.force_login(customer)

    response = client.get("/answer-200/", {"slug": "fully-written"})

    assert response.status_code == 200
    assert _cart_slugs(customer) == {"fully-written"}


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.mark.urls("morpheus.tests.failing_views")
@pytest.mark.django_db
def test_a_webhook_request_gets_no_session_or_user_but_the_same_security_headers(client):
    client.force_login(UserFactory())
    page = client.get("/answer-200/", {"slug": "page"})

    response = client.post("/stripe/webhook/given/")

    assert response.json() == {"session": False, "user": False}
    assert all(name in page.headers for name in SECURITY_HEADERS)
    assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == {
        name: page.headers[name] for name in SECURITY_HEADERS
    }
    assert response.headers["X-Request-ID"]


@pytest.mark.urls("morpheus.tests.failing_views")
@pytest.mark.django_db(transaction=True)
def test_a_webhook_request_that_fails_commits_nothing(client):
    client.raise_request_exception = False

    response = client.post("/stripe/webhook/raise/?slug=half-received")

    assert response.status_code == 500
    with system_scope():
        assert not Comic.objects.filter(slug="half-received").exists()


@pytest.mark.django_db
def test_the_middlewares_resolve_a_path_once_between_them(client, monkeypatch):
    """The throttle and row-level security middlewares share one resolution; Django's
    handler makes its own for the view."""
    resolver = get_resolver()
    resolve = resolver.resolve
    paths: list[str] = []

    def counted(path: str):
        paths.append(path)
        return resolve(path)

    monkeypatch.setattr(resolver, "resolve", counted)

    assert client.get("/downloads/library/").status_code == 302
    assert paths == ["/downloads/library/", "/downloads/library/"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/?q=%00",
        "/cart/?country=F%00R",
        "/admin/?quarter=%00",
        "/orders/MO-%00/",
        "/orders/%00/pay/",
    ],
)
def test_a_page_asked_with_a_nul_in_its_address_is_a_bad_request(client, path):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(path).status_code == 400


@pytest.mark.django_db
def test_debug_pages_are_refused_to_a_client_on_another_machine_whatever_its_host(client, settings):
    settings.DEBUG = True

    response = client.get("/no-such-page/", REMOTE_ADDR="203.0.113.5", HTTP_HOST="localhost")

    assert response.status_code == 403
    assert response.content == b"Debug mode answers this machine only."


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_debug_pages_still_answer_this_machine(client, settings, address):
    settings.DEBUG = True

    response = client.get("/no-such-page/", REMOTE_ADDR=address)

    assert response.status_code == 404
    assert b"Using the URLconf defined in" in response.content


@pytest.mark.django_db
def test_without_debug_a_client_on_another_machine_gets_the_shops_pages(client):
    response = client.get("/no-such-page/", REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 404
    assert b"Debug mode" not in response.content


def _sent_in_chunks(url: str, path: str, body: bytes, **headers: str):
    """`body` POSTed in two chunks (`Transfer-Encoding: chunked`, no Content-Length), as an
    HTTP client streaming it does, the whole request written before the answer is read (the
    server answers without reading the body, then closes); the status, content type and body
    answered."""
    address = urlsplit(url)
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:10], body[10:]))
    request = (
        (
            f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\nTransfer-Encoding: chunked\r\n"
            f"{head}\r\n"
        ).encode()
        + chunks
        + b"0\r\n\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.getheader("Content-Type"), response.read().decode()


JSON_API = "application/vnd.api+json"


@pytest.mark.django_db(transaction=True)
def test_an_api_document_sent_in_chunks_is_refused_as_needing_its_length(live_server):
    """Outside probe CG: the order document, well formed, was read as empty and answered
    "malformed" (400); nothing is ordered."""
    customer = UserFactory()
    comic = {"type": "comics", "id": str(ComicFactory().pk)}
    document = {"data": {"type": "orders", "relationships": {"comics": {"data": [comic]}}}}

    status, content_type, body = _sent_in_chunks(
        live_server.url,
        "/api/v1/orders",
        json.dumps(document).encode(),
        **{"Content-Type": JSON_API, "Authorization": f"Bearer {api_token_secret(customer)}"},
    )

    assert (status, content_type) == (411, JSON_API)
    assert json.loads(body)["errors"][0]["detail"] == (
        "Send the request's body with a Content-Length header, not in chunks."
    )
    with system_scope():
        assert not Order.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("length", [None, "10"], ids=["chunks alone", "a length beside"])
def test_a_form_sent_in_chunks_is_refused_as_needing_its_length(live_server, length):
    """Outside probe CJ-4: with a Content-Length beside the chunks, the development server
    read their framing as the form."""
    body = b"username=alice&password=morpheus-demo"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if length:
        headers["Content-Length"] = length

    status, _, answer = _sent_in_chunks(live_server.url, "/accounts/login/", body, **headers)

    assert status == 411
    assert "Content-Length" in answer
