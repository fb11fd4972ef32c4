"""A VAT number VIES refuses (outside probe BL, BL-1: a business buying by reverse charge
pays each price less its VAT, and a refused number kept that price before payment, and on
every later checkout): an order not yet paid is priced as a consumer's, the number is refused
at the next checkout, and an order already paid names the VAT that was not collected."""

import json
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from invoicing.pdf import document_pdf
from invoicing.tests.helpers import documents, pdf_text
from morpheus.db_context import system_scope
from morpheus_testing.factories import BUSINESS, ComicFactory, UserFactory, create_order
from morpheus_testing.jobs import queued_jobs, run_queued_jobs, run_task
from morpheus_testing.mail import FlakyEmailBackend
from morpheus_testing.stripe_signing import build_event
from notifications.tasks import send_order_email
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.transitions import OrderStatus
from payments.services import payment_start
from payments.tests.helpers import intent_json, reload, run_stripe_jobs, started_payment
from payments.tests.test_webhooks import DECLINE, intent_payload
from tax.errors import ViesUnavailable
from tax.models import EvidenceDecision, ItemTax, OrderTaxEvidence, ViesStatus
from tax.selectors import declaration_last
from tax.services import evidence_card_country_record
from tax.tasks import VIES_RETRY, check_vat_number
from tax.tests.helpers import evidence, history
from tax.tests.test_services import pay
from tax.tests.test_vat_numbers import vies  # noqa: F401  (the stub VIES)

pytestmark = pytest.mark.django_db

NUMBER = "DE136695976"
GERMAN_BUSINESS = BuyerDeclaration(country="DE", vat_number=NUMBER, **BUSINESS)
REPRICED = (
    f"VIES refused VAT number {NUMBER}: no longer reverse-charged, priced with the VAT of "
    "Germany (7 %) as a consumer's order: 10.00 EUR before, 10.70 EUR now"
)
PAY_PAGE_SAYS = (
    f"VIES did not confirm VAT number {NUMBER}: this order is priced with VAT; to buy as a "
    "business, cancel it and check out again with a valid number."
)


def business_order(**kwargs) -> Order:
    """€10.70 including Germany's 7 %: a German business pays €10.00 by reverse charge."""
    return create_order(
        comics=[ComicFactory(price_amount=1070)], declaration=GERMAN_BUSINESS, **kwargs
    )


def pay_page(client, order) -> str:
    client.force_login(order.customer)
    return unescape(client.get(reverse("orders:pay", args=[order.number])).content.decode())


def vies_refuses(vies, order) -> Order:  # noqa: F811
    vies.answer = {"valid": False}
    run_task(check_vat_number, order_id=order.pk)
    return reload(order)


def test_a_number_vies_refuses_before_payment_prices_the_order_as_a_consumers(
    client,
    vies,  # noqa: F811
    stripe_webhook,
):
    order = business_order()
    assert order.total_amount == 1000

    order = vies_refuses(vies, order)

    assert (order.status, order.total_amount, order.tax_removed_amount) == ("pending", 1070, 0)
    with system_scope():
        (row,) = ItemTax.objects.filter(order=order)
    assert (row.gross, row.net, row.tax, row.rate_type) == (1070, 1000, 70, "reduced")
    assert (evidence(order).vies_status, evidence(order).reverse_charge) == (
        ViesStatus.INVALID,
        False,
    )
    assert order.flagged_reason == ""
    assert ("vat", REPRICED) in history(order)
    page = pay_page(client, order)
    assert PAY_PAGE_SAYS in page
    assert "reverse charge" not in page
    assert reverse("orders:checkout_again", args=[order.number]) in page

    order, payment = started_payment(order=order)

    assert intent_json(payment)["amount"] == payment.amount == 1070


def test_a_buyer_whose_number_vies_refused_is_held_for_a_card_from_elsewhere(
    vies,  # noqa: F811
):
    """Outside probe FA-1: the refused number still counted as a business's, so a made-up
    number that passed its checksum skipped the consumer's evidence check."""
    order = vies_refuses(vies, business_order())
    with system_scope():
        order_services.order_transition(
            order=order, name="submit_payment", actor="test", reason="paying"
        )

    evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")

    assert evidence(order).decision == EvidenceDecision.HELD
    assert reload(order).flagged_reason == (
        "VAT evidence conflict: declared DE, card issued in FR. Held from fulfilment until "
        "Finance decides."
    )


