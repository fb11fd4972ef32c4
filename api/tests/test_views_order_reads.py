from unittest.mock import ANY

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.privacy import _order
from api.tests.helpers import JSON_API, fulfilled_order, fulfilled_order_paid, ids
from api.views.orders import OrderViewSet
from delivery.services import download_links_fulfil
from delivery.tasks import stamp_copy
from demo.files import comic_pdf
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    BUSINESS,
    ComicAssetFactory,
    ComicFactory,
    PaymentFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
    order_links_suspend,
)
from morpheus_testing.jobs import run_queued_jobs
from orders import services
from orders.buyer import BuyerDeclaration
from orders.models import Order, OrderItem
from orders.transitions import OrderStatus
from payments.models import Refund, RefundLine, RefundStatus
from payments.services.disputes import DisputeEvent
from payments.tests.helpers import dispute_told


@pytest.mark.django_db
def test_orders_can_be_filtered_by_status(client, customer):
    pending = create_order(customer=customer)
    paid = create_order(customer=customer, status=OrderStatus.PAID)

    assert ids(client.get("/api/v1/orders?filter[status]=paid")) == {str(paid.pk)}
    assert ids(client.get("/api/v1/orders?filter[status]=pending")) == {str(pending.pk)}


@pytest.mark.django_db
def test_an_unknown_status_filter_is_an_error_naming_the_parameter(client):
    response = client.get("/api/v1/orders?filter[status]=lost")

    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"parameter": "filter[status]"}


@pytest.mark.django_db
def test_unknown_query_parameters_are_refused(client):
    assert client.get("/api/v1/orders?colour=blue").status_code == 400


@pytest.mark.django_db
def test_orders_are_paginated_with_json_api_links(client, customer):
    for _ in range(3):
        create_order(customer=customer)

    response = client.get("/api/v1/orders?page[size]=2&page[number]=2")

    body = response.json()
    assert len(body["data"]) == 1
    assert body["meta"]["pagination"] == {"page": 2, "pages": 2, "count": 3}
    assert "page%5Bnumber%5D=1" in body["links"]["first"]
    assert body["links"]["next"] is None


@pytest.mark.django_db
def test_sparse_fieldsets_return_only_the_asked_attributes(client, customer):
    order = create_order(customer=customer)

    response = client.get(f"/api/v1/orders/{order.pk}?fields[orders]=number,status")

    data = response.json()["data"]
    assert data["attributes"] == {"number": order.number, "status": "pending"}
    assert "relationships" not in data


@pytest.mark.django_db
def test_include_items_embeds_the_order_items(client, customer):
    comic = ComicFactory(price_amount=999)
    order = create_order(customer=customer, comics=[comic])

    response = client.get(f"/api/v1/orders/{order.pk}?include=items")

    (item,) = response.json()["included"]
    assert item["type"] == "order-items"
    assert item["attributes"] == {
        "title": comic.title,
        "unit_amount": 999,
        "discount_amount": 0,
        "refunded_amount": 0,
        "downloadable": False,  # not paid yet
        "vat": {"amount": 0, "rate": "0.00"},  # Ireland's, the shop's default country
        "files": [{"format": "pdf", "file_name": f"{comic.slug}.pdf", "size_bytes": ANY}],
    }
    assert item["relationships"]["comic"]["data"] == {"type": "comics", "id": str(comic.pk)}


@pytest.mark.django_db
def test_an_item_whose_downloads_are_held_for_a_while_is_not_downloadable_and_keeps_its_files(
    client, customer
):
    """Outside probe BN-3: an item read downloadable while its order was held for a check of
    its VAT evidence, or its links paused for sharing, and a reader app asking for a link
    was answered 409."""
    held = create_order_held_for_its_vat_evidence(
        customer=customer, comics=[ComicAssetFactory(comic__title="Held").comic]
    )
    paused = fulfilled_order(customer)
    with system_scope():
        order_links_suspend(paused)
    fulfilled_order(customer)

    included = client.get("/api/v1/orders?include=items").json()["included"]
    asked = client.post(f"/api/v1/orders/{held.pk}/downloads/{held.items.get().pk}/links")

    items = {item["attributes"]["title"]: item["attributes"] for item in included}
    assert [item["downloadable"] for item in items.values()].count(True) == 1
    assert items["Held"]["downloadable"] is False
    assert items["Held"]["files"] != []
    with system_scope():
        assert items[paused.items.get().title]["downloadable"] is False
    assert asked.status_code == 409


