import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from accounts.privacy import account_erase, erasure_request
from accounts.services import email_verification_start, guest_account_create
from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
    order_move,
    record_card_declined,
)
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.mail import FlakyEmailBackend
from morpheus_testing.smtp_server import GatedSmtpServer
from notifications.models import EmailDelivery, EmailKind
from notifications.tasks import send_order_email
from orders import services
from orders.services import order_complete_free
from orders.transitions import OrderStatus
from payments.tests.test_views_already_owned import bundle_bought_then_one_comic_alone
from promotions.bundles import bundle_order_create
from promotions.models import Bundle
from tax.services import evidence_decide

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


def test_placing_an_order_emails_the_customer_once_in_html_and_text():
    order = create_order()

    run_queued_jobs()
    run_queued_jobs()

    (message,) = mail.outbox
    assert message.to == [order.email]
    assert message.subject == f"We received your order {order.number}"
    assert "Total: €4.99" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and order.number in html


def test_the_order_email_of_an_unpaid_order_says_how_long_it_waits_for_its_payment(settings):
    """Outside probe GQ-2: "Thank you for your order" never said the order was not paid
    yet, nor that an unpaid order is canceled."""
    settings.UNPAID_ORDER_MAX_AGE_HOURS = 24
    unpaid = create_order(comics=[ComicFactory(price_amount=499)])

    run_queued_jobs()

    (sent,) = mail.outbox
    said = (
        "This order is not paid yet: pay for it from your order page. An order not paid "
        "within 24 hours"
    )
    assert said in sent.body
    assert said in sent.alternatives[0][0]
    assert unpaid.number in sent.subject


def test_the_order_email_of_a_free_order_not_completed_says_it_is_canceled_too(settings):
    """Outside probe GR-4: it asked to press Get it for free, nothing saying that such an
    order is canceled as an unpaid one is."""
    settings.UNPAID_ORDER_MAX_AGE_HOURS = 24
    create_order(comics=[ComicFactory(price_amount=0)])

    run_queued_jobs()

    (sent,) = mail.outbox
    assert "(an order not completed within 24 hours is canceled)" in sent.body
    assert "An order not completed within 24 hours is canceled." in sent.alternatives[0][0]


def test_a_canceled_order_never_paid_offers_its_comics_in_a_new_order_not_again(client):
    """Outside probe HO-3: the cancellation email and the order's page said "You can buy these
    comics again" to a customer who had never bought them."""
    order = create_order(comics=[ComicFactory(title="The Sleepwalker's Atlas")])
    run_queued_jobs()
    mail.outbox = []
    with system_scope():
        services.order_transition(
            order=order, name="cancel", actor="staff:support", reason="Asked to"
        )
    run_queued_jobs()
    client.force_login(order.customer)

    (sent,) = mail.outbox
    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text
    detail = client.get(reverse("orders:detail", args=[order.number])).text
    assert "You can still buy its comic in a new order at any time" in sent.body
    assert "in a new order at any time from the" in sent.alternatives[0][0]
    for page in (confirmation, detail):  # outside probe HP-4: the order's page said nothing
        assert "You can still buy its comic in a new order from the" in page
    for text in (sent.body, sent.alternatives[0][0], confirmation, detail):
        assert "again" not in text


def test_a_canceled_orders_email_offers_in_a_new_order_only_its_comics_still_for_sale():
    """Outside probe HS-1: the email offered a comic staff had taken off sale "in a new
    order", where the order's pages name it."""
    withdrawn, left = ComicFactory(title="Ghost"), ComicFactory(title="Tide")
    order = create_order(comics=[withdrawn, left])
    run_queued_jobs()
    mail.outbox = []
    with system_scope():
        Comic.objects.filter(pk=withdrawn.pk).update(is_active=False)
        services.order_transition(
            order=order, name="cancel", actor="staff:support", reason="Asked to"
        )
    run_queued_jobs()

    (sent,) = mail.outbox
    said = "Ghost is no longer for sale. You can still buy Tide in a new order at any time"
    assert said in sent.body
    assert said in sent.alternatives[0][0]