@pytest.mark.parametrize("page", ["orders:detail", "orders:confirmation"])
def test_the_order_pages_of_an_order_vies_refused_offer_to_check_out_again_as_the_pay_page(
    client,
    vies,  # noqa: F811
    page,
):
    """Outside probe CL-2: only the pay page said why the order is priced with VAT and
    offered to check out again with a valid number; its order and confirmation pages did
    not (one priced above what a card is charged at once offered no way to buy it)."""
    order = vies_refuses(vies, business_order())
    client.force_login(order.customer)

    shown = unescape(client.get(reverse(page, args=[order.number])).text)

    assert PAY_PAGE_SAYS in shown
    assert f'action="{reverse("orders:checkout_again", args=[order.number])}"' in shown


WHY = (
    f"VIES, the EU's register of VAT numbers, did not confirm VAT number {NUMBER}, so this "
    "order can no longer be sold to a business without VAT: it is priced with the VAT of "
    "Germany (7 %), as a consumer's. To buy as a business, cancel it and check out again "
    "with a valid number."
)


# The same, in the "We received your order" email: news to a customer told no total before.
NEWS = (
    f"VIES, the EU's register of VAT numbers, did not confirm VAT number {NUMBER}, so this "
    "order's total, €10.70, includes the VAT of Germany (7 %); as a business, without VAT, it "
    "was €10.00. To buy as a business, cancel it and check out again with a valid number."
)


def emails() -> list[tuple[str, str]]:
    return [(message.subject, " ".join(message.body.split())) for message in mail.outbox]


def emails_exported(client, order) -> list[str]:
    """The kinds of email the customer's data export lists as sent to them."""
    client.force_login(order.customer)
    answer = client.get(reverse("privacy_export"))
    data = json.loads(b"".join(answer.streaming_content) if answer.streaming else answer.content)
    return sorted(email["kind"] for email in data["emails_sent"])


def test_a_repricing_after_the_order_email_went_emails_the_new_total_the_one_told_and_why(
    client,
    settings,
    vies,  # noqa: F811
):
    """Outside probe BM-6: the "We received your order" email quoted the business price and
    nothing said the order was repriced."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    order = business_order()
    run_queued_jobs(names=[send_order_email.name])
    order = vies_refuses(vies, order)
    assert order.total_amount == 1070

    run_queued_jobs(names=[send_order_email.name])
    run_queued_jobs(names=[send_order_email.name])

    (received, body), (repriced, message) = emails()
    assert received == f"We received your order {order.number}"
    assert "Total: €10.00" in body and "VIES" not in body
    assert repriced == f"Your order {order.number} now costs more"
    assert f"Your order {order.number} now costs €10.70, not €10.00 as we last told you." in message
    assert WHY in message
    assert reverse("orders:pay", args=[order.number]) in message
    assert emails_exported(client, order) == ["order_received", "order_repriced"]


@pytest.mark.parametrize("received_first", [True, False], ids=["received-first", "refused-first"])
def test_an_order_a_refusal_puts_above_what_a_card_is_charged_is_not_emailed_as_payable(
    settings,
    vies,  # noqa: F811
    received_first,
):
    """Outside probe CL-2: "We received your order" told the refusal, then "We will email your
    download links as soon as the payment is confirmed", of an order no card can pay; "now
    costs more" would have asked to pay it."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    order = create_order(
        comics=[ComicFactory(price_amount=106_999_999)], declaration=GERMAN_BUSINESS
    )
    if received_first:
        run_queued_jobs(names=[send_order_email.name])
    order = vies_refuses(vies, order)

    run_queued_jobs(names=[send_order_email.name])
    run_queued_jobs(names=[send_order_email.name])

    told = (
        f"Order {order.number} comes to €1,069,999.99, more than a card can be charged at once "
        "(€999,999.99), so it cannot be paid: your order page says what you can do"
    )
    subject, body = emails()[-1]
    assert subject.startswith("Your order" if received_first else "We received your order")
    assert told in body
    assert "as soon as the payment is confirmed" not in body
    assert reverse("orders:pay", args=[order.number]) not in body
    assert told in " ".join(unescape(mail.outbox[-1].alternatives[0][0]).split())


def repriced_job() -> dict:
    """The arguments of the "now costs more" email's job, waiting."""
    ((_, _, arguments),) = [
        job for job in queued_jobs(names=[send_order_email.name]) if "order_repriced" in job[2]
    ]
    return json.loads(arguments)


def repriced_job_first() -> None:
    """The "now costs more" email's job runs before the "We received your order" one's."""
    run_task(send_order_email, **repriced_job())


