"""The document emails: the invoice with its payment, a copy sent again by staff."""

from html import unescape

import psycopg
import pytest
from django.core import mail
from django.db import connection

from accounts.privacy import account_erase, erasure_request
from invoicing.services import debit_note_issue, document_resend
from invoicing.tasks import number_waiting_invoices, send_document_email
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order
from invoicing.tests.test_services_untrusted_rows import FORGED_INVOICE_SQL
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
)
from morpheus_testing.jobs import as_worker, queued_jobs, run_queued_jobs, run_task
from notifications.models import EmailDelivery, EmailKind
from orders import services as order_services
from tax.models import EvidenceDecision
from tax.selectors import HOLD_WORDS, hold_words

pytestmark = pytest.mark.django_db
SEND = ["invoicing.tasks.send_document_email"]


@pytest.mark.parametrize(
    ("copy", "kind"),
    [(False, EmailKind.PAYMENT_RECEIVED), (True, EmailKind.INVOICE_COPY)],
    ids=["with-the-payment", "copy-sent-again"],
)
def test_an_invoice_email_queued_before_the_customer_erased_their_account_is_not_sent(copy, kind):
    """Outside testers FT (FT-3): the job ran after the erasure and sent the invoice to the
    placeholder address (erased-N@erased.invalid)."""
    order = paid_order(499)
    (invoice,) = documents(order)
    if copy:
        run_queued_jobs(names=SEND)
        mail.outbox.clear()
        with system_scope():
            document_resend(invoice=invoice)
    assert len(queued_jobs(SEND)) == 1

    with system_scope():
        account_erase(erasure_id=erasure_request(user=order.customer).pk)
    run_queued_jobs(names=SEND)

    assert mail.outbox == []
    with system_scope():
        delivery = EmailDelivery.objects.get(order=order, kind=kind)
    assert (delivery.recipient, delivery.sent_at) == (
        f"erased-{order.customer_id}@erased.invalid",
        None,
    )


def test_the_copy_of_an_invoice_names_the_debit_note_of_a_refund_that_did_not_reach_the_customer():
    """Outside probe BO-3: a refund Stripe paid that came back from the customer's bank is
    reversed by a debit note; the copy counted its credit note as money paid back."""
    order = paid_order(1000, 500)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=300, actor="test", reason="refund", refund_reference="re_x"
        )
        debit_note_issue(order_id=order.pk, amount=300, refunded_total=0, refund_reference="re_x")
    invoice, *_ = documents(order)
    run_queued_jobs()
    mail.outbox.clear()

    document_resend(invoice=invoice)
    run_queued_jobs()

    (copy,) = mail.outbox
    day = f"{invoice.issued_at:%-d %b %Y}"
    assert (
        "Nothing of the order has been paid back to you: the refund made did not reach you. "
        "The refunds are in these credit notes, and those that did not reach you in these "
        f"debit notes:\n- CN-{invoice.year}-000001 of {day}: €3.00\n"
        f"- DN-{invoice.year}-000001 of {day}: €3.00 no longer refunded, reversing "
        f"CN-{invoice.year}-000001 (that refund did not reach you)\n"
    ) in copy.body
    assert "the invoice and the credit notes and debit notes from your order page" in copy.body


def test_the_payment_received_email_run_before_the_numbering_numbers_the_invoice_first():
    order = paid_order(499, numbered=False)
    run_queued_jobs(names=SEND)
    (invoice,) = documents(order)
    assert invoice.number is not None
    (message,) = [m for m in mail.outbox if m.subject.startswith("Payment received")]
    assert message.attachments[0][0] == f"{invoice.number}.pdf"
    assert invoice.number in message.body


def test_a_credit_note_email_run_before_the_numbering_numbers_the_note_first():
    """Outside probe BV (BV-6): a refund's credit note is numbered by the job worker, not in
    the refund's transaction; its email may run first."""
    order = paid_order(1000)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=300, actor="test", reason="refund"
        )
    assert documents(order)[1].number is None

    run_queued_jobs(names=SEND)

    invoice, note = documents(order)
    assert note.number == f"CN-{invoice.year}-000001"
    (message,) = [m for m in mail.outbox if m.subject.startswith("Credit note")]
    assert message.attachments[0][0] == f"{note.number}.pdf"
    assert f"Credit note {note.number} for order {order.number}" in message.body
    assert f"crediting invoice {invoice.number}" in message.body