def test_an_email_job_queued_by_sql_sends_nothing():
    order = create_order()
    run_queued_jobs()
    mail.outbox = []
    with connection.cursor() as cursor:  # as SQL injected into a request would, as the app role
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status) VALUES "
            "('emails', 'notifications.tasks.send_order_email', %s, 'todo')",
            [f'{{"kind": "order_received", "order_id": {order.pk}, "event_key": "injected"}}'],
        )

    run_queued_jobs()

    assert mail.outbox == []


def test_the_text_part_shows_titles_as_written_not_html_escaped():
    create_order(comics=[ComicFactory(title="The Sleepwalker's Atlas & Co <1>")])

    run_queued_jobs()

    (message,) = mail.outbox
    assert "- The Sleepwalker's Atlas & Co <1>: €4.99" in message.body
    html, _ = message.alternatives[0]
    assert "The Sleepwalker&#x27;s Atlas &amp; Co &lt;1&gt;" in html


def test_a_failing_email_job_is_retried_and_the_customer_still_gets_one_email(settings):
    settings.EMAIL_BACKEND = "morpheus_testing.mail.FlakyEmailBackend"
    FlakyEmailBackend.failures = 1
    order = create_order()
    mail.outbox = []

    with pytest.raises(ConnectionError):
        send_order_email(order_id=order.pk, kind=EmailKind.ORDER_RECEIVED, event_key="placed")
    send_order_email(order_id=order.pk, kind=EmailKind.ORDER_RECEIVED, event_key="placed")
    send_order_email(order_id=order.pk, kind=EmailKind.ORDER_RECEIVED, event_key="placed")

    assert _subjects() == [f"We received your order {order.number}"]
    assert EmailDelivery.objects.get(order=order).sent_at is not None


def _fail_payment(order) -> None:
    record_card_declined(order)
    services.order_transition(
        name="fail_payment", order=order, actor="stripe:evt_1", reason="card declined"
    )


def test_a_failed_payment_emails_our_reason_and_a_link_to_try_again():
    order = create_order(status="processing")
    run_queued_jobs()
    mail.outbox = []

    _fail_payment(order)
    run_queued_jobs()

    (message,) = mail.outbox
    assert "did not go through" in message.subject
    assert "Reason: The bank declined the card." in message.body
    assert f"/orders/{order.number}/pay/" in message.body


def test_no_order_received_email_after_its_payment_failed_email():
    """Outside probe HL-2: "We received your order" came after "Payment … did not go
    through", saying the links would follow "as soon as the payment is confirmed"."""
    order = create_order(status="processing")
    _fail_payment(order)
    with system_scope():
        order.refresh_from_db()

    send_order_email(
        order_id=order.pk,
        kind=EmailKind.PAYMENT_FAILED,
        event_key=f"version-{order.version}",
        version=order.version,
    )
    send_order_email(order_id=order.pk, kind=EmailKind.ORDER_RECEIVED, event_key="placed")

    assert _subjects() == [f"Payment for order {order.number} did not go through"]


def _email_waits(kind: str) -> timedelta:
    """How long from now the one queued email of `kind` waits to be sent."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT scheduled_at - clock_timestamp() FROM procrastinate_jobs"
            " WHERE task_name = 'notifications.tasks.send_order_email' AND args->>'kind' = %s",
            [kind],
        )
        ((wait,),) = cursor.fetchall()
    return wait


def test_the_failed_payment_email_waits_the_configured_delay(settings):
    settings.PAYMENT_FAILED_EMAIL_DELAY_SECONDS = 90
    order = create_order(status="processing")
    run_queued_jobs()

    _fail_payment(order)

    assert timedelta(seconds=80) < _email_waits("payment_failed") <= timedelta(seconds=90)


def test_the_order_email_waits_the_configured_delay_and_skips_an_order_paid_meanwhile(settings):
    """Outside probe GR-4: an order paid at once was emailed "Not paid yet? … canceled
    after 24 hours", written while the customer was still on the pay page."""
    settings.ORDER_RECEIVED_EMAIL_DELAY_SECONDS = 600
    order = create_order(comics=[ComicFactory(price_amount=499)])

    wait = _email_waits("order_received")
    order_move(order, to=OrderStatus.PAID)
    run_queued_jobs()

    assert timedelta(seconds=590) < wait <= timedelta(seconds=600)
    assert not any("We received your order" in subject for subject in _subjects())
    assert f"Your comic from order {order.number} is ready" in _subjects()


