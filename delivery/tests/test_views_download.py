import html
import logging
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.privacy import account_erase, erasure_request
from accounts.services import guest_account_create
from delivery.abuse import download_abuse_unsuspend
from delivery.models import (
    DISPUTED,
    FULL_REFUND_UNDER_WAY,
    ITEM_REFUNDED,
    REPLACED_AFTER_FAILED_REFUND,
    REPLACED_BY_FRESH_LINKS,
    REPLACED_BY_NEW_VERSION,
    REPLACED_REASONS,
    AbuseAlertStatus,
    DownloadAbuseAlert,
    DownloadEvent,
    DownloadLink,
)
from delivery.services import download_links_revoke
from delivery.tests.conftest import fulfilled_order
from morpheus.db_context import system_scope
from morpheus_testing.digests import expected_digest
from morpheus_testing.factories import UserFactory, order_links_suspend
from orders import services
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db


def _link(order):
    return DownloadLink.objects.get(order=order)


def test_granted_download_streams_the_file_with_type_length_and_attachment(
    client, order_and_link, asset
):
    _, link = order_and_link

    response = client.get(link.path)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == asset.file.open("rb").read()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(asset.size_bytes)
    assert response["Content-Disposition"] == f'attachment; filename="{asset.file_name}"'
    assert "no-store" in response["Cache-Control"]


def test_first_download_records_the_event_and_marks_the_order_delivered(client, order_and_link):
    order, link = order_and_link

    client.get(link.path, HTTP_USER_AGENT="ComicReader/1.0", REMOTE_ADDR="203.0.113.7")
    client.get(link.path)

    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert _link(order).download_count == 2
    first = DownloadEvent.objects.filter(link__order=order).first()
    assert (first.ip_address, first.user_agent) == ("203.0.113.7", "ComicReader/1.0")
    assert DownloadEvent.objects.filter(link__order=order).count() == 2


def test_a_download_records_the_account_of_the_signed_in_session_it_was_made_in(client):
    """Outside probe BF-6: the staff timeline named the buyer for every download, whoever
    used the emailed link."""
    buyer = UserFactory()
    order, (link,) = fulfilled_order(customer=buyer)
    Client().get(link.path)  # the first: it delivers the order
    Client().get(link.path, HTTP_RANGE="bytes=0-0", REMOTE_ADDR="203.0.113.8")
    client.force_login(buyer)
    client.get(link.path)
    client.force_login(UserFactory(is_staff=True, username="sam"))
    client.get(link.path)

    events = DownloadEvent.objects.filter(link__order=order)
    assert [(e.probe, e.signed_in_as) for e in events] == [
        (False, ""),
        (True, ""),
        (False, f"customer:{buyer.pk}"),
        (False, "staff:sam"),
    ]


