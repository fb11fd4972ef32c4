"""A customer's data: one JSON export, and an erasure that leaves nothing naming them."""

import json
import re
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from djstripe import models as djstripe_models

from accounts.models import ErasureRequest, ErasureStatus
from accounts.services import guest_account_create, guest_orders_claim
from accounts.tasks import erase_account, resume_erasures
from accounts.templatetags.storefront import VAT_HELD_ONCE_PAID
from api.services import api_token_issue
from delivery.models import AbuseAlertStatus, DownloadEvent, DownloadLink, StampedCopy
from delivery.services import download_links_reissue_by_staff, erased_customer_downloads_close
from delivery.tasks import stamp_copy
from delivery.tests.conftest import fulfilled_order, run_fulfilment_jobs
from demo.files import comic_pdf
from invoicing.services import debit_note_issue
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import (
    BUSINESS,
    ComicAssetFactory,
    ComicFactory,
    DownloadAbuseAlertFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
    order_links_suspend,
)
from morpheus_testing.jobs import as_worker, invoices_numbered, run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from notifications.services import email_preference_set
from orders import events as order_events
from orders import services as order_services
from orders.actors import customer_actor
from orders.buyer import BuyerDeclaration
from orders.guests import guest_order_url
from orders.models import Order, OrderEvent, OrderEventType
from orders.transitions import OrderStatus
from payments import stripe_client
from payments.models import Payment, PaymentStatus
from payments.services import refund_create, refund_create_for_items, stripe_customer_ensure
from payments.services.disputes import DisputeEvent
from payments.tests.helpers import (
    dispute_told,
    intent_json,
    localstripe_call,
    reload,
    run_stripe_jobs,
    started_payment,
)
from promotions.bundles import bundle_order_create
from promotions.models import Bundle
from promotions.services import discount_apply
from promotions.tests.factories import make_code
from tax.models import OrderTaxEvidence
from tax.services import evidence_card_country_record
from tax.tests.test_vat_numbers import vies  # noqa: F401  (the stub VIES)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
IP = "198.51.100.23"
NETWORK = "198.51.100.0/24"  # as the link abuse scan keeps it
AGENT = "ErasureTestAgent/9.1"
NAME = "Zelda Erasable"


def customer_with_history():
    """A customer who bought, was emailed and downloaded."""
    customer = UserFactory(username="zelda-erasable", email="zelda.erasable@example.com")
    order = create_order(
        customer=customer, comics=[ComicAssetFactory().comic], status=OrderStatus.PROCESSING
    )
    order_services.order_transition(name="mark_paid", order=order, actor="test", reason="paid")
    run_fulfilment_jobs()
    with system_scope():
        link = order.download_links.first()
        DownloadEvent.objects.create(
            link=link, downloaded_at=timezone.now(), ip_address=IP, user_agent=AGENT
        )
    return customer, order


def mirrored_stripe_customer(customer) -> str:
    """The customer at localstripe with a card carrying their name and email, and dj-stripe's
    copies of both (what its sync, or a `customer.*` event, stores). Returns the Stripe id."""
    stripe_id = stripe_customer_ensure(user=customer)
    card = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"}
    billing = {"name": NAME, "email": customer.email}
    method = localstripe_call(
        "POST", "/v1/payment_methods", {"type": "card", "card": card, "billing_details": billing}
    )
    method = localstripe_call(
        "POST", f"/v1/payment_methods/{method['id']}/attach", {"customer": stripe_id}
    )
    with system_scope():
        djstripe_models.Customer.sync_from_stripe_data(
            localstripe_call("GET", f"/v1/customers/{stripe_id}")
        )
        djstripe_models.PaymentMethod.sync_from_stripe_data(method)
    return stripe_id


def rows_mentioning(needles: list[str]) -> dict[str, int]:
    """Every table the app can read (procrastinate's queue aside), as the system sees it:
    how many rows mention any of `needles`."""
    found = {}
    with system_scope(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
            "AND c.relname NOT LIKE 'procrastinate%%' "
            "AND has_table_privilege(c.oid, 'SELECT')",
            [],
        )
        for (table,) in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM public."{table}" t WHERE '  # noqa: S608 (catalog names)
                + " OR ".join(["t::text ILIKE %s"] * len(needles)),
                [f"%{needle}%" for needle in needles],
            )
            if count := cursor.fetchone()[0]:
                found[table] = count
    return found