def test_no_order_received_email_for_an_order_canceled_while_it_waited():
    """Found by an outside probe: a worker restarted after the cancel sent "We received
    your order" for it."""
    order = create_order()
    services.order_cancel_by_customer(order=order, actor="customer:1", reason="changed my mind")

    run_queued_jobs()

    assert not any("We received your order" in subject for subject in _subjects())


def test_no_order_received_email_for_an_order_paid_while_it_waited():
    """Outside probe FR-2: a worker killed while sending it, its job recovered after the
    payment, sent it after the comics' email, saying the links would follow."""
    create_order(comics=[ComicFactory(price_amount=499)], status=OrderStatus.FULFILLED)

    run_queued_jobs(names=[send_order_email.name])

    assert not any("We received your order" in subject for subject in _subjects())


def test_the_order_email_of_an_order_that_cannot_be_paid_says_why_not_to_pay_it():
    """Outside probe GW-3: staff took the bundle off sale while the email waited; it said
    "This order is not paid yet: pay for it", and the pay page refused it."""
    comics = [ComicAssetFactory().comic, ComicAssetFactory().comic]
    with system_scope():
        bundle = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=999)
        bundle.comics.set(comics)
        order = bundle_order_create(bundle=bundle, customer=UserFactory(), actor="test")
        Bundle.objects.filter(pk=bundle.pk).update(is_active=False)

    run_queued_jobs(names=[send_order_email.name])

    (message,) = [m for m in mail.outbox if m.subject.startswith("We received your order")]
    said = f"Order {order.number} buys Trilogy at its bundle price, €9.99; the bundle is no"
    assert said in message.body and said in message.alternatives[0][0]
    assert "not paid yet" not in message.body + message.alternatives[0][0]


def test_the_order_email_of_an_order_whose_comic_was_bought_since_says_it_cannot_be_paid():
    """Outside probe HD-2: the customer paid for the comic in another order while this
    order's email waited; it said "pay for it from your order page", which refuses it."""
    customer, comic = UserFactory(), ComicFactory(title="The Sleepwalker's Atlas")
    order = create_order(customer=customer, comics=[comic])
    create_order(customer=customer, comics=[comic], status=OrderStatus.FULFILLED)

    run_queued_jobs(names=[send_order_email.name])

    (message,) = [
        m for m in mail.outbox if m.subject.startswith(f"We received your order {order.number}")
    ]
    said = "You already own The Sleepwalker's Atlas: it is in your library"
    cannot = f"Order {order.number} cannot be paid: cancel it."
    for part in (message.body, html.unescape(message.alternatives[0][0])):
        assert said in part and cannot in part
        assert "not paid yet" not in part


def test_the_order_email_of_a_bundle_whose_comic_was_bought_since_offers_to_complete_it(client):
    """Outside probe HZ-5: it said "cancel it and buy the other comics in a new order" where
    the order's page offers to complete the bundle, for less."""
    order, _ = bundle_bought_then_one_comic_alone(client, allows_completion=True)

    run_queued_jobs(names=[send_order_email.name])

    (message,) = [
        m for m in mail.outbox if m.subject.startswith(f"We received your order {order.number}")
    ]
    said = (
        f"Order {order.number} cannot be paid: cancel it and complete The Dreamlands Trilogy "
        "in a new order."
    )
    for part in (message.body, html.unescape(message.alternatives[0][0])):
        assert said in part
        assert "the other comics" not in part