@pytest.mark.parametrize("first", [repriced_job_first, lambda: None], ids=["repriced", "received"])
def test_a_repricing_before_the_order_email_went_is_told_in_it_and_not_as_costing_more(
    client,
    settings,
    vies,  # noqa: F811
    first,
):
    """Outside probe BR-3: VIES answered at once, and the first email was "Your order now costs
    more … now costs €3.99, not €3.73 as we last told you", then "We received your order" at
    €3.99: no page or email had said €3.73. Whichever of their jobs runs first. It tells the
    refusal as news, not as "can no longer be sold to a business without VAT" (nothing had
    said it was). The customer's data export lists that one email: it listed the "now costs
    more" email as sent too, which never went."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    order = vies_refuses(vies, business_order())
    repriced = repriced_job()

    first()
    run_queued_jobs(names=[send_order_email.name])
    run_queued_jobs(names=[send_order_email.name])
    run_task(send_order_email, **repriced)  # again (a worker killed as it ended): sends nothing

    ((subject, body),) = emails()
    assert subject == f"We received your order {order.number}"
    assert "Total: €10.70" in body and NEWS in body
    assert "no longer" not in body
    ((html, _),) = mail.outbox[0].alternatives
    assert NEWS in unescape(html)
    assert emails_exported(client, order) == ["order_received"]


def test_a_repricing_told_in_an_order_email_that_failed_to_send_is_told_in_its_retry(
    client,
    settings,
    vies,  # noqa: F811
):
    """The "now costs more" email's row goes only with "We received your order" sent: the
    received email's own job, running after the failed send, still leaves it to the retry."""
    settings.EMAIL_BACKEND = "morpheus_testing.mail.FlakyEmailBackend"
    FlakyEmailBackend.failures = 1
    order = vies_refuses(vies, business_order())
    with pytest.raises(ConnectionError):
        repriced_job_first()

    # The received email's job, then the repriced email's (its retry).
    run_queued_jobs(names=[send_order_email.name])

    ((subject, body),) = emails()
    assert subject == f"We received your order {order.number}"
    assert NEWS in body
    assert emails_exported(client, order) == ["order_received"]


def test_a_pay_page_shown_before_vies_refused_charges_nothing_and_shows_the_new_total(
    client,
    vies,  # noqa: F811
    stripe_webhook,
):
    """The customer types their card on the page of the business price while VIES answers:
    the card is not charged the consumer's price the button never showed."""
    order = business_order()
    assert 'data-total="1000"' in pay_page(client, order)
    order = vies_refuses(vies, order)
    url = reverse("orders:pay_start", args=[order.number])

    response = client.post(url, {"payment_method_id": "pm_card_visa", "total": "1000"})

    told = f"Order {order.number} costs €10.70, not €10.00: nothing was charged."
    assert response.status_code == 409
    assert response.json()["error"].startswith(told)
    assert response.json()["leave_for"] == reverse("orders:pay", args=[order.number])
    assert reload(order).status == OrderStatus.PENDING
    with system_scope():
        assert not order.payments.exists()
    page = pay_page(client, order)
    assert told in page
    assert 'data-total="1070"' in page

    response = client.post(url, {"payment_method_id": "pm_card_visa", "total": "1070"})

    assert response.status_code == 200
    run_stripe_jobs()
    with system_scope():
        (payment,) = order.payments.all()
    assert intent_json(payment)["amount"] == 1070


def test_a_payment_under_way_when_vies_refuses_is_repriced_once_it_fails(
    client,
    vies,  # noqa: F811
    stripe_webhook,
    send_event,
):
    """The PaymentIntent asks the total it was started for; the order is priced again only
    when it is back to pending, before the next attempt."""
    order, payment = started_payment(order=business_order())
    assert intent_json(payment)["amount"] == 1000

    order = vies_refuses(vies, order)

    assert (order.status, order.total_amount) == (OrderStatus.PROCESSING, 1000)
    assert order.flagged_reason == (
        f"VIES refused VAT number {NUMBER} while its payment by reverse charge was under way: "
        "if it is paid, the VAT of Germany (7 %) a consumer would have paid on it, 0.70 EUR, "
        "was not collected (if it fails, the order is repriced with VAT). Check the VAT charged."
    )
    failed = intent_payload(payment, "requires_payment_method", last_payment_error=DECLINE)
    send_event(build_event("payment_intent.payment_failed", failed))

    order = reload(order)
    assert (order.status, order.total_amount, order.flagged_reason) == ("pending", 1070, "")
    assert ("vat", REPRICED) in history(order)
    assert PAY_PAGE_SAYS in pay_page(client, order)
    with system_scope():
        second = payment_start(order=order, actor="customer:test", payment_method_id=None)
    run_stripe_jobs()
    second.refresh_from_db()
    assert intent_json(second)["amount"] == second.amount == 1070


