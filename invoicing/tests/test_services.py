"""An invoice in the transaction that marks the order paid, a credit note per refund."""

import json
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
import time_machine
from django.core import mail
from django.db import ProgrammingError, connection, transaction
from django.utils import timezone

from accounts.privacy import account_erase, erasure_request
from invoicing.models import DocumentCounter, DocumentKind
from invoicing.selectors import documents_of
from invoicing.services import invoice_issue, invoices_number
from invoicing.tests.helpers import documents
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    BUSINESS,
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
)
from morpheus_testing.jobs import as_worker, invoices_numbered, queued_jobs, run_queued_jobs
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.transitions import OrderStatus
from promotions.services import discount_apply
from promotions.tests.factories import make_code

pytestmark = pytest.mark.django_db

# A copy of an order's invoice, for another order, with the given number (its sequence 2).
TAKEN_NUMBER_SQL = """
INSERT INTO invoicing_invoice (kind, series, year, sequence, number, order_id, issued_at,
  currency, net_amount, tax_amount, total_amount, lines, seller, buyer, payment_reference,
  tax_note, customer_id)
SELECT kind, series, year, 2, %s, %s, issued_at, currency, net_amount, tax_amount,
  total_amount, lines, seller, buyer, payment_reference, tax_note, customer_id
FROM invoicing_invoice WHERE order_id = %s
"""
YEAR = timezone.now().year
NUMBERING = ["invoicing.tasks.number_invoices"]


def paid_order(*prices: int, currency: str = "EUR", numbered: bool = True):
    """An order paid with the given prices; its invoice numbered by the job the payment
    queued, unless `numbered` is False."""
    comics = [ComicFactory(price_amount=price, currency=currency) for price in prices]
    order = create_order(comics=comics, status=OrderStatus.PROCESSING)
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_invoice_{order.pk}")
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    if numbered:
        invoices_numbered()
    return order


def test_a_paid_order_gets_the_next_invoice_number_with_its_lines_and_payment():
    first, second = paid_order(499, 250), paid_order(500, currency="JPY")
    (invoice,) = documents(first)
    assert (invoice.kind, invoice.number) == (DocumentKind.INVOICE, f"INV-{YEAR}-000001")
    assert documents(second)[0].number == f"INV-{YEAR}-000002"
    assert [(line["title"], line["gross"]) for line in invoice.lines] == [
        (item.title, item.unit_amount) for item in first.items.order_by("pk")
    ]
    assert (invoice.net_amount, invoice.tax_amount, invoice.total_amount) == (749, 0, 749)
    assert invoice.payment_reference == f"pi_invoice_{first.pk}"
    assert invoice.seller["name"] == "Morpheus Comics Ltd"
    assert (invoice.buyer["email"], invoice.currency) == (first.email, "EUR")


def test_an_invoice_waits_for_its_number_until_the_job_the_payment_queued_numbers_it():
    """Numbered in the payment's transaction, the series' counter row stayed locked until
    that transaction ended: concurrent payments took turns on it (issue 13)."""
    first, second = paid_order(499, numbered=False), paid_order(250, numbered=False)
    assert [documents(order)[0].number for order in (first, second)] == [None, None]
    assert len(queued_jobs(NUMBERING)) == 2
    with system_scope():
        assert documents_of(first) == ([], ["Invoice"])

    assert run_queued_jobs(names=NUMBERING) == NUMBERING * 2
    assert [documents(order)[0].number for order in (first, second)] == [
        f"INV-{YEAR}-000001",
        f"INV-{YEAR}-000002",
    ]
    with system_scope():
        issued, waiting = documents_of(first)
    assert ([document.number for document in issued], waiting) == ([f"INV-{YEAR}-000001"], [])


def test_numbering_numbers_the_invoices_waiting_in_the_order_issued_and_nothing_twice():
    orders = [paid_order(100 * n, numbered=False) for n in (1, 2, 3)]
    with as_worker():
        assert invoices_number() == 3
        assert invoices_number() == 0
    numbers = [documents(order)[0].number for order in orders]
    assert numbers == [f"INV-{YEAR}-{n:06d}" for n in (1, 2, 3)]