def test_no_order_received_email_for_a_free_order_completed_while_it_waited():
    """Outside probe GW-2: it came after the downloads email, saying the links would come
    "in a moment"."""
    order = create_order(comics=[ComicAssetFactory(comic__price_amount=0).comic])
    with system_scope():
        order_complete_free(order=order, actor="test")

    run_queued_jobs()

    assert f"Your comic from order {order.number} is ready" in _subjects()
    assert not any("We received your order" in subject for subject in _subjects())


@pytest.mark.parametrize("free", [False, True], ids=["paid", "free"])
def test_the_order_email_to_an_address_not_confirmed_says_the_links_wait_for_it(free):
    """Outside probe BA (BA-2): it promised to email the download links, which go only to a
    confirmed address, so none came; the pay and order pages said it right."""
    customer = UserFactory(email_verified=False)
    email_verification_start(user=customer, email=customer.email)  # signed up
    order = create_order(customer=customer, comics=[ComicFactory(price_amount=0 if free else 499)])
    if free:
        with system_scope():
            order_complete_free(order=order, actor="test")

    run_queued_jobs(names=[send_order_email.name])

    (message,) = [m for m in mail.outbox if m.subject.startswith("We received your order")]
    ((html, _),) = message.alternatives
    waits = f"We email download links once you confirm {customer.email}: follow the link"
    assert waits in message.body and waits in html
    assert "library has the comic" in message.body and "/downloads/library/" in message.body
    assert "We will email your download links" not in message.body + html


def test_the_order_email_sends_no_one_to_the_account_page_for_a_link_it_cannot_send():
    """Outside probe BC (BC-3): to an address with no confirmation waiting, it said the
    account page could send the link again; that page offered nothing of the kind."""
    customer = UserFactory(email_verified=False)  # no address waiting: nothing to send again
    create_order(customer=customer)

    run_queued_jobs(names=[send_order_email.name])

    (message,) = [m for m in mail.outbox if m.subject.startswith("We received your order")]
    ((html, _),) = message.alternatives
    words = f"We email download links only to an address you confirmed, and {customer.email}"
    assert words in message.body and words in html
    assert "can send it again" not in message.body + html


@pytest.mark.parametrize("erased", [True, False], ids=["erased", "erasure-asked"])
def test_no_email_goes_to_a_customer_who_asked_for_erasure_while_it_waited(erased):
    """An order email queued before the erasure would have gone to the placeholder address
    erasure leaves (erased-N@erased.invalid); queued before the erasure's own job ran, to
    the customer who had asked to be forgotten (outside testers AQ-1, the worker paused)."""
    order = create_order()
    with system_scope():
        erasure = erasure_request(user=order.customer)
        if erased:
            account_erase(erasure_id=erasure.pk)

    run_queued_jobs(names=[send_order_email.name])

    assert mail.outbox == []
    with system_scope():
        delivery = EmailDelivery.objects.get(order=order, kind=EmailKind.ORDER_RECEIVED)
    assert delivery.sent_at is None


def test_no_failed_payment_email_when_the_customer_paid_while_it_waited():
    order = create_order(comics=[ComicAssetFactory().comic], status="processing")
    run_queued_jobs()
    mail.outbox = []

    _fail_payment(order)
    services.order_transition(
        name="submit_payment", order=order, actor="customer:1", reason="retry"
    )
    services.order_transition(name="mark_paid", order=order, actor="stripe:evt_2", reason="paid")
    run_queued_jobs()

    assert not any("did not go through" in subject for subject in _subjects())


def test_failures_in_a_row_email_once_for_the_last_not_once_each():
    """Found by an outside probe: ten cards declined in half a minute sent ten identical
    emails once their wait was over."""
    order = create_order(status="processing")
    run_queued_jobs()
    mail.outbox = []

    for _ in range(3):
        _fail_payment(order)
        services.order_transition(
            name="submit_payment", order=order, actor="customer:1", reason="another card"
        )
    _fail_payment(order)
    run_queued_jobs()

    assert [s for s in _subjects() if "did not go through" in s] == [
        f"Payment for order {order.number} did not go through"
    ]