def test_the_export_holds_orders_payments_downloads_and_emails_sent(client):
    customer, order = customer_with_history()
    client.force_login(customer)

    answer = client.get(reverse("privacy_export"))

    data = json.loads(b"".join(answer.streaming_content) if answer.streaming else answer.content)
    assert answer["Content-Disposition"].startswith("attachment;")
    assert data["account"]["email"] == customer.email
    assert [o["number"] for o in data["orders"]] == [order.number]
    assert data["downloads"][0]["ip_address"] == IP
    assert data["downloads"][0]["user_agent"] == AGENT
    assert {e["kind"] for e in data["emails_sent"]} >= {"downloads_ready"}
    # Found by an outside probe: keys were the lookups that read them ("order__number").
    for section in ("downloads", "emails_sent"):
        assert {row["order_number"] for row in data[section]} == {order.number}, section
    assert data["downloads"][0]["title"] == order.items.get().title
    # Found by an outside probe: the history gave the internal names alone ("vat").
    assert {"Order placed", "Download links issued"} <= {
        e["what"] for e in data["orders"][0]["history"]
    }


def test_the_export_tells_a_probe_of_a_files_first_bytes_from_a_download(client):
    customer, order = customer_with_history()
    with system_scope():
        DownloadEvent.objects.create(
            link=order.download_links.first(),
            downloaded_at=timezone.now(),
            ip_address=IP,
            user_agent=AGENT,
            probe=True,
        )
    client.force_login(customer)

    answer = client.get(reverse("privacy_export"))

    data = json.loads(b"".join(answer.streaming_content) if answer.streaming else answer.content)
    assert [row["first_bytes_only"] for row in data["downloads"]] == [False, True]
    assert {row["ip_address"] for row in data["downloads"]} == {IP}


def exported(client, user) -> dict:
    client.force_login(user)
    answer = client.get(reverse("privacy_export"))
    return json.loads(b"".join(answer.streaming_content) if answer.streaming else answer.content)


def test_a_download_through_another_customers_link_is_told_and_erased_as_its_makers(client):
    """Outside probe CX-1/2: bob, signed in, opened alice's emailed link; alice's export
    showed bob's address and browser, bob's showed nothing, and bob's erasure left them."""
    alice, order = customer_with_history()
    bob = UserFactory(username="bob-borrower")
    with system_scope():
        DownloadEvent.objects.create(
            link=order.download_links.first(),
            downloaded_at=timezone.now(),
            ip_address="203.0.113.77",
            user_agent="BOB-DEVICE/1.0",
            signed_in_as=customer_actor(bob.pk),
        )

    alices = exported(client, alice)["downloads"]
    bobs = exported(client, bob)["downloads"]

    assert [(r["ip_address"], r["user_agent"], r["by_another_account"]) for r in alices] == [
        (IP, AGENT, False),
        (None, "", True),
    ]
    assert [(r["ip_address"], r["user_agent"], r["order_number"], r["title"]) for r in bobs] == [
        ("203.0.113.77", "BOB-DEVICE/1.0", None, None)
    ]
    client.force_login(bob)
    client.post(reverse("privacy_erase"), {"password": PASSWORD})
    run_queued_jobs()
    assert rows_mentioning(["203.0.113.77", "BOB-DEVICE"]) == {}


def failed_payment_event(stripe_id: str, email: str) -> dict:
    """An event as Stripe sends it for a declined card: the payment method, with its
    billing details, rides along."""
    method = {"id": "pm_declined", "billing_details": {"name": NAME, "email": email}}
    intent = {
        "id": "pi_erased_customer",
        "object": "payment_intent",
        "status": "requires_payment_method",
        "amount": 499,
        "currency": "eur",
        "customer": stripe_id,
        "receipt_email": email,
        "metadata": {},
        "last_payment_error": {"code": "card_declined", "payment_method": method},
    }
    return build_event("payment_intent.payment_failed", intent)