def test_behind_a_trusted_proxy_the_download_records_the_forwarded_client_address(
    client, order_and_link, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    order, link = order_and_link

    client.get(
        link.path,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.7",
    )

    assert DownloadEvent.objects.get(link__order=order).ip_address == "203.0.113.7"


def test_head_request_answers_headers_without_counting_or_a_fetchable_url(
    client, order_and_link, asset
):
    order, link = order_and_link

    response = client.head(link.path)

    assert response.status_code == 200
    assert response["Content-Length"] == str(asset.size_bytes)
    assert "Location" not in response
    assert _link(order).download_count == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED


def test_unknown_token_gets_a_404_page(client):
    response = client.get("/downloads/" + "A" * 43 + "/")

    assert response.status_code == 404
    assert b"Download link not found" in response.content


def test_link_works_inside_the_window_and_is_refused_one_second_past_expiry(client, settings):
    settings.DOWNLOAD_LINK_TTL_SECONDS = 86400
    order, (link,) = fulfilled_order()
    expiry = _link(order).expires_at

    with time_machine.travel(expiry - timedelta(seconds=1), tick=False):
        inside = client.get(link.path)
    with time_machine.travel(expiry + timedelta(seconds=1), tick=False):
        past = client.get(link.path)

    assert inside.status_code == 200
    assert past.status_code == 403
    assert b"expired" in past.content
    assert _link(order).download_count == 1


def test_an_expired_link_stays_expired_for_a_clock_set_back(client, settings):
    """The time is the app's, but never earlier than the database's: SQL run as the app
    role cannot redeem an expired link by passing a time from before its expiry."""
    settings.DOWNLOAD_LINK_TTL_SECONDS = 1
    order, (link,) = fulfilled_order()
    DownloadLink.objects.filter(order=order).update(
        expires_at=timezone.now() - timedelta(seconds=5)
    )

    with time_machine.travel(timezone.now() - timedelta(hours=1), tick=False):
        answer = client.get(link.path)

    assert answer.status_code == 403
    assert _link(order).download_count == 0


def test_link_is_refused_once_its_quota_is_used(client, settings):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 2
    order, (link,) = fulfilled_order()

    statuses = [client.get(link.path).status_code for _ in range(3)]

    assert statuses == [200, 200, 403]
    assert _link(order).download_count == 2
    assert b"all its 2 downloads" in client.get(link.path).content


def test_a_one_download_link_used_says_so_in_the_singular(client, settings):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 1
    _, (link,) = fulfilled_order()
    client.get(link.path)

    refused = client.get(link.path)

    assert refused.status_code == 403
    assert b"This link was used for its one download." in refused.content


def test_a_refunded_orders_link_is_refused(client, order_and_link):
    order, link = order_and_link
    services.order_transition(
        name="refund", order=order, actor="test", reason="customer changed their mind"
    )

    client.force_login(UserFactory())

    response = client.get(link.path)

    assert response.status_code == 403
    assert "The order this link belongs to is refunded: its downloads are closed." in response.text
    # Found by an outside probe: any holder of the link, here another account, read the
    # order's number.
    assert order.number not in response.text
    assert _link(order).download_count == 0


def test_a_disputed_orders_link_is_refused_in_the_order_pages_words(client, order_and_link):
    """Outside probe EJ-4: it read "is fulfilled and under dispute", the status's name."""
    order, link = order_and_link
    services.order_mark_disputed(order=order, actor="test", reason="chargeback opened")

    response = client.get(link.path)

    assert response.status_code == 403
    assert (
        "The payment of the order this link belongs to is disputed: its downloads are "
        "suspended until the dispute ends."
    ) in response.text


def test_a_revoked_link_is_refused(client, order_and_link):
    order, link = order_and_link

    revoked = download_links_revoke(order=order, reason="refund", actor="test")

    assert revoked == 1
    response = client.get(link.path)
    assert response.status_code == 403
    assert b"withdrawn" in response.content


AGAIN_FROM_THE_LIBRARY = "You can download your comics again from your library."


@pytest.mark.parametrize(
    ("reason", "says"),
    [
        (REPLACED_BY_FRESH_LINKS, "replaced by a newer one. You can download your comics again"),
        # The customer was never told of the refund Stripe refused.
        (
            REPLACED_AFTER_FAILED_REFUND,
            "replaced by a newer one. You can download your comics again",
        ),
        (FULL_REFUND_UNDER_WAY, "is being refunded: its downloads are closed."),
        (ITEM_REFUNDED, "This comic is being refunded from its order: this link no longer"),
    ],
)
def test_a_withdrawn_link_says_why_and_sends_to_the_library_only_a_replaced_one(
    client, order_and_link, reason, says
):
    order, link = order_and_link
    download_links_revoke(order=order, reason=reason, actor="test")

    response = client.get(link.path)

    assert response.status_code == 403
    assert says in response.text
    assert (AGAIN_FROM_THE_LIBRARY in response.text) == (reason in REPLACED_REASONS)
    assert ("/downloads/library/" in response.text) == (reason in REPLACED_REASONS)


def test_a_link_of_an_item_whose_refund_stripe_confirmed_says_it_was_refunded(
    client, order_and_link
):
    """Found by an outside probe: while the refund waited, the link said it was refunded
    already, where the receipt and library said it was being refunded."""
    order, link = order_and_link
    download_links_revoke(order=order, reason=ITEM_REFUNDED, actor="test")
    waiting = client.get(link.path).text
    with system_scope():
        order.items.update(refunded_amount=F("unit_amount"))

    confirmed = client.get(link.path).text

    assert "This comic is being refunded from its order" in waiting
    assert "This comic was refunded from its order: this link no longer gives it." in confirmed


@pytest.mark.parametrize("replaced_by", [REPLACED_BY_NEW_VERSION, REPLACED_BY_FRESH_LINKS])
@pytest.mark.parametrize(
    ("refund", "says"),
    [("refunded_amount", "was refunded"), ("refund_pending_amount", "is being refunded")],
)
def test_a_replaced_link_whose_comic_was_refunded_since_says_so_not_the_library(
    client, order_and_link, replaced_by, refund, says
):
    """Outside probe FX-1: a link replaced by a new version's links, its comic refunded
    since, sent the customer to the library, which no longer gives that comic."""
    order, link = order_and_link
    download_links_revoke(order=order, reason=replaced_by, actor="test")
    with system_scope():
        order.items.update(**{refund: F("unit_amount")})

    response = client.get(link.path)

    assert response.status_code == 403
    assert f"This comic {says} from its order: this link no longer gives it." in response.text
    assert "/downloads/library/" not in response.text


def test_a_link_of_an_erased_customer_says_their_account_was_erased(client, order_and_link):
    """Found by an outside probe: it said only "This download link was withdrawn." """
    order, link = order_and_link
    with system_scope():
        account_erase(erasure_id=erasure_request(user=order.customer).pk)

    response = client.get(link.path)

    assert response.status_code == 403
    assert "the account that bought it was erased, and its downloads with it." in response.text
    assert "/downloads/library/" not in response.text


@pytest.mark.parametrize("stopped_by", ["suspension", "suspension-lifted", "replacement"])
def test_every_stopped_link_of_an_erased_customer_says_the_account_was_erased(
    client, order_and_link, stopped_by
):
    """Found by an outside probe: after the erasure, a link stopped earlier still said to
    reply for fresh links, that fresh links were emailed, or to use the library."""
    order, link = order_and_link
    if stopped_by == "replacement":
        download_links_revoke(order=order, reason=REPLACED_BY_FRESH_LINKS, actor="test")
    else:
        alert = order_links_suspend(order)
    with system_scope():
        account_erase(erasure_id=erasure_request(user=order.customer).pk)
    if stopped_by == "suspension-lifted":
        download_abuse_unsuspend(alert=alert, actor="staff:support", reason="Explained")

    response = client.get(link.path)

    assert response.status_code == 403
    assert "the account that bought it was erased, and its downloads with it." in response.text
    assert "/downloads/library/" not in response.text
    assert "fresh links" not in response.text


@pytest.mark.parametrize(
    "recorded_words",
    [None, "Your links were used from 5 different networks within 60 minutes."],
    ids=["staff-words", "customer-words-recorded-before"],
)
def test_a_link_suspended_for_sharing_says_the_downloads_are_paused_and_what_to_do(
    client, order_and_link, recorded_words
):
    """Found by an outside probe: it said only "This download link was withdrawn." A
    suspension recorded before staff's words were written gave the customer's."""
    order, link = order_and_link
    order_links_suspend(order)
    if recorded_words:
        with system_scope():
            DownloadLink.objects.filter(order=order).update(revoked_reason=recorded_words)

    response = client.get(link.path)

    assert response.status_code == 403
    assert (
        "The downloads of the order this link belongs to are paused: its links were used from "
        "many places. Reply to the email we sent about it and we will send you fresh links."
    ) in response.text
    assert "/downloads/library/" not in response.text


def test_a_link_suspended_for_sharing_sends_to_the_library_once_the_suspension_is_lifted(
    client, order_and_link
):
    order, link = order_and_link
    alert = order_links_suspend(order)
    download_abuse_unsuspend(alert=alert, actor="staff:support", reason="Explained: a VPN")

    response = client.get(link.path)

    assert DownloadAbuseAlert.objects.get(pk=alert.pk).status == AbuseAlertStatus.LIFTED
    assert response.status_code == 403
    assert "stopped because it was used from many places; fresh links were emailed since." in (
        response.text
    )
    assert AGAIN_FROM_THE_LIBRARY in response.text


def test_a_link_a_dispute_stopped_says_so_once_the_dispute_is_won(client, order_and_link):
    """Outside probe EJ-3: it read "This download link was withdrawn." alone."""
    order, link = order_and_link
    download_links_revoke(order=order, reason=DISPUTED, actor="stripe")  # its order's access back

    response = client.get(link.path)

    assert response.status_code == 403
    assert (
        "This download link was stopped while the order's payment was disputed; fresh links "
        "were emailed since."
    ) in html.unescape(response.text)
    assert AGAIN_FROM_THE_LIBRARY in response.text


@pytest.mark.parametrize(
    ("closed_by", "words"),
    [("refund", "its downloads are closed"), ("dispute", "suspended until the dispute ends")],
)
def test_a_link_withdrawn_by_a_refund_or_dispute_says_the_order_s_downloads_are_closed(
    client, order_and_link, closed_by, words
):
    order, link = order_and_link
    download_links_revoke(order=order, reason=FULL_REFUND_UNDER_WAY, actor="test")
    if closed_by == "refund":
        services.order_transition(name="refund", order=order, actor="test", reason="refund")
    else:
        services.order_mark_disputed(order=order, actor="test", reason="chargeback opened")

    response = client.get(link.path)

    assert response.status_code == 403
    assert words in response.text
    assert "/downloads/library/" not in response.text


def test_tokens_never_reach_the_logs_or_the_sql(client, order_and_link, caplog):
    _, link = order_and_link
    refunded_order, (refunded_link,) = fulfilled_order()
    services.order_transition(name="refund", order=refunded_order, actor="test", reason="refund")
    unknown_path = "/downloads/" + "B" * 43 + "/"
    caplog.set_level(logging.DEBUG)

    with CaptureQueriesContext(connection) as queries:
        responses = [client.get(path) for path in (link.path, refunded_link.path, unknown_path)]
        client.head(link.path)
    tokens = [path.split("/")[2] for path in (link.path, refunded_link.path, unknown_path)]

    assert [r.status_code for r in responses] == [200, 403, 404]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    logged += "\n".join(str(record.args) for record in caplog.records)
    executed = "\n".join(query["sql"] for query in queries.captured_queries)
    for token in tokens:
        assert token not in logged
        assert token not in executed
        assert expected_digest(token, purpose="download-link") in executed


def test_the_token_alone_grants_the_file_whoever_is_signed_in(client, order_and_link):
    """The token alone is the credential; signing in as someone else neither helps nor hurts."""
    order, link = order_and_link
    client.force_login(UserFactory())

    response = client.get(link.path)

    assert response.status_code == 200
    assert _link(order).download_count == 1


@pytest.mark.parametrize("reader", ["the buyer", "a visitor", "another customer"])
def test_a_used_up_link_sends_to_the_library_only_a_reader_who_may_be_its_buyer(
    client, settings, reader
):
    """Found by an outside probe: a customer holding another account's used-up link was
    told to download the comic again from their own library, which does not have it."""
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 1
    order, (link,) = fulfilled_order()
    client.get(link.path)
    if reader != "a visitor":
        client.force_login(order.customer if reader == "the buyer" else UserFactory())

    refused = client.get(link.path)

    assert refused.status_code == 403
    theirs = reader != "another customer"
    assert (AGAIN_FROM_THE_LIBRARY in refused.text) == theirs
    assert ("gives you fresh downloads of every comic you own." in refused.text) == theirs
    assert ("only that account can download the comic again" in refused.text) == (not theirs)
    assert ("Signed in?" in refused.text) == (reader == "a visitor")


def test_a_guests_used_up_link_sends_to_the_order_page_their_email_links_not_a_library(
    client, settings
):
    """Found by an outside probe: a guest, who has no password, was sent to sign in to a
    library."""
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 1
    guest = guest_account_create(email="guest@example.com")
    _, (link,) = fulfilled_order(customer=guest)
    client.get(link.path)

    refused = client.get(link.path)

    assert refused.status_code == 403
    assert "Open your order page from the link in your order" in refused.text
    assert AGAIN_FROM_THE_LIBRARY not in refused.text
    assert "fresh downloads of every comic you own" not in refused.text


def test_a_guests_used_up_link_opened_by_another_customer_says_whose_it_is(client, settings):
    """Found by an outside probe: a signed-in customer holding a guest's used-up link was
    told to open "your order page" from "your order's emails"."""
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 1
    _, (link,) = fulfilled_order(customer=guest_account_create(email="guest@example.com"))
    client.get(link.path)
    client.force_login(UserFactory())

    refused = client.get(link.path)

    assert refused.status_code == 403
    assert "It belongs to an order bought as a guest" in refused.text
    assert "your order page" not in refused.text.lower()
    assert AGAIN_FROM_THE_LIBRARY not in refused.text


def test_a_download_whose_file_is_missing_answers_503_logs_it_and_counts_nothing(
    client, order_and_link, asset, caplog
):
    order, link = order_and_link
    asset.file.storage.delete(asset.file.name)

    responses = [client.get(link.path), client.get(link.path)]

    assert [response.status_code for response in responses] == [503, 503]
    assert b"Download temporarily unavailable" in responses[0].content
    assert b"Please try again in a moment" not in responses[0].content
    assert _link(order).download_count == 0
    assert not DownloadEvent.objects.filter(link__order=order).exists()
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED  # not delivered: nothing was
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(asset.file.name in message for message in errors)


def test_a_missing_file_is_told_once_in_the_orders_history_until_a_download_is_served_again(
    client, order_and_link, asset
):
    order, link = order_and_link
    storage, name = asset.file.storage, asset.file.name
    with storage.open(name) as file:
        content = file.read()

    def told() -> list[str]:
        with system_scope():
            return list(
                order.events.filter(data__action="file_missing").values_list("reason", flat=True)
            )

    storage.delete(name)
    assert [client.get(link.path).status_code for _ in range(2)] == [503, 503]
    assert len(told()) == 1 and name in told()[0]
    assert "Download temporarily unavailable" in told()[0]

    storage.save(name, ContentFile(content))
    assert client.get(link.path).status_code == 200
    storage.delete(name)
    assert client.get(link.path).status_code == 503

    assert len(told()) == 2


def test_a_delivered_orders_download_whose_file_is_missing_gives_its_count_back(
    client, order_and_link, asset
):
    order, link = order_and_link
    assert client.get(link.path).status_code == 200
    asset.file.storage.delete(asset.file.name)

    assert client.get(link.path).status_code == 503
    assert client.head(link.path).status_code == 503

    assert _link(order).download_count == 1
    assert DownloadEvent.objects.filter(link__order=order).count() == 1