def test_the_app_role_moves_no_counter_and_inserts_no_numbered_document():
    """Outside probe BV (BV-6): notes were numbered in the refund's transaction by the app
    role, so SQL injected into a web request could move a series' counter (a gap in its
    numbers) or insert a document with a number of its choosing. Since invoicing 0017 it
    inserts no document at all, numbered or not (outside probe BY, BY-2)."""
    invoice = documents(paid_order(499))[0]
    counter_writes = (
        "INSERT INTO invoicing_documentcounter (series, year, last_number) VALUES ('CN', 2099, 1)",
        "UPDATE invoicing_documentcounter SET last_number = last_number + 1",
        "DELETE FROM invoicing_documentcounter",
    )
    for statement in counter_writes:
        with pytest.raises(ProgrammingError, match="permission denied"), transaction.atomic():
            with system_scope(), connection.cursor() as cursor:
                cursor.execute(statement)
    with pytest.raises(ProgrammingError, match="insert none"):
        with transaction.atomic(), system_scope():
            copy = documents(invoice.order)[0]
            copy.pk, copy.kind, copy.credited_invoice = None, DocumentKind.CREDIT_NOTE, invoice
            copy.sequence, copy.number = 1, f"CN-{YEAR}-000001"
            copy.save()
    with system_scope():
        assert list(DocumentCounter.objects.values_list("series", "last_number")) == [("INV", 1)]


def test_a_refunds_credit_note_waits_and_the_job_numbers_it_after_the_invoices_before_it():
    """Outside probe BV (BV-6): the credit note was numbered in the refund's transaction."""
    refunded = paid_order(499)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=refunded, refunded_total=200, actor="test", reason="refund"
        )
    paid_after = paid_order(250, numbered=False)
    invoice, note = documents(refunded)
    assert (note.number, note.sequence) == (None, None)
    assert queued_jobs(NUMBERING)

    invoices_numbered()
    invoice, note = documents(refunded)
    assert documents(paid_after)[0].number == f"INV-{YEAR}-000002"
    assert (note.number, note.credited_invoice_id) == (f"CN-{YEAR}-000001", invoice.pk)
    assert note.issued_at >= invoice.issued_at


def test_an_invoice_whose_payment_committed_late_is_numbered_after_and_dated_no_earlier():
    """Outside probe BU (BU-3): dated at the payment, an invoice written 6 s before another
    but committed after it was numbered took the higher number with the earlier date."""
    first = paid_order(499)
    late = create_order(status=OrderStatus.PROCESSING)
    with time_machine.travel(timezone.now() - timedelta(seconds=6)), system_scope():
        order_services.order_transition(order=late, name="mark_paid", actor="test", reason="t")
    invoices_numbered()

    earlier, later = documents(first)[0], documents(late)[0]
    assert (earlier.number, later.number) == (f"INV-{YEAR}-000001", f"INV-{YEAR}-000002")
    assert earlier.issued_at <= later.issued_at


def test_a_payment_of_31_december_numbered_after_midnight_stays_in_its_year():
    """Outside probe BW (BW-4): dated when numbered, it became next year's first invoice."""
    order = create_order(status=OrderStatus.PROCESSING)
    paid_at = datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)
    with time_machine.travel(paid_at, tick=False), system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    with time_machine.travel(paid_at + timedelta(seconds=6), tick=False):
        invoices_numbered()

    (invoice,) = documents(order)
    assert (invoice.number, invoice.issued_at) == ("INV-2026-000001", paid_at)


@pytest.mark.django_db(transaction=True)
def test_a_number_another_writer_took_is_passed_over_not_given_twice(database_urls):
    """Outside probe BU (BU-4): one invoice row written with the next number by something
    else than the numbering made every numbering fail, and every invoice stay waiting."""
    first = paid_order(499)
    taken = create_order(status=OrderStatus.PROCESSING)
    # As the superuser: since invoicing 0016 only the tables' owner inserts an invoice.
    with psycopg.connect(database_urls["admin"], dbname=connection.settings_dict["NAME"]) as admin:
        admin.execute(TAKEN_NUMBER_SQL, [f"INV-{YEAR}-000002", taken.pk, first.pk])
    waiting = paid_order(250, numbered=False)
    invoices_numbered()
    after = paid_order(100)

    assert [documents(order)[0].number for order in (waiting, after)] == [
        f"INV-{YEAR}-000003",
        f"INV-{YEAR}-000004",
    ]