def test_erasure_leaves_no_personal_data_in_any_table_and_keeps_the_order(client, send_event):
    customer, order = customer_with_history()
    stripe_id = mirrored_stripe_customer(customer)
    assert send_event(failed_payment_event(stripe_id, customer.email)).status_code == 200
    guest = guest_account_create(email=customer.email)  # bought as a guest, then claimed
    create_order(customer=guest, comics=[ComicAssetFactory().comic])
    guest_orders_claim(user=customer, email=customer.email)
    guest_stripe_id = mirrored_stripe_customer(guest)
    Client().post(reverse("password_reset"), {"email": customer.email})
    run_queued_jobs(names=["accounts.tasks.send_password_reset"])
    alert = DownloadAbuseAlertFactory(order=order, evidence={"networks": {NETWORK: 3}})
    personal = [customer.username, customer.email, NAME, IP, NETWORK, AGENT]
    before = rows_mentioning(personal)
    client.force_login(customer)

    client.post(reverse("privacy_erase"), {"password": PASSWORD})
    run_queued_jobs()

    assert {"auth_user", "orders_order", "delivery_downloadevent"} <= set(before)
    # Outside probe DX-2: the link abuse alert kept the networks they downloaded from, open.
    assert "delivery_downloadabusealert" in before
    with system_scope():
        alert.refresh_from_db()
    assert alert.status == AbuseAlertStatus.DISMISSED
    assert "accounts_accountemail" in before
    assert {"djstripe_customer", "djstripe_paymentmethod", "djstripe_event"} <= set(before)
    assert not stripe_client.customer_exists(stripe_id)
    assert not stripe_client.customer_exists(guest_stripe_id)
    # The issued invoice keeps its buyer: tax law requires the invoice as issued, and the
    # app role may not rewrite it (see README, "Privacy"); so does a credit note issued
    # after the erasure, which names its invoice's buyer.
    assert rows_mentioning(personal) == {"invoicing_invoice": 1}
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=100, actor="test", reason="refund"
        )
    assert rows_mentioning(personal) == {"invoicing_invoice": 2}
    with system_scope():
        kept = Order.objects.get(pk=order.pk)
        erasure = ErasureRequest.objects.get(user_id=customer.pk)
    assert (kept.total_amount, kept.status) == (order.total_amount, OrderStatus.FULFILLED)
    assert erasure.status == ErasureStatus.COMPLETED


def test_erasing_an_account_leaves_the_guest_orders_of_an_address_it_never_confirmed(client):
    victim = guest_account_create(email="victim@example.com")
    bought = create_order(customer=victim, comics=[ComicAssetFactory().comic])
    taker = UserFactory(email="victim@example.com", email_verified=False)
    client.force_login(taker)

    client.post(reverse("privacy_erase"), {"password": PASSWORD})
    run_queued_jobs()

    with system_scope():
        victim.refresh_from_db()
        bought.refresh_from_db()
        erasure = ErasureRequest.objects.get(user_id=taker.pk)
    assert erasure.status == ErasureStatus.COMPLETED
    assert (victim.email, victim.is_active) == ("victim@example.com", True)
    assert (bought.customer_id, bought.email) == (victim.pk, "victim@example.com")


# Dotless i (U+0131) in the domain: mail goes to xn--gmal-nza.com, anyone's to register,
# though PostgreSQL's UPPER() reads it as the victim's gmail.com.
LOOKALIKE = "victim.bb@gma\u0131l.com"
ERASED = "The customer's account was erased"


def test_erasing_an_account_leaves_the_guest_orders_of_an_address_that_only_looks_like_its_own(
    client,
):
    victim = guest_account_create(email="victim.bb@gmail.com")
    bought, _ = fulfilled_order(customer=victim, assets=[ComicAssetFactory()])
    taker = UserFactory(email=LOOKALIKE)  # confirmed: the taker owns that domain
    client.force_login(taker)

    client.post(reverse("privacy_erase"), {"password": PASSWORD})
    run_queued_jobs()

    with system_scope():
        victim.refresh_from_db()
        bought.refresh_from_db()
        assert not DownloadLink.objects.filter(revoked_reason=ERASED).exists()
    assert (victim.email, victim.is_active) == ("victim.bb@gmail.com", True)
    assert bought.email == "victim.bb@gmail.com"


def test_a_guest_erasing_from_their_link_leaves_the_orders_of_an_address_that_only_looks_alike(
    client,
):
    """Found by an outside probe: a checkout with the look-alike address, its link opened in
    the attacker's mailbox, erased the victim's guest order and its downloads."""
    victim = guest_account_create(email="victim.bb@gmail.com")
    bought, _ = fulfilled_order(customer=victim, assets=[ComicAssetFactory()])
    victim_link = re.search(r"(/accounts/guest/order/\S+/)", guest_order_url(bought))[1]
    _open_guest_order(client, LOOKALIKE)

    client.post(reverse("privacy_erase"), {"email": LOOKALIKE})
    run_queued_jobs()

    assert Client().get(victim_link).status_code == 302
    with system_scope():
        assert Order.objects.get(pk=bought.pk).email == "victim.bb@gmail.com"
        assert not DownloadLink.objects.filter(revoked_reason=ERASED).exists()


def test_the_history_still_refuses_rewrites_after_an_erasure(client):
    customer, order = customer_with_history()
    client.force_login(customer)
    client.post(reverse("privacy_erase"), {"password": PASSWORD})
    run_queued_jobs()

    with system_scope(), pytest.raises(DatabaseError), transaction.atomic():
        OrderEvent.objects.filter(order_id=order.pk).update(actor="rewritten")