def test_a_payment_under_way_when_vies_refuses_that_succeeds_is_flagged_as_paid(
    vies,  # noqa: F811
    stripe_webhook,
    send_event,
):
    """Outside probe BM-3: the flag kept its "if it is paid … (if it fails …)" once paid."""
    order, payment = started_payment(order=business_order())
    order = vies_refuses(vies, order)
    assert "if it is paid" in order.flagged_reason

    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))

    order = reload(order)
    assert (order.status, order.total_amount) == (OrderStatus.PAID, 1000)
    paid = (
        f"VIES refused VAT number {NUMBER} while its payment by reverse charge was under way, "
        "and the order was paid: the VAT of Germany (7 %) a consumer would have paid on it, "
        "0.70 EUR, was not collected. Check the VAT charged."
    )
    assert order.flagged_reason == paid
    assert ("vat", f"Paid: {paid}") in history(order)


@pytest.mark.parametrize("prices_include_tax", [True, False], ids=["VAT-inclusive", "VAT-on-top"])
def test_a_number_vies_refuses_after_payment_names_the_vat_not_collected(
    settings,
    vies,  # noqa: F811
    prices_include_tax,
):
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    order = pay(business_order())

    order = vies_refuses(vies, order)

    assert order.total_amount == (1000 if prices_include_tax else 1070)
    assert order.flagged_reason == (
        f"VIES refused VAT number {NUMBER} after the order was paid by reverse charge: the VAT "
        "of Germany (7 %) a consumer would have paid on it, "
        f"{'0.70 EUR' if prices_include_tax else '0.75 EUR'}, was not collected. Check the VAT "
        "charged."
    )


def known_refused(customer=None) -> None:
    """VIES's last answer about NUMBER, on another customer's order, is a refusal."""
    placed = business_order(customer=customer) if customer else business_order()
    with system_scope():
        OrderTaxEvidence.objects.filter(order=placed).update(
            vies_status=ViesStatus.INVALID, vies_checked_at=timezone.now()
        )


REFUSED = (
    f"VIES says VAT number {NUMBER} is not valid: check it, or check out without a VAT number."
)


def test_a_number_vies_refused_is_refused_at_the_next_cart_checkout_keeping_the_cart(client):
    known_refused()
    buyer = UserFactory()
    with system_scope():
        order_services.cart_add_comic(customer=buyer, comic=ComicFactory(price_amount=1070))
    client.force_login(buyer)

    response = client.post(
        reverse("promotions:checkout"),
        {"country": "DE", "vat_number": NUMBER, **BUSINESS},
        follow=True,
    )

    assert REFUSED in unescape(response.content.decode())
    with system_scope():
        assert not Order.objects.filter(customer=buyer).exists()
        assert buyer.cart.items.count() == 1


def refusal_hours_ago(hours: int) -> None:
    """Move VIES's answers about NUMBER back by `hours`."""
    with system_scope():
        OrderTaxEvidence.objects.filter(vat_number=NUMBER).update(
            vies_checked_at=timezone.now() - timedelta(hours=hours)
        )


def test_a_refusal_blocks_the_number_at_checkout_for_the_configured_hours_only(client, settings):
    """Outside probe BM-1: one refusal blocked the number for every customer for good (no
    order could carry it to VIES again). After the block the order's own check asks again."""
    settings.VIES_REFUSAL_BLOCK_HOURS = 24
    known_refused()
    refusal_hours_ago(23)
    buyer = UserFactory()
    with system_scope():
        order_services.cart_add_comic(customer=buyer, comic=ComicFactory(price_amount=1070))
    client.force_login(buyer)

    def checkout():
        return client.post(
            reverse("promotions:checkout"),
            {"country": "DE", "vat_number": NUMBER, **BUSINESS},
            follow=True,
        )

    assert REFUSED in unescape(checkout().content.decode())
    with system_scope():
        assert not Order.objects.filter(customer=buyer).exists()

    refusal_hours_ago(25)
    response = checkout()

    assert REFUSED not in unescape(response.content.decode())
    with system_scope():
        (order,) = Order.objects.filter(customer=buyer)
    assert order.total_amount == 1000  # the business price, the cart kept by the refusal
    assert (evidence(order).vat_number, evidence(order).vies_status) == (
        NUMBER,
        ViesStatus.UNVERIFIED,
    )