@pytest.mark.django_db
def test_an_item_refunded_on_its_own_says_so_and_lists_no_files(client, customer):
    """Outside probe BN-3: a refunded item read like the others and listed its files, and a
    reader app asking for a link to one was answered 409."""
    refunded, kept = ComicAssetFactory().comic, ComicAssetFactory().comic
    order = create_order(customer=customer, comics=[refunded, kept], status=OrderStatus.PAID)
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="test:fulfilment")
        item = order.items.get(comic=refunded)
    refund_recorded(order, item.unit_amount, RefundStatus.SUCCEEDED, items=[item])

    included = client.get(f"/api/v1/orders/{order.pk}?include=items").json()["included"]

    items = {item["attributes"]["title"]: item["attributes"] for item in included}
    assert items[refunded.title]["refunded_amount"] == refunded.price_amount
    assert items[refunded.title]["downloadable"] is False
    assert items[refunded.title]["files"] == []
    assert items[kept.title]["refunded_amount"] == 0
    assert items[kept.title]["downloadable"] is True
    assert [file["format"] for file in items[kept.title]["files"]] == ["pdf"]


def refund_recorded(order: Order, amount: int, status: str, *, items=()) -> None:
    """A refund of `amount` (of the `items` as a whole, each for what it paid), as Stripe's
    answers leave it: the refunded totals count it while it stays paid (`status`)."""
    with system_scope():
        payment = order.payments.first() or PaymentFactory(order=order, status="succeeded")
        refund = Refund.objects.create(
            order=order,
            payment=payment,
            amount=amount,
            currency=order.currency,
            reason="Asked",
            actor="test",
            status=status,
            succeeded_at=timezone.now(),
        )
        for item in items:
            RefundLine.objects.create(refund=refund, order_item=item, amount=item.paid_amount)
        if status == RefundStatus.SUCCEEDED:
            Order.objects.filter(pk=order.pk).update(refunded_amount=F("refunded_amount") + amount)
            for item in items:
                OrderItem.objects.filter(pk=item.pk).update(refunded_amount=item.paid_amount)


@pytest.mark.django_db
def test_an_items_refunded_amount_counts_its_share_of_amounts_and_no_refund_that_came_back(
    client, customer
):
    """Outside probe BO-4 and BO-2: the items' refunded_amount counted only refunds of the
    item, a bounced one included (the customer's bank sent it back), while the order page
    and the privacy export counted each item's share of refunds of amounts too: a fully
    refunded order read 437, 0 and 0."""
    comics = [ComicFactory(price_amount=price) for price in (499, 699, 399)]
    order = create_order(customer=customer, comics=comics, status=OrderStatus.PAID)
    with system_scope():
        first, second, third = order.items.order_by("pk")
    refund_recorded(order, 200, RefundStatus.FAILED)  # paid, then it came back
    refund_recorded(order, 399, RefundStatus.FAILED, items=[third])  # came back too
    refund_recorded(order, 499, RefundStatus.SUCCEEDED, items=[first])
    refund_recorded(order, 699, RefundStatus.SUCCEEDED)

    included = client.get(f"/api/v1/orders/{order.pk}?include=items").json()["included"]

    items = {item["attributes"]["title"]: item["attributes"] for item in included}
    assert [items[item.title]["refunded_amount"] for item in (first, second, third)] == [
        499,
        445,
        254,
    ]
    assert items[third.title]["downloadable"] is True
    with system_scope():
        exported = _order(Order.objects.get(pk=order.pk), None)["items"]
    assert [item["refunded_amount"] for item in exported] == [499, 445, 254]