def test_an_erased_customer_cannot_sign_in(client):
    customer, _ = customer_with_history()
    client.force_login(customer)

    client.post(reverse("privacy_erase"), {"password": PASSWORD})
    run_queued_jobs()

    assert not client.login(username=customer.username, password=PASSWORD)
    assert not client.login(username=f"erased:{customer.pk}", password=PASSWORD)


def test_erasure_completes_even_when_an_account_took_the_name_erasure_gave_before(client):
    customer, _ = customer_with_history()
    UserFactory(username=f"erased-{customer.pk}")  # signed up before sign-up refused it
    client.force_login(customer)

    client.post(reverse("privacy_erase"), {"password": PASSWORD})
    run_queued_jobs()

    with system_scope():
        customer.refresh_from_db()
        erasure = ErasureRequest.objects.get(user_id=customer.pk)
    assert erasure.status == ErasureStatus.COMPLETED
    assert (customer.username, customer.email) == (f"erased:{customer.pk}", "")


def test_an_erasure_whose_job_failed_is_done_within_the_hour_after(client):
    customer, _ = customer_with_history()
    client.force_login(customer)
    client.post(reverse("privacy_erase"), {"password": PASSWORD})
    with as_worker(), connection.cursor() as cursor:  # the job failed for good
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = %s", [erase_account.name])
    erasures = ErasureRequest.objects.filter(user_id=customer.pk)

    resume_erasures(timestamp=0)
    assert run_queued_jobs(names={erase_account.name}) == []  # not yet: it may be waiting
    with system_scope():
        erasures.update(requested_at=timezone.now() - timedelta(minutes=61))
    resume_erasures(timestamp=0)
    run_queued_jobs()

    with system_scope():
        assert erasures.get().status == ErasureStatus.COMPLETED


def test_after_erasure_the_emailed_link_serves_no_file_naming_the_customer(client):
    customer = UserFactory(email="stamped.reader@example.com")
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Erase Me", pages=2))
    order, (link,) = fulfilled_order(customer=customer, assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    assert Client().get(link.path).status_code == 200
    with system_scope():
        stamped = StampedCopy.objects.get(order=order).storage_name
    assert asset.file.storage.exists(stamped)
    client.force_login(customer)

    client.post(reverse("privacy_erase"), {"password": PASSWORD})
    run_queued_jobs()

    answer = Client().get(link.path)
    assert answer.status_code == 403
    assert b"%PDF" not in answer.content
    assert not asset.file.storage.exists(stamped)
    with system_scope():
        assert not StampedCopy.objects.filter(order=order).exists()
        revoked = DownloadLink.objects.get(pk=link.link_id)
    assert revoked.revoked_reason == "The customer's account was erased"


def test_the_stamped_files_stay_when_the_erasure_rolls_back(client):
    customer = UserFactory()
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Kept", pages=1))
    order, _ = fulfilled_order(customer=customer, assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    with system_scope():
        stamped = StampedCopy.objects.get(order=order).storage_name

    with system_scope(), pytest.raises(RuntimeError), transaction.atomic():
        erased_customer_downloads_close(customer_id=customer.pk)
        raise RuntimeError("the erasure failed after the copies were forgotten")
    run_queued_jobs()

    assert asset.file.storage.exists(stamped)
    with system_scope():
        assert StampedCopy.objects.filter(order=order, storage_name=stamped).exists()


def test_erasure_needs_the_password(client):
    customer = UserFactory()
    client.force_login(customer)

    answer = client.post(reverse("privacy_erase"), {"password": "wrong"})

    assert answer.status_code == 200
    with system_scope():
        assert not ErasureRequest.objects.exists()


def test_staff_see_erasure_requests_and_their_state(superuser_client):
    customer = UserFactory()
    browser = Client()
    browser.force_login(customer)
    browser.post(reverse("privacy_erase"), {"password": PASSWORD})

    page = superuser_client.get(reverse("admin:accounts_erasurerequest_changelist"))

    assert page.status_code == 200
    assert "Requested" in page.text


def _open_guest_order(client, email: str):
    guest = guest_account_create(email=email)
    order = create_order(customer=guest, comics=[ComicAssetFactory().comic])
    link = re.search(r"(/accounts/guest/order/\S+/)", guest_order_url(order)).group(1)
    client.get(link)
    return guest, order, link


def test_a_guest_erases_their_data_by_typing_the_address_of_their_order(client):
    guest, order, link = _open_guest_order(client, "guest.reader@example.com")
    page = client.get(reverse("orders:detail", args=[order.number])).text
    form = client.get(reverse("privacy_erase")).text

    wrong = client.post(reverse("privacy_erase"), {"email": "someone@example.com"})
    done = client.post(reverse("privacy_erase"), {"email": "Guest.Reader@example.com"})
    run_queued_jobs()

    assert reverse("privacy_erase") in page
    assert "That is not the address your order was placed with." in wrong.text
    # Found by an outside probe: a guest, who has no account, read "Your account is being erased".
    assert 'data-testid="erasure-requested">Your data is being erased<' in done.text
    # Found by an outside probe: they promised that nothing kept would name the buyer, and
    # issued invoices keep the buyer as the law requires.
    assert "nothing we keep will name you, but the invoices and credit notes" in done.text
    assert "the invoices and credit notes we issued you as they were issued" in form
    # Outside probe HX-4: it did not say so, and erasing canceled the guest's unpaid order.
    assert "An order of yours not paid yet is canceled." in form
    assert reload(order).status == OrderStatus.CANCELED
    with system_scope():
        guest.refresh_from_db()
        assert ErasureRequest.objects.get(user_id=guest.pk).status == ErasureStatus.COMPLETED
    assert "guest.reader@example.com" not in {guest.email, guest.username}
    reopened = client.get(link)
    assert reopened.status_code == 400
    # Found by an outside probe: it read "not valid or has expired", with "Your account".
    assert "personal details were erased, as its buyer asked" in reopened.text
    assert "Your account" not in reopened.text


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("password_change", "Guest orders have no password: create an account."),
        ("email_change", "A guest order keeps the address it was placed with"),
    ],
)
def test_a_guest_is_sent_to_sign_up_from_the_password_and_address_pages(client, page, words):
    _open_guest_order(client, "guest.reader@example.com")

    answer = client.get(reverse(page), follow=True)

    assert answer.redirect_chain[-1][0].startswith(reverse("signup"))
    assert words in answer.text