def test_the_invoice_email_is_queued_with_the_payment():
    order = paid_order(499)
    (invoice,) = documents(order)
    jobs = queued_jobs(["invoicing.tasks.send_document_email"])
    assert [json.loads(args) for _, _, args in jobs] == [
        {"invoice_id": invoice.pk, "event_key": "issued"}
    ]


def test_issuing_again_returns_the_invoice_and_issues_nothing_more():
    order = paid_order(499)
    (invoice,) = documents(order)

    assert invoice_issue(order_id=order.pk) == invoice.pk
    assert documents(order) == [invoice]
    assert len(queued_jobs(["invoicing.tasks.send_document_email"])) == 1


def test_the_buyer_is_named_by_full_name_and_never_by_an_account_name():
    """Found by an outside probe: a guest's invoice named its buyer `guest:5abccde91a18f713`,
    a customer's their user name."""
    comic = ComicFactory(price_amount=300)
    customers = {
        "Dora Milaje": UserFactory(first_name="Dora", last_name="Milaje"),
        "": UserFactory(username="reader42", first_name="", last_name=""),
    }
    for name, customer in customers.items():
        order = create_order(customer=customer, comics=[comic], status=OrderStatus.PROCESSING)
        with system_scope():
            order_services.order_transition(order=order, name="mark_paid", actor="t", reason="t")
        assert documents(order)[0].buyer["name"] == name
        assert documents(order)[0].buyer["email"] == order.email