def test_payment_leads_to_links_and_one_email_whose_links_download_the_comic(client):
    asset = ComicAssetFactory()
    order = create_order(comics=[asset.comic], status="processing")
    run_queued_jobs()
    mail.outbox = []

    services.order_transition(name="mark_paid", order=order, actor="stripe:evt_1", reason="paid")
    ran = run_queued_jobs()

    order.refresh_from_db()
    assert "delivery.tasks.fulfil_order" in ran
    assert order.status == "fulfilled"
    # The other email is the invoice (invoicing's "payment received").
    (message,) = [m for m in mail.outbox if "/downloads/" in m.body]
    assert message.subject == f"Your comic from order {order.number} is ready"
    (path,) = re.findall(r"http://[^/]+(/downloads/[A-Za-z0-9_-]{43}/)", message.body)
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == asset.file.open("rb").read()


def test_the_downloads_email_names_the_file_each_link_gives_and_sends_to_the_other_formats(
    client,
):
    comic = ComicFactory(title="Neon Tide", file=False)
    ComicAssetFactory(comic=comic, format="cbz", file_name="neon-tide.cbz")
    pdf = ComicAssetFactory(comic=comic, format="pdf", file_name="neon-tide.pdf")
    order = create_order(comics=[comic], status="processing")
    run_queued_jobs()
    mail.outbox = []

    services.order_transition(name="mark_paid", order=order, actor="stripe:evt_1", reason="paid")
    run_queued_jobs()

    (message,) = [m for m in mail.outbox if "/downloads/" in m.body]
    (path,) = re.findall(
        r"- Neon Tide \(neon-tide\.pdf\): http://[^/]+(/downloads/\S+/)", message.body
    )
    assert "every comic you own, in every format it comes in" in message.body
    assert "(up to 5 downloads, until " in message.body
    assert "limited number of times" not in message.body
    html, _ = message.alternatives[0]
    assert "neon-tide.pdf · up to 5 downloads, until" in html
    response = client.get(path)
    assert b"".join(response.streaming_content) == pdf.file.open("rb").read()


def test_the_downloads_email_of_a_bundle_names_the_bundle_beside_each_comic():
    """Outside probe GV-3: the order's lines said "(in Trilogy)", its links did not."""
    comics = [ComicAssetFactory(comic__title=title).comic for title in ("Dawn", "Dusk")]
    with system_scope():
        bundle = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=999)
        bundle.comics.set(comics)
        order = bundle_order_create(bundle=bundle, customer=UserFactory(), actor="test")
    order_move(order, to="processing")
    run_queued_jobs()
    mail.outbox = []

    services.order_transition(name="mark_paid", order=order, actor="stripe:evt_1", reason="paid")
    run_queued_jobs()

    (message,) = [m for m in mail.outbox if "/downloads/" in m.body]
    for title in ("Dawn", "Dusk"):
        assert f"- {title} (in Trilogy) (" in message.body
        assert re.search(rf">{title}</a> <span[^>]*>in Trilogy</span>", message.alternatives[0][0])


def refund_emails() -> list:
    """The refund emails sent (each refund's credit note goes in an email of its own)."""
    return [message for message in mail.outbox if message.subject.startswith("Refund for")]


def test_a_refund_emails_the_amount_refunded():
    order = create_order(comics=[ComicAssetFactory().comic], status="paid")
    run_queued_jobs()
    mail.outbox = []

    services.order_record_refunded_amount(
        order=order, refunded_total=200, actor="staff:ada", reason="goodwill"
    )
    run_queued_jobs()

    (message,) = refund_emails()
    assert message.subject == f"Refund for order {order.number}"
    assert "We refunded €2.00" in message.body
    assert "for VAT" not in message.body