@pytest.mark.django_db(transaction=True)
def test_erasure_asked_twice_at_once_is_one_request():
    guest, _, _ = _open_guest_order(Client(), "twice@example.com")
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(guest)

    def ask() -> int:
        return tabs.pop().post(reverse("privacy_erase"), {"email": "twice@example.com"}).status_code

    answers = sorted(at_once(ask, times=2))
    # The second tab is told the erasure is under way, or, when the first one had already
    # signed the account out everywhere, sent to sign in.
    assert answers in ([200, 200], [200, 302])
    with system_scope():
        assert ErasureRequest.objects.filter(user_id=guest.pk).count() == 1


def _guest_checkout(email: str) -> Order:
    return create_order(customer=guest_account_create(email=email), comics=[ComicFactory()])


def test_a_guest_erasing_from_their_emailed_link_erases_their_other_guest_orders_too(client):
    abandoned = _guest_checkout("Hank@example.com")
    _, order, _ = _open_guest_order(client, "hank@example.com")
    stranger = _guest_checkout("someone.else@example.com")

    done = client.post(reverse("privacy_erase"), {"email": "hank@example.com"})
    run_queued_jobs()

    assert "That includes the other orders placed as a guest with this address." in done.text
    with system_scope():
        emails = {o.number: o.email for o in Order.objects.all()}
    assert emails[abandoned.number].endswith("@erased.invalid")
    assert emails[order.number].endswith("@erased.invalid")
    assert emails[stranger.number] == "someone.else@example.com"
    abandoned_link = re.search(r"(/accounts/guest/order/\S+/)", guest_order_url(abandoned))[1]
    assert client.get(abandoned_link).status_code == 400


def test_a_guest_who_only_checked_out_erases_that_order_alone(client):
    """Anyone may type an address at checkout: without the emailed link, the erasure does not
    reach the address's other guest orders."""
    earlier = _guest_checkout("hank@example.com")
    guest = guest_account_create(email="hank@example.com")
    create_order(customer=guest, comics=[ComicFactory()])
    client.force_login(guest)  # the session a guest checkout leaves

    done = client.post(reverse("privacy_erase"), {"email": "hank@example.com"})
    run_queued_jobs()

    assert "nothing we keep of this order will name you" in done.text
    assert "are not erased from here: open the link in one of their emails" in done.text
    with system_scope():
        assert Order.objects.get(pk=earlier.pk).email == "hank@example.com"
        guest.refresh_from_db()
    assert guest.email == ""