def stamped_order(customer) -> Order:
    """A paid order of a comic whose downloads are stamped, its links issued (the buyer's
    stamped copy is yet to be made)."""
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Neon Tide", pages=3))
    order = create_order(customer=customer, comics=[asset.comic], status=OrderStatus.PAID)
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="test:fulfilment")
    return order


def file_sizes(client, order: Order) -> list[int]:
    (item,) = client.get(f"/api/v1/orders/{order.pk}?include=items").json()["included"]
    return [file["size_bytes"] for file in item["attributes"]["files"]]


@pytest.mark.django_db
def test_an_items_file_size_is_that_of_the_stamped_copy_a_link_serves(client, customer):
    """Outside probe BG-8: the API gave the original's size while a link served the
    buyer's stamped copy, twice as big, which the library showed."""
    order = stamped_order(customer)
    item = order.items.get()
    original = item.comic.assets.get().size_bytes
    before = file_sizes(client, order)
    run_queued_jobs(names={stamp_copy.name})

    link = client.post(f"/api/v1/orders/{order.pk}/downloads/{item.pk}/links").json()["data"]
    served = b"".join(client.get(link["attributes"]["url"]).streaming_content)

    assert len(served) != original
    assert before == [original]
    assert file_sizes(client, order) == [len(served)]


@pytest.mark.django_db
def test_the_orders_with_their_items_read_the_same_number_of_queries_for_one_or_four(
    client, customer
):
    def queries_for_orders() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/orders?include=items").status_code == 200
        return len(queries)

    stamped_order(customer)
    run_queued_jobs(names={stamp_copy.name})
    one = queries_for_orders()
    for _ in range(3):
        stamped_order(customer)
    run_queued_jobs(names={stamp_copy.name})

    assert queries_for_orders() == one


@pytest.mark.django_db
def test_an_unknown_include_is_refused(client, customer):
    order = create_order(customer=customer)

    assert client.get(f"/api/v1/orders/{order.pk}?include=customer").status_code == 400


@pytest.mark.django_db
def test_responses_use_the_json_api_media_type(client, customer):
    order = create_order(customer=customer)

    response = client.get(f"/api/v1/orders/{order.pk}")

    assert response["Content-Type"] == JSON_API
    assert response.json()["data"]["attributes"]["number"] == order.number


@pytest.mark.django_db
def test_the_session_of_a_signed_in_customer_authenticates_too(client, customer):
    from rest_framework.test import APIClient

    own = create_order(customer=customer)
    create_order()
    session = APIClient()
    session.force_login(customer)

    assert ids(session.get("/api/v1/orders")) == {str(own.pk)}


@pytest.mark.django_db
def test_downloads_list_the_terms_of_the_current_links(client, customer):
    order = fulfilled_order(customer)

    response = client.get(f"/api/v1/orders/{order.pk}/downloads")

    (link,) = response.json()["data"]
    assert link["type"] == "download-links"
    assert link["attributes"]["downloads_left"] == link["attributes"]["max_downloads"]
    assert link["attributes"]["usable"] is True
    assert link["attributes"]["file_name"].endswith(".pdf")


@pytest.mark.django_db
def test_downloads_of_an_unpaid_order_are_empty(client, customer):
    order = create_order(customer=customer)

    assert client.get(f"/api/v1/orders/{order.pk}/downloads").json()["data"] == []


@pytest.mark.django_db
def test_cancelling_a_pending_order_cancels_it(client, customer):
    order = create_order(customer=customer)

    response = client.post(f"/api/v1/orders/{order.pk}/cancel")

    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["status"] == "canceled"
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED


@pytest.mark.django_db
def test_a_cancel_sent_again_answers_as_the_first_and_records_one(client, customer):
    """Outside probe HY-1: a client's retry of its cancel got a 409 "Order … is already
    canceled.", as if another had canceled it."""
    order = create_order(customer=customer)

    first = client.post(f"/api/v1/orders/{order.pk}/cancel")
    again = client.post(f"/api/v1/orders/{order.pk}/cancel")

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["data"] == first.json()["data"]
    assert order.events.filter(to_status=OrderStatus.CANCELED).count() == 1


@pytest.mark.django_db
def test_cancelling_an_order_staff_canceled_is_a_conflict_saying_it_is_canceled(client, customer):
    order = create_order(customer=customer)
    with system_scope():
        services.order_transition(order=order, name="cancel", actor="staff:support", reason="Asked")

    response = client.post(f"/api/v1/orders/{order.pk}/cancel")

    assert response.status_code == 409
    assert response.json()["errors"][0]["detail"] == f"Order {order.number} is already canceled."


@pytest.mark.django_db
def test_cancelling_a_paid_order_is_a_conflict_error_object(client, customer):
    order = create_order(customer=customer, status=OrderStatus.PAID)

    response = client.post(f"/api/v1/orders/{order.pk}/cancel")

    assert response.status_code == 409
    (error,) = response.json()["errors"]
    assert error["code"] == "transition_not_allowed"
    assert error["detail"] == f"Order {order.number} is paid, so it can no longer be canceled."
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


@pytest.mark.django_db
def test_a_cancel_that_loses_a_race_with_a_payment_says_so_without_a_page(
    client, customer, monkeypatch
):
    """Outside probe AO (AO-8): the 409 said the order "has changed since this page was
    loaded" to an API client, which loaded no page."""
    order = create_order(customer=customer)
    loaded = OrderViewSet.get_object

    def paid_for_meanwhile(view):
        copy = loaded(view)
        with system_scope():
            services.order_transition(
                name="submit_payment",
                order=Order.objects.get(pk=order.pk),
                actor="test",
                reason="pay",
            )
        return copy

    monkeypatch.setattr(OrderViewSet, "get_object", paid_for_meanwhile)

    response = client.post(f"/api/v1/orders/{order.pk}/cancel")

    assert response.status_code == 409
    (error,) = response.json()["errors"]
    assert error["code"] == "stale_order"
    assert error["detail"] == (
        f"Order {order.number} changed while this request ran (now processing). "
        "Nothing was done: fetch it again and retry."
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.PROCESSING


@pytest.mark.django_db
def test_a_revoked_or_unknown_token_is_refused(token_client, customer):
    from api.models import ApiToken
    from api.services import api_token_revoke
    from morpheus.db_context import system_scope
    from morpheus_testing.api_fixtures import api_token_secret

    secret = api_token_secret(customer)
    with system_scope():
        api_token_revoke(token=ApiToken.objects.get(user=customer))

    revoked = token_client(customer, secret=secret).get("/api/v1/orders")
    unknown = token_client(customer, secret="mo_not-a-token").get("/api/v1/orders")

    assert (revoked.status_code, unknown.status_code) == (401, 401)
    assert revoked.json()["errors"][0]["detail"] == "Unknown or revoked token."


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["total_amount", "-total_amount"])
def test_paging_through_orders_of_the_same_total_shows_each_once(client, customer, sort):
    orders = [create_order(customer=customer) for _ in range(6)]

    seen = [
        client.get(f"/api/v1/orders?sort={sort}&page[size]=1&page[number]={page}").json()["data"]
        for page in range(1, 7)
    ]

    assert sorted(int(data[0]["id"]) for data in seen) == sorted(order.pk for order in orders)


@pytest.mark.django_db
def test_orders_sorted_by_total_are_sorted_within_each_currency(client, customer):
    """Outside probe HD-5: 1.000 KWD (1000 fils) came before €8.99 (899 cents), minor
    units of two currencies compared as one number."""
    priced = [("KWD", 1000), ("EUR", 899), ("KWD", 800), ("EUR", 714)]
    orders = {
        (currency, amount): create_order(
            customer=customer, comics=[ComicFactory(currency=currency, price_amount=amount)]
        ).number
        for currency, amount in priced
    }

    listed = client.get("/api/v1/orders?sort=-total_amount").json()["data"]

    assert [order["attributes"]["number"] for order in listed] == [
        orders["EUR", 899],
        orders["EUR", 714],
        orders["KWD", 1000],
        orders["KWD", 800],
    ]