def test_the_copy_of_an_invoice_sent_while_its_credit_note_waits_names_the_note_numbered():
    """Outside probe BV (BV-6): with notes numbered by the job, staff may send an invoice's
    copy before its refund's credit note is numbered; the copy read "None"."""
    order = paid_order(1000)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=300, actor="test", reason="refund"
        )
    invoice, note = documents(order)
    assert note.number is None

    with as_worker():
        run_task(send_document_email, invoice_id=invoice.pk, event_key="resend-1", copy=True)

    (copy,) = mail.outbox
    note = documents(order)[1]
    assert f"- {note.number} of {note.issued_at:%-d %b %Y}: €3.00" in copy.body
    assert note.number == f"CN-{invoice.year}-000001"


def test_what_a_numbering_job_left_waiting_is_numbered_and_emailed_once_by_the_sweep():
    """Outside probes BV (BV-5) and BW (BW-1): a numbering job that failed for good left its
    invoice waiting, and nothing numbered it again; the sweep that numbers it queues its
    "payment received" email again, sent once however many jobs ask for it."""
    order = paid_order(499, numbered=False)

    with as_worker():
        number_waiting_invoices(timestamp=0)
    assert len(queued_jobs(SEND)) == 2  # the payment's, and the sweep's
    run_queued_jobs(names=SEND)

    (invoice,) = documents(order)
    assert invoice.number is not None
    received = [m for m in mail.outbox if m.subject.startswith("Payment received")]
    assert len(received) == 1
    assert invoice.number in received[0].body


@pytest.mark.parametrize("runs", [1, 2], ids=["one-sweep", "two-sweeps"])
def test_a_note_whose_numbering_and_email_jobs_failed_for_good_is_numbered_and_emailed_once(
    runs,
):
    """Outside probe BX (BX-3): the sweep numbered the credit note (CN-2026-000010) but
    queued its email again for invoices only, so the customer, promised it on the order
    page, never got it."""
    order = paid_order(499)
    run_queued_jobs(names=SEND)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=200, actor="test", reason="refund"
        )
    with as_worker(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'failed' WHERE status = 'todo'"
            " AND task_name IN ('invoicing.tasks.number_invoices', %s)",
            SEND,
        )
    assert not queued_jobs(SEND)

    for _ in range(runs):
        with as_worker():
            number_waiting_invoices(timestamp=0)
        run_queued_jobs(names=SEND)

    note = documents(order)[1]
    assert note.number is not None
    with system_scope():
        sent = EmailDelivery.objects.filter(order=order, kind=EmailKind.CREDIT_NOTE)
        assert list(sent.values_list("event_key", flat=True)) == [f"{note.number}-issued"]
    (emailed,) = [m for m in mail.outbox if any(note.number in a[0] for a in m.attachments)]
    assert emailed.to == [order.email]


@pytest.mark.django_db(transaction=True)
def test_the_sweep_emails_no_payment_received_for_an_invoice_of_an_order_not_paid(database_urls):
    """Outside probe BY (BY-1): an invoice row forged for an order never paid was numbered
    and emailed as "Payment received". Invoicing 0016 refuses such rows; one written before
    it may still wait."""
    order = create_order(comics=[ComicFactory(price_amount=899)])
    with psycopg.connect(database_urls["admin"], dbname=connection.settings_dict["NAME"]) as admin:
        admin.execute(FORGED_INVOICE_SQL, [order.pk])

    with as_worker():
        number_waiting_invoices(timestamp=0)

    assert not queued_jobs(SEND)


def test_the_payment_received_email_of_an_order_held_for_its_vat_evidence_says_it_waits():
    """Outside probe GB-1: it confirmed the payment as for any order, the comics held in the
    library until Finance decides, and the order's pages alone said so."""
    held = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    delivered = paid_order(499)
    mail.outbox.clear()

    run_queued_jobs(names=SEND)

    received = {message.to[0]: message for message in mail.outbox}
    waits = received[held.email]
    said = hold_words(HOLD_WORDS[EvidenceDecision.HELD], comics=held.items.count())
    assert said in waits.body
    assert said in unescape(waits.alternatives[0][0])
    assert "for VAT" not in received[delivered.email].body