def test_the_export_holds_invoices_cards_vat_declarations_tokens_and_preferences(client):
    """Outside probe AH7: the export left out what invoices say of the buyer, the card, the
    VAT declaration, the API tokens and the email preference."""
    customer, order = customer_with_history()
    with system_scope():
        PaymentFactory(
            order=order,
            status=PaymentStatus.SUCCEEDED,
            card_brand="visa",
            card_last4="4242",
            succeeded_at=timezone.now(),
        )
    run_queued_jobs()  # the invoice
    api_token_issue(user=customer, name="My reader app")
    email_preference_set(user_id=customer.pk, file_updates=False)
    client.force_login(customer)

    data = json.loads(client.get(reverse("privacy_export")).content)

    (invoice,) = data["invoices_and_credit_notes"]
    assert (invoice["order_number"], invoice["buyer"]["email"]) == (order.number, customer.email)
    assert {(p["card_brand"], p["card_last4"]) for p in data["payments"]} == {("visa", "4242")}
    assert [d["order_number"] for d in data["vat_declarations"]] == [order.number]
    assert [t["name"] for t in data["api_tokens"]] == ["My reader app"]
    assert data["email_preferences"] == {"file_updates": False}
    assert data["orders"][0]["items"][0]["refunded_amount"] == 0


def test_the_export_gives_a_debit_notes_total_as_the_document_reads_it(client):
    """A refund the customer's bank sent back is reversed by a debit note, kept negative as
    what it takes off the invoice's credits: the export gave the customer -200 for a note
    that reads 2.00 EUR."""
    customer, order = customer_with_history()
    run_queued_jobs()  # the invoice
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=200, actor="test", reason="t", refund_reference="re_back"
        )
    debit_note_issue(order_id=order.pk, amount=200, refunded_total=0, refund_reference="re_back")
    invoices_numbered()
    client.force_login(customer)

    data = json.loads(client.get(reverse("privacy_export")).content)

    totals = {row["kind"]: row["total_amount"] for row in data["invoices_and_credit_notes"]}
    assert totals["credit_note"] == totals["debit_note"] == 200


def test_each_item_of_an_order_refunded_in_full_by_amount_exports_what_it_got_back(
    client, stripe_webhook, send_event
):
    """Found by an outside probe: the items of an order refunded in full (an amount, not
    items) read `refunded_amount: 0`, while the order page marks each "Refunded"."""
    atlas, tide = (
        ComicAssetFactory(comic__title=title, comic__price_amount=price).comic
        for title, price in (("The Sleepwalker's Atlas", 499), ("Neon Tide", 699))
    )
    order, payment = started_payment(order=create_order(comics=[atlas, tide]))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    refund_create(order=order, amount=1198, reason="Changed my mind", actor="staff:finance")
    run_stripe_jobs()
    run_queued_jobs()
    client.force_login(order.customer)

    data = json.loads(client.get(reverse("privacy_export")).content)

    (exported,) = data["orders"]
    assert (exported["status"], exported["refunded_amount"]) == ("refunded", 1198)
    assert [(i["title"], i["refunded_amount"]) for i in exported["items"]] == [
        ("The Sleepwalker's Atlas", 499),
        ("Neon Tide", 699),
    ]


def test_the_export_names_each_event_in_the_order_pages_words_beside_its_code(
    client, stripe_webhook, send_event
):
    """Found by an outside probe: a refund under way, one made and one refused all read
    "Refund", and links issued, replaced or asked for in the library "Download links"."""
    comic = ComicAssetFactory(comic__title="Paper Moons", comic__price_amount=899).comic
    order, payment = started_payment(order=create_order(comics=[comic]))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_queued_jobs()
    refund_create(order=order, amount=300, reason="Late", actor="staff:finance")
    run_stripe_jobs()
    download_links_reissue_by_staff(order=order, actor="staff:support", reason="Asked")
    with system_scope():  # a refund Stripe refuses
        Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown")
    refund_create(order=order, amount=200, reason="Goodwill", actor="staff:finance")
    run_stripe_jobs()
    client.force_login(order.customer)

    data = json.loads(client.get(reverse("privacy_export")).content)

    named = [(e["type"], e["what"]) for e in data["orders"][0]["history"]]
    assert [what for code, what in named if code == "refund"] == [
        "Refund of €3.00 under way",
        "Refunded €3.00",
        "Refund of €2.00 under way",
        "Refund of €2.00 could not be made",
    ]
    assert ("download_links", "Download links issued") in named
    assert ("download_links", "Download links replaced") in named
    assert ("created", "Order placed") in named


def exported_history(client, order) -> list[tuple[str, str]]:
    client.force_login(order.customer)
    data = json.loads(client.get(reverse("privacy_export")).content)
    (exported,) = [o for o in data["orders"] if o["number"] == order.number]
    return [(e["type"], e["what"]) for e in exported["history"]]