@pytest.mark.django_db
def test_an_order_and_its_comic_give_their_own_address_as_links_self(client, customer):
    """A client follows `links.self` as it follows a payment's (found by an outside probe:
    only payments had one)."""
    comic = ComicFactory()
    order = create_order(customer=customer, comics=[comic])

    listed = client.get("/api/v1/orders").json()["data"][0]
    read = client.get(f"/api/v1/orders/{order.pk}").json()

    assert listed["links"] == {"self": f"http://testserver/api/v1/orders/{order.pk}"}
    assert client.get(listed["links"]["self"]).json()["data"]["id"] == str(order.pk)
    comic_link = client.get("/api/v1/comics").json()["data"][0]["links"]["self"]
    assert comic_link == f"http://testserver/api/v1/comics/{comic.pk}"
    assert read["data"]["links"]["self"] == listed["links"]["self"]


@pytest.mark.django_db
def test_orders_listed_show_the_vat_their_prices_include_and_where_it_was_charged(
    client, customer, settings
):
    """Outside probe BE-2: the pages say "Includes VAT 5.5 % (France)", the API nothing."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    create_order(customer=customer, comics=[ComicFactory(price_amount=1200)])

    (order,) = client.get("/api/v1/orders?include=items").json()["data"]

    assert order["attributes"]["tax_added_amount"] == 0
    assert order["attributes"]["vat"] == {
        "amount": 63,
        "added": False,
        "rate": "5.50",
        "country": "FR",
        "country_name": "France",
        "reverse_charge": False,
    }


@pytest.mark.django_db
def test_a_reverse_charge_order_shows_the_vat_taken_off_its_prices(client, customer):
    """Outside probe BJ (BJ-4): a business buying by reverse charge pays the prices less
    the VAT a consumer of its country pays on them."""
    create_order(
        customer=customer,
        comics=[ComicFactory(price_amount=1070)],
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
    )

    (order,) = client.get("/api/v1/orders").json()["data"]

    attributes = order["attributes"]
    assert [
        attributes[name]
        for name in ("subtotal_amount", "discount_amount", "tax_removed_amount", "total_amount")
    ] == [1070, 0, 70, 1000]
    assert (attributes["vat"]["amount"], attributes["vat"]["reverse_charge"]) == (0, True)


@pytest.mark.django_db
def test_without_vat_charged_an_order_shows_none(client, customer, settings):
    settings.TAX_MODE = "none"
    order = create_order(customer=customer)

    response = client.get(f"/api/v1/orders/{order.pk}?include=items")

    assert response.json()["data"]["attributes"]["vat"] is None
    assert response.json()["included"][0]["attributes"]["vat"] is None


@pytest.mark.django_db(transaction=True)
def test_one_order_with_its_items_says_an_item_held_or_paused_is_not_downloadable(client, customer):
    """Outside probe BP-4: the list said so, but one order's own document read
    `downloadable: true` while it was held or its links paused, and a link was refused."""
    held = create_order_held_for_its_vat_evidence(
        customer=customer, comics=[ComicAssetFactory(comic__title="Held").comic]
    )
    paused = fulfilled_order(customer)
    with system_scope():
        order_links_suspend(paused)
    open_order = fulfilled_order(customer)

    def downloadable(order: Order) -> list[bool]:
        document = client.get(f"/api/v1/orders/{order.pk}?include=items").json()
        return [item["attributes"]["downloadable"] for item in document["included"]]

    assert downloadable(held) == [False]
    assert downloadable(paused) == [False]
    assert downloadable(open_order) == [True]
    with system_scope():
        item = held.items.get()
    asked = client.post(f"/api/v1/orders/{held.pk}/downloads/{item.pk}/links")
    assert asked.status_code == 409


@pytest.mark.django_db
def test_an_order_above_what_a_card_is_charged_at_once_says_why_it_cannot_be_paid(client, customer):
    """Outside probe CL-4: it read `status: pending` and nothing else; a client learnt it only
    from the refusal of its payment."""
    comics = [ComicFactory(price_amount=60_000_000) for _ in range(2)]
    too_much = create_order(customer=customer, comics=comics)
    payable = create_order(customer=customer)

    reasons = {
        order["id"]: order["attributes"]["cannot_be_paid"]
        for order in client.get("/api/v1/orders").json()["data"]
    }

    assert reasons == {
        str(too_much.pk): f"Order {too_much.number} comes to €1,200,000.00, more than a card "
        "can be charged at once (€999,999.99), so it cannot be paid: cancel it and buy its "
        "comics a few at a time.",
        str(payable.pk): None,
    }


@pytest.mark.django_db
def test_an_order_holding_a_comic_bought_since_says_why_it_cannot_be_paid(client, customer):
    """Outside probe CT-1: it read `cannot_be_paid: null` while every page said the order
    could not be paid, and its payment was refused."""
    comic = ComicFactory(title="Ghost in the Margins", price_amount=899)
    sample = ComicFactory(title="Dream Diary", price_amount=0)
    unpaid = create_order(customer=customer, comics=[comic])
    free = create_order(customer=customer, comics=[sample])
    payable = create_order(customer=customer)
    for bought in (comic, sample):
        create_order(customer=customer, comics=[bought], status=OrderStatus.PAID)

    reasons = {
        order["id"]: order["attributes"]["cannot_be_paid"]
        for order in client.get("/api/v1/orders").json()["data"]
        if order["attributes"]["status"] == "pending"
    }

    assert reasons == {
        str(unpaid.pk): "You already own Ghost in the Margins: it is in your library, no need "
        f"to buy it again. Order {unpaid.number} cannot be paid: cancel it.",
        str(free.pk): "You already have Dream Diary in your library, so there is nothing to "
        f"do with free order {free.number}: cancel it.",
        str(payable.pk): None,
    }


def order_and_items(client, order: Order) -> tuple[dict, list[dict]]:
    document = client.get(f"/api/v1/orders/{order.pk}?include=items").json()
    return document["data"]["attributes"], [item["attributes"] for item in document["included"]]


@pytest.mark.django_db
def test_an_open_dispute_is_told_and_the_files_stay_listed(client, customer):
    order = fulfilled_order_paid(customer)
    dispute_told(order, "needs_response", order.total_amount, event=DisputeEvent.CREATED)

    attributes, items = order_and_items(client, order)

    assert attributes["dispute"] == {"state": "open", "lost_amount": 0}
    assert [item["downloadable"] for item in items] == [False]
    assert [len(item["files"]) for item in items] == [1]


@pytest.mark.django_db
def test_a_lost_dispute_is_told_with_its_amount_and_the_files_are_no_longer_listed(
    client, customer
):
    """Outside probe DP-1: an order whose payment went back to the bank read `fulfilled` with
    nothing of the dispute, and its items still listed their files (a link was then a 409)."""
    order = fulfilled_order_paid(customer)
    dispute_told(order, "lost", order.total_amount - 100)

    attributes, items = order_and_items(client, order)
    listed = client.get("/api/v1/orders").json()["data"]

    assert attributes["dispute"] == {"state": "lost", "lost_amount": order.total_amount - 100}
    assert [(item["downloadable"], item["files"]) for item in items] == [(False, [])]
    assert [entry["attributes"]["dispute"] for entry in listed] == [attributes["dispute"]]


@pytest.mark.django_db
def test_an_order_never_disputed_has_no_dispute(client, customer):
    order = fulfilled_order(customer)

    assert order_and_items(client, order)[0]["dispute"] is None