@pytest.mark.parametrize("decided", [True, False], ids=["decided", "refunded-undecided"])
def test_the_refund_of_an_order_held_for_its_vat_evidence_emails_why_it_was_refunded(decided):
    """Outside probe BS-3: Finance refunded an order held for the country check, and its
    email said only that the comics would not be delivered, with no reason. One refunded
    without their decision gives none: staff may have refunded it for another reason
    (outside probe EF-4; the refund screen tells them to decide first)."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    if decided:
        with system_scope():
            evidence_decide(
                order=order, decision="refund", actor="staff:finance", reason="No proof"
            )
    run_queued_jobs()
    mail.outbox = []

    with system_scope():
        services.order_record_refunded_amount(
            order=order, refunded_total=order.total_amount, actor="stripe", reason="Refunded"
        )
    run_queued_jobs()

    (message,) = refund_emails()
    why = (
        "We could not confirm the country you live in for VAT (you declared Germany; your card "
        "was issued in France), so we refunded your payment. To buy this comic, check out "
        "again declaring the country you live in, or pay with a card issued there."
    )
    assert (why in message.body) == decided
    assert (why in message.alternatives[0][0]) == decided


def test_part_of_an_undecided_held_order_refunded_gives_no_vat_reason():
    """A held order Finance has not decided on, part refunded (a customer's request): its
    refund email does not say the payment was refunded for the country check."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory(comic__price_amount=500).comic]
    )
    run_queued_jobs()
    mail.outbox = []

    with system_scope():
        services.order_record_refunded_amount(
            order=order, refunded_total=100, actor="stripe", reason="Refunded"
        )
    run_queued_jobs()

    (message,) = refund_emails()
    assert "for VAT" not in message.body


def test_refunds_settled_together_each_email_what_was_refunded_so_far_with_it():
    """Found by an outside probe: the emails went after both refunds had settled, and the
    first, partial one said the order was fully refunded."""
    order = create_order(comics=[ComicAssetFactory(comic__price_amount=500).comic], status="paid")
    run_queued_jobs()
    mail.outbox = []

    for total in (200, 500):
        services.order_record_refunded_amount(
            order=order, refunded_total=total, actor="staff:ada", reason="goodwill"
        )
    run_queued_jobs()

    first, second = sorted(refund_emails(), key=lambda message: "€3.00" in message.body)
    assert "We refunded €2.00" in first.body
    assert "Refunded so far: €2.00 of €5.00." in first.body
    assert "fully refunded" not in first.body
    assert "We refunded €3.00" in second.body
    assert "The order is fully refunded" in second.body


def test_a_mail_server_that_never_answers_fails_the_send_at_the_timeout_and_the_retry_sends_it(
    settings,
):
    order = create_order()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = 1
    with GatedSmtpServer() as smtp:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port

        with pytest.raises(OSError, match="timed out"):
            send_order_email(order_id=order.pk, kind=EmailKind.ORDER_RECEIVED, event_key="placed")
        unsent = EmailDelivery.objects.get(order=order).sent_at
        smtp.open()
        send_order_email(order_id=order.pk, kind=EmailKind.ORDER_RECEIVED, event_key="placed")

    assert unsent is None
    assert [m["Subject"] for m in smtp.parsed()] == [f"We received your order {order.number}"]


def test_a_guests_failed_payment_email_links_their_signed_order_page_not_a_sign_in(client):
    """A guest has no password: the pay page's address sent them to a sign-in form."""
    order = create_order(
        customer=guest_account_create(email="gina@example.com"), status="processing"
    )
    run_queued_jobs()
    mail.outbox = []

    _fail_payment(order)
    run_queued_jobs()

    (message,) = mail.outbox
    link = re.search(r"http://[^/]+(/accounts/guest/order/\S+/)", message.body)[1]
    page = client.get(link, follow=True)
    assert page.redirect_chain[-1][0] == f"/orders/{order.number}/"
    assert f"/orders/{order.number}/pay/" in page.text