def test_the_export_tells_comics_staff_gave_as_given_not_placed_and_confirmed(client):
    """Outside probe CE-3: a gift's history read "Order placed" and "Confirmed" in its
    customer's own data, which its order page leaves out (outside probe BK-7)."""
    comic = ComicAssetFactory(comic__title="Paper Moons").comic
    with system_scope():
        gift = order_services.order_comp(
            customer=UserFactory(), comics=[comic], reason="Goodwill", actor="staff:support"
        )
    run_queued_jobs()

    assert exported_history(client, gift) == [
        ("comp", "Given to you by Morpheus, free of charge"),
        ("download_links", "Download links issued"),
        ("status_changed", "Ready to download"),
    ]


def test_the_export_names_the_step_to_refunded_and_a_pause_for_link_sharing(client):
    """Outside probe AN (AN-6): the full refund's status step read "Status changed", and a
    suspension for sharing only "Download links withdrawn", with no reason given."""
    refunded, _ = fulfilled_order()
    with system_scope():
        order_services.order_transition(
            order=refunded, name="refund", actor="staff:finance", reason="Asked"
        )
    suspended, _ = fulfilled_order(customer=refunded.customer)
    order_links_suspend(suspended)

    assert ("status_changed", "Refunded in full") in exported_history(client, refunded)
    paused = exported_history(client, suspended)
    assert ("download_links", "Downloads paused: your links were used from many places") in paused
    assert ("download_links", "Download links withdrawn") not in paused


def test_an_item_refund_of_an_order_that_never_had_links_claims_no_links_withdrawn(client):
    """Outside probe AN (AN-6): the item refund of a held order, never given a link, wrote
    "Download links withdrawn" in its history."""
    comics = [ComicFactory(), ComicFactory()]
    order = create_order_held_for_its_vat_evidence(customer=UserFactory(), comics=comics)
    PaymentFactory(order=order, stripe_payment_intent_id="pi_held", status=PaymentStatus.SUCCEEDED)
    with system_scope():
        item = order.items.get(comic=comics[0])
        refund_create_for_items(order=order, item_ids=[item.pk], reason="Wrong", actor="t")
        links_events = OrderEvent.objects.filter(order=order, type=OrderEventType.DOWNLOAD_LINKS)
        assert not links_events.exists()

    assert ("download_links", "Download links withdrawn") not in exported_history(client, order)


def test_the_export_leaves_out_an_earlier_item_refund_row_that_withdrew_no_link(client):
    """Such rows written before the item refund stopped recording them (the history is
    append-only) say nothing to the customer."""
    order, _ = fulfilled_order()
    with system_scope():
        order_events.item_links_revoked(
            order=order, actor="t", reason="Item refunded", links=0, items=[order.items.get().pk]
        )

    assert ("download_links", "Download links withdrawn") not in exported_history(client, order)


def test_erasure_blanks_the_business_details_of_orders_never_paid_and_keeps_the_paid_ones(
    superuser_client,
    vies,  # noqa: F811
):
    """Outside probe HD-1: staff still read the business name and billing address typed at
    the checkout of an erased account's canceled orders, which no invoice states. A paid
    order's stay with its invoice, the evidence of that supply; the VAT number, a business's
    registration, too."""
    customer = UserFactory()
    declaration = BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    unpaid = create_order(customer=customer, declaration=declaration)
    paid = create_order(customer=customer, declaration=declaration, status=OrderStatus.PROCESSING)
    order_services.order_transition(name="mark_paid", order=paid, actor="test", reason="paid")
    own = Client()
    own.force_login(customer)

    own.post(reverse("privacy_erase"), {"password": PASSWORD})
    run_queued_jobs()

    with system_scope():
        evidence = {
            row.order_id: (row.vat_number, row.business_name, row.billing_address)
            for row in OrderTaxEvidence.objects.filter(order__in=[unpaid, paid])
        }
        assert Order.objects.get(pk=unpaid.pk).status == OrderStatus.CANCELED
    # Outside probe HE-5: staff read the blanked details as "none given".
    page = superuser_client.get(reverse("admin:orders_order_change", args=[unpaid.pk])).text
    assert page.count('data-testid="erased-with-the-account"') == 2
    assert evidence == {
        unpaid.pk: ("DE136695976", "", ""),
        paid.pk: ("DE136695976", BUSINESS["business_name"], BUSINESS["billing_address"]),
    }


def test_the_export_gives_an_orders_discount_code_and_what_it_took_off_each_item(client):
    """Outside probe HR-3: an item at 3.99 and a total of 3.59, the code and its 0.40 in no
    field (the order page reads "Discount (WELCOME10) -€0.40")."""
    make_code("WELCOME10", percent_off=10)
    order = create_order(comics=[ComicFactory(title="Neon Tide", price_amount=399)])
    with system_scope():
        discount_apply(order=order, code="WELCOME10", customer=order.customer, actor="test")

    (data,) = exported(client, order.customer)["orders"]

    assert (data["discount_code"], data["discount_amount"], data["total_amount"]) == (
        "WELCOME10",
        40,
        359,
    )
    assert [(i["unit_amount"], i["discount_amount"]) for i in data["items"]] == [(399, 40)]