def test_an_order_placed_without_the_form_takes_a_number_again_once_its_refusal_is_old(
    settings,
):
    settings.VIES_REFUSAL_BLOCK_HOURS = 24
    customer = UserFactory()
    known_refused(customer=customer)  # the customer's own last declaration was refused
    assert declaration_last(customer_id=customer.pk)[1] == ""

    refusal_hours_ago(25)
    order = create_order(comics=[ComicFactory(price_amount=1070)], customer=customer)

    assert (order.total_amount, evidence(order).vat_number) == (1000, NUMBER)
    assert evidence(order).vies_status == ViesStatus.UNVERIFIED


def test_a_number_vies_confirmed_since_its_refusal_buys_at_the_business_price_again():
    confirmed = business_order()
    known_refused()
    with system_scope():
        OrderTaxEvidence.objects.filter(order=confirmed).update(
            vies_status=ViesStatus.VALID, vies_checked_at=timezone.now()
        )

    assert business_order().total_amount == 1000


def test_an_order_placed_without_the_form_does_not_take_a_number_vies_refused_since():
    """A bundle bought at once takes the last declaration: not a number refused on an order
    placed after it."""
    customer = UserFactory()
    business_order(customer=customer)
    known_refused()

    order = create_order(comics=[ComicFactory(price_amount=1070)], customer=customer)

    assert (order.total_amount, evidence(order).vat_number) == (1070, "")


@pytest.mark.parametrize("answered", ["valid", "unanswered"])
def test_a_number_vies_confirms_or_never_answers_for_keeps_the_business_price(
    client,
    vies,  # noqa: F811
    answered,
):
    order = business_order()
    if answered == "valid":
        run_task(check_vat_number, order_id=order.pk)
    else:
        vies.status, vies.answer = 503, {"error": "unavailable"}
        with pytest.raises(ViesUnavailable):
            run_task(check_vat_number, attempts=VIES_RETRY.max_attempts, order_id=order.pk)

    order = reload(order)
    assert evidence(order).vies_status == answered
    assert (order.total_amount, evidence(order).reverse_charge) == (1000, True)
    assert PAY_PAGE_SAYS not in pay_page(client, order)
    assert business_order().total_amount == 1000  # the number is not refused at checkout


def test_an_order_repriced_on_a_refusal_is_invoiced_with_its_vat_not_by_reverse_charge(
    vies,  # noqa: F811
):
    order = vies_refuses(vies, business_order())

    (invoice,) = documents(pay(order))

    assert (invoice.total_amount, invoice.net_amount, invoice.tax_amount) == (1070, 1000, 70)
    assert "Reverse charge" not in invoice.tax_note


def test_an_order_repriced_on_a_refusal_names_the_business_without_the_refused_number(
    client,
    vies,  # noqa: F811
):
    """Outside probe BM-4: the pay page and the invoice named the number VIES refused as the
    buyer's VAT number next to the VAT charged for its refusal."""
    order = vies_refuses(vies, business_order())

    page = pay_page(client, order)
    assert (
        f"Your invoice will name <strong>{BUSINESS['business_name']}</strong>, without VAT "
        f"number {NUMBER}, "
        "which VIES did not confirm, at this billing address:"
    ) in page
    assert f"VAT number {NUMBER}, at" not in page

    (invoice,) = documents(pay(order))

    assert invoice.buyer["vat_id"] == ""
    assert invoice.buyer["business_name"] == BUSINESS["business_name"]
    text = pdf_text(document_pdf(invoice))
    assert BUSINESS["business_name"] in text
    assert NUMBER not in text
    order_page = unescape(
        client.get(reverse("orders:detail", args=[order.number])).content.decode()
    )
    assert f"without VAT number {NUMBER}, which VIES did not confirm" in order_page


def test_a_failed_attempt_on_an_order_repriced_meanwhile_tells_the_page_its_new_total(
    client,
    vies,  # noqa: F811
    stripe_webhook,
    send_event,
):
    """Outside probe BM-5: after a failed 3-D Secure the pay page kept the business price and
    offered it again, which the next attempt refused (409): the answers the page follows give
    the order's total, and the page reloads when it is not the one it shows."""
    order, payment = started_payment(order=business_order())
    order = vies_refuses(vies, order)
    failed = intent_payload(payment, "requires_payment_method", last_payment_error=DECLINE)
    send_event(build_event("payment_intent.payment_failed", failed))
    client.force_login(order.customer)

    state = client.get(reverse("orders:status", args=[order.number])).json()
    told = client.post(reverse("orders:pay_authenticated", args=[order.number])).json()

    assert (state["payment"]["status"], state["total"]) == ("failed", 1070)
    assert (told["status"], told["total"]) == ("failed", 1070)
    assert told["payment_error"]
    page = pay_page(client, order)
    assert 'data-total="1070"' in page
    assert told["payment_error"] in page
    assert PAY_PAGE_SAYS in page
