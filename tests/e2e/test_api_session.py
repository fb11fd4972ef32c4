"""The README's token client session, step by step over HTTP against a live server with a
job worker and localstripe: create a token, order, pay, poll, get a link, download."""

import io
import json
import urllib.request

import pytest
from django.core.management import call_command

from morpheus_testing.factories import ComicAssetFactory, UserFactory, create_order
from morpheus_testing.waiting import CommittedWrites, committed_writes, wait_until
from orders.transitions import OrderStatus

pytestmark = [pytest.mark.django_db(transaction=True)]

JSON_API = "application/vnd.api+json"
SETTLE_TIMEOUT_SECONDS = 30


class ApiClient:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": JSON_API}

    def call(self, method: str, path: str, document: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(  # noqa: S310 (the live test server)
            self.base_url + path,
            data=json.dumps(document).encode() if document is not None else None,
            headers=self.headers,
            method=method,
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())

    def poll(self, path: str, done, changes: CommittedWrites) -> dict:
        """GET `path` until `done(attributes)`, as the README's client polls; asked again
        each time a write to a table in `changes` commits, not on a timer."""

        def data_once_done() -> dict | None:
            _, body = self.call("GET", path)
            return body["data"] if done(body["data"]["attributes"]) else None

        return wait_until(
            data_once_done, timeout=SETTLE_TIMEOUT_SECONDS, what=f"GET {path}", changes=changes
        )


def token_from_command(username: str) -> str:
    out = io.StringIO()
    call_command("api_token_issue", username, "--name", "readme session", stdout=out)
    return out.getvalue().strip()


def test_a_token_client_orders_pays_with_a_test_card_and_downloads_its_comic(shop, database_urls):
    customer = UserFactory()
    content = b"%PDF-1.4 the session comic\n" * 40
    comic = ComicAssetFactory(comic__title="Session", comic__price_amount=499, content=content)
    owned = ComicAssetFactory(comic__title="Owned", comic__price_amount=999).comic
    create_order(customer=customer, comics=[owned], status=OrderStatus.PAID)
    api = ApiClient(f"{shop}/api/v1", token_from_command(customer.username))

    # The README's pick: the dearest comic the customer does not own yet.
    _, listed = api.call("GET", "/comics?filter[owned]=false&sort=-price_amount&page[size]=1")
    assert listed["data"][0]["id"] == str(comic.comic.pk)
    comic = comic.comic

    status, created = api.call(
        "POST",
        "/orders",
        {
            "data": {
                "type": "orders",
                "relationships": {"comics": {"data": [{"type": "comics", "id": str(comic.pk)}]}},
            }
        },
    )
    assert status == 201
    order_id = created["data"]["id"]

    status, payment = api.call(
        "POST",
        f"/orders/{order_id}/payments",
        {"data": {"type": "payments", "attributes": {"payment_method": "pm_card_visa"}}},
    )
    assert status == 202
    assert payment["data"]["attributes"]["status"] == "creating"

    with committed_writes(database_urls["owner"], "payments_payment", "orders_order") as writes:
        attempt = api.poll(
            f"/orders/{order_id}/payments/{payment['data']['id']}",
            lambda a: a["status"] != "creating",
            writes,
        )
        assert attempt["attributes"]["status"] in {"processing", "succeeded"}
        order = api.poll(f"/orders/{order_id}", lambda a: a["status"] == "fulfilled", writes)
    assert order["attributes"]["status"] == "fulfilled"

    item_id = order["relationships"]["items"]["data"][0]["id"]
    status, link = api.call("POST", f"/orders/{order_id}/downloads/{item_id}/links")
    assert status == 201
    with urllib.request.urlopen(link["data"]["attributes"]["url"], timeout=10) as download:  # noqa: S310
        assert download.read() == content