def test_the_export_names_the_code_and_the_bundle_an_orders_history_took(client):
    """Outside probe HX-5: their entries read "Discount code" and "Bundle" alone."""
    make_code("TRILOGY20", percent_off=20)
    with system_scope():
        bundle = Bundle.objects.create(title="Dreamlands", slug="dreamlands", price_amount=999)
        bundle.comics.set([ComicAssetFactory().comic, ComicAssetFactory().comic])
        order = bundle_order_create(bundle=bundle, customer=UserFactory(), actor="test")
        discount_apply(order=order, code="TRILOGY20", customer=order.customer, actor="test")
        order_services.order_cancel_by_customer(order=order, actor="test", reason="Gave up")

    history = exported_history(client, order)

    assert ("bundle", "Bundle Dreamlands") in history
    assert [what for code, what in history if code == "discount"] == [
        "Discount code TRILOGY20: €2.00 off",
        "Discount code TRILOGY20 released: the order ended unpaid",
    ]


def test_the_export_tells_the_vat_hold_the_order_page_shows_and_no_other_flag(client):
    """Outside probe HX-5: the order page read "Comics held for our check of the country
    you live in, for VAT", and the export went from "Payment received" to its end."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    with system_scope():
        order_events.flagged(order=order, actor="staff:support", reason="Looks odd")

    history = exported_history(client, order)

    assert [what for code, what in history if code == "flagged"] == [
        VAT_HELD_ONCE_PAID.format(comics="Comic")
    ]


def test_the_export_names_the_cards_country_recorded_for_vat(client):
    """Outside probe HY-2: the event read "VAT evidence" alone."""
    order = create_order(declaration=BuyerDeclaration(country="FR"))
    evidence_card_country_record(order_id=order.pk, card_country="FR", actor="stripe:evt_1")

    history = exported_history(client, order)

    assert [entry for entry in history if entry[0] == "vat"] == [
        ("vat", "Card issued in France, recorded for VAT")
    ]


def test_a_reverse_charged_orders_items_add_up_to_its_total_with_the_vat_taken_off(client):
    """Outside probe HZ-4: the items came to 7.14 against a total of 6.67, the 0.47 of VAT
    taken off for the reverse charge in no field."""
    declaration = BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    order = create_order(comics=[ComicFactory(price_amount=714)], declaration=declaration)

    (data,) = exported(client, order.customer)["orders"]

    items = sum(item["unit_amount"] - item["discount_amount"] for item in data["items"])
    assert data["tax_removed_amount"] > 0
    assert items + data["tax_added_amount"] - data["tax_removed_amount"] == data["total_amount"]


def test_the_export_gives_what_a_lost_dispute_took_back_and_names_its_steps(client):
    """Outside probe HS-3: no field gave what the dispute took back, so the order's amounts
    did not add up, and the dispute's funds steps read "Disputed"."""
    order, _links = fulfilled_order()
    PaymentFactory(order=order, succeeded=True)
    dispute_told(order, "needs_response", 300, event=DisputeEvent.CREATED)
    dispute_told(order, "needs_response", 300, event=DisputeEvent.FUNDS_WITHDRAWN)
    dispute_told(order, "lost", 300)
    lost = exported(client, order.customer)["orders"][0]
    dispute_told(order, "won", 300)  # the card network reversed its decision (HT-3)

    (won,) = exported(client, order.customer)["orders"]

    assert (lost["dispute_lost_amount"], won["dispute_lost_amount"]) == (300, 0)
    steps = [event["what"] for event in won["history"] if event["type"] == "disputed"]
    assert "Disputed" not in steps
    assert "Dispute: the amount disputed was taken from us while your bank decides" in steps
    assert "Dispute won after all: €3.00 came back to us" in steps


def test_the_export_names_a_refund_made_at_stripe_with_its_amount(
    client, stripe_webhook, send_event
):
    """Outside probe HT-3: it read "Refund", no amount, where a staff refund's names it."""
    order, payment = started_payment(order=create_order(comics=[ComicAssetFactory().comic]))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    dashboard = {"payment_intent": payment.stripe_payment_intent_id, "amount": 100}
    localstripe_call("POST", "/v1/refunds", dashboard)
    send_event(build_event("charge.refunded", intent_json(payment)["latest_charge"]))

    (data,) = exported(client, order.customer)["orders"]

    steps = [event["what"] for event in data["history"] if event["type"] == "refund"]
    assert steps == ["Refund of €1.00 made at Stripe", "Refunded €1.00"]