def test_an_order_a_100_percent_code_made_free_gets_the_next_number_for_zero_a_comp_none(
    settings,
):
    """Outside probe BJ-11: an order with nothing to pay had no invoice. It is a sale for
    nothing (its discount on its line), numbered in the series, never emailed as a payment;
    comics staff gave are no sale."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    make_code("FREE100", percent_off=100)
    customer = UserFactory()
    free = create_order(customer=customer, comics=[ComicFactory(price_amount=499)])
    with system_scope():
        order_services.order_comp(
            customer=UserFactory(), comics=[ComicFactory()], reason="Goodwill", actor="staff:s"
        )
        free = discount_apply(order=free, code="FREE100", customer=customer, actor="t")
        order_services.order_complete_free(order=free, actor="customer:test")
    invoices_numbered()
    paid = paid_order(499)

    (invoice,) = documents(free)
    assert invoice.number == f"INV-{YEAR}-000001"
    assert documents(paid)[0].number == f"INV-{YEAR}-000002"
    assert [(line["gross"], line["net"], line["tax"]) for line in invoice.lines] == [(0, 0, 0)]
    assert (invoice.lines[0]["discount"], invoice.lines[0]["country"]) == (499, "FR")
    assert (invoice.total_amount, invoice.payment_reference) == (0, "")
    jobs = queued_jobs(["invoicing.tasks.send_document_email"])
    assert [json.loads(args)["invoice_id"] for _, _, args in jobs] == [documents(paid)[0].pk]


def test_a_payment_that_rolls_back_gives_its_number_back():
    order = create_order(status=OrderStatus.PROCESSING)
    with pytest.raises(RuntimeError), system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
        raise RuntimeError("the webhook failed after marking the order paid")
    assert documents(order) == []
    later = paid_order(499)
    assert documents(later)[0].number == f"INV-{YEAR}-000001"


def test_each_refund_recorded_issues_a_credit_note_referencing_the_invoice():
    order = paid_order(1000, 500)
    with system_scope():
        for total in (300, 300, 1500):
            order_services.order_record_refunded_amount(
                order=order, refunded_total=total, actor="test", reason="refund"
            )
    assert [note.number for note in documents(order)[1:]] == [None, None]
    invoices_numbered()
    invoice, *notes = documents(order)
    assert [note.number for note in notes] == [f"CN-{YEAR}-000001", f"CN-{YEAR}-000002"]
    assert [note.total_amount for note in notes] == [300, 1200]
    assert all(note.credited_invoice_id == invoice.pk for note in notes)
    assert [sum(line["gross"] for line in note.lines) for note in notes] == [300, 1200]


def test_a_credit_note_issued_after_the_erasure_names_the_buyer_its_invoice_names(settings):
    """Outside probe BN-2: a refund after the customer erased their account issued a credit
    note naming erased-N@erased.invalid, while the invoice it credits names the buyer."""
    settings.TAX_SELLER_COUNTRY = "IE"
    customer = UserFactory(first_name="Dora", last_name="Milaje")
    order = create_order(
        customer=customer,
        comics=[ComicFactory(price_amount=1499)],
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
        status=OrderStatus.PROCESSING,
    )
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_invoice_{order.pk}")
    address = order.email
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
        account_erase(erasure_id=erasure_request(user=customer).pk)
        order_services.order_record_refunded_amount(
            order=order, refunded_total=200, actor="test", reason="refund"
        )
    invoice, note = documents(order)

    assert order.email == f"erased-{customer.pk}@erased.invalid"
    assert invoice.buyer["email"] == address
    assert (invoice.buyer["name"], invoice.buyer["business_name"]) == ("Dora Milaje", "Acme GmbH")
    assert note.buyer == invoice.buyer


def test_each_credit_note_is_emailed_to_the_customer_with_its_pdf_once():
    """Found by an outside probe: the invoice was emailed, the credit note correcting it
    never was (only staff's "email again" sent it)."""
    order = paid_order(1000)
    run_queued_jobs()
    mail.outbox = []
    with system_scope():
        for total in (300, 300, 1000):
            order_services.order_record_refunded_amount(
                order=order, refunded_total=total, actor="test", reason="refund"
            )
    run_queued_jobs()

    _, *notes = documents(order)
    sent = [m for m in mail.outbox if m.subject == f"Credit note for order {order.number}"]
    assert [m.to for m in sent] == [[order.email]] * 2
    assert [m.attachments[0][0] for m in sent] == [note.file_name for note in notes]
    assert all(m.attachments[0][1].startswith(b"%PDF") for m in sent)


def credited_per_title(notes) -> dict[str, tuple[int, int, int]]:
    credited = {}
    for line in (line for note in notes for line in note.lines):
        net, tax, gross = credited.get(line["title"], (0, 0, 0))
        credited[line["title"]] = (net + line["net"], tax + line["tax"], gross + line["gross"])
    return credited


def test_an_order_refunded_in_several_parts_is_credited_exactly_its_invoice(settings):
    settings.TAX_DEFAULT_COUNTRY = "FR"
    order = paid_order(499, 699, 399)
    with system_scope():
        for total in (1000, 1300, 1500, 1597):
            order_services.order_record_refunded_amount(
                order=order, refunded_total=total, actor="test", reason="refund"
            )
    invoice, *notes = documents(order)

    assert (invoice.net_amount, invoice.tax_amount, invoice.total_amount) == (1514, 83, 1597)
    assert [note.total_amount for note in notes] == [1000, 300, 200, 97]
    assert sum(note.net_amount for note in notes) == invoice.net_amount
    assert sum(note.tax_amount for note in notes) == invoice.tax_amount
    assert credited_per_title(notes) == {
        line["title"]: (line["net"], line["tax"], line["gross"]) for line in invoice.lines
    }


def test_the_credit_note_of_an_item_refund_credits_that_item_in_full_and_nothing_else(settings):
    settings.TAX_DEFAULT_COUNTRY = "FR"
    order = paid_order(499, 699, 899)
    with system_scope():
        atlas, *_ = order.items.order_by("pk")
        order_services.order_items_record_refunded(order=order, refunded={atlas.pk: 499})
        order_services.order_record_refunded_amount(
            order=order, refunded_total=499, actor="test", reason="Wrong comic"
        )
    invoice, note = documents(order)

    assert [(line["title"], line["net"], line["tax"]) for line in note.lines] == [
        (atlas.title, invoice.lines[0]["net"], invoice.lines[0]["tax"])
    ]
    assert note.total_amount == 499
