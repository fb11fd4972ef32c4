"""A refund Stripe paid and then failed (the customer's bank sent the money back) gets a debit
note reversing its credit note (outside probe BO-3: the credit note stayed, so the VAT export
and the customer's documents counted money never paid back)."""

import pytest
from django.core import mail
from django.utils import timezone

from invoicing.models import DocumentKind
from invoicing.pdf import document_pdf
from invoicing.report import Quarter, document_totals, vat_rows
from invoicing.selectors import items_left_to_credit
from invoicing.services import debit_note_issue
from invoicing.tests.helpers import documents, pdf_text
from invoicing.tests.test_services import paid_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, create_order
from morpheus_testing.jobs import invoices_numbered, queued_jobs, run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from orders import services as order_services
from payments.models import RefundStatus
from payments.tests.helpers import (
    charge_json,
    intent_json,
    issue_download_links,
    reload,
    started_payment,
)
from payments.tests.test_refunds import refund
from payments.tests.test_refunds_failed_at_stripe import (
    refund_json,
    stripe_ends,
)
from payments.tests.test_refunds_unanswered import reconcile

pytestmark = pytest.mark.django_db
YEAR = timezone.now().year
AMOUNTS = ("gross", "net", "tax")
EMAILS = "invoicing.tasks.send_document_email"


@pytest.fixture
def three_paid(settings, send_event):
    """A fulfilled French order of three comics (4.99, 6.99, 3.99, VAT 5.5 %) paid through
    localstripe, its invoice's emails sent."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    comics = [ComicFactory(price_amount=price) for price in (499, 699, 399)]
    order, payment = started_payment(order=create_order(comics=comics))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    run_queued_jobs(names={EMAILS})
    mail.outbox = []
    return reload(order), payment


def came_back(row, send_event) -> None:
    """Stripe paid the refund `row`, then the customer's bank sent it back."""
    stripe_ends(row, "failed")
    event = build_event(
        "charge.refund.updated", refund_json(row, failure_reason="expired_or_canceled_card")
    )
    assert send_event(event).status_code == 200
    row.refresh_from_db()
    assert row.status == RefundStatus.FAILED


def declared(order) -> tuple[dict, int, int]:
    """The quarter's VAT export for the order's documents: its documents' totals, and its
    rows' taxable amount and VAT."""
    quarter = Quarter.parse(None)
    with system_scope():
        rows = vat_rows(quarter)
        return (
            document_totals(quarter),
            sum(row.net for row in rows),
            sum(row.tax for row in rows),
        )


def reversed_lines(note) -> list[tuple]:
    return [
        (line["title"], line["invoice_line"], *(-line[key] for key in AMOUNTS))
        for line in note.lines
    ]


def test_a_paid_refund_that_came_back_is_reversed_by_a_debit_note_of_its_amount_and_vat(
    three_paid, send_event
):
    order, _ = three_paid
    row = refund(order, 200)
    invoices_numbered()
    invoice, credit_note = documents(order)
    assert credit_note.tax_amount > 0
    assert declared(order)[1:] == (
        invoice.net_amount - credit_note.net_amount,
        invoice.tax_amount - credit_note.tax_amount,
    )

    came_back(row, send_event)
    assert documents(order)[-1].number is None
    invoices_numbered()

    invoice, credit_note, debit_note = documents(order)
    assert (debit_note.kind, debit_note.number) == (DocumentKind.DEBIT_NOTE, f"DN-{YEAR}-000001")
    assert (debit_note.reversed_note, debit_note.credited_invoice) == (credit_note, invoice)
    assert (debit_note.total_amount, debit_note.tax_amount, debit_note.total_shown) == (
        -200,
        -credit_note.tax_amount,
        200,
    )
    assert reversed_lines(debit_note) == [
        (line["title"], line["invoice_line"], *(line[key] for key in AMOUNTS))
        for line in credit_note.lines
    ]
    assert (debit_note.buyer, debit_note.seller, debit_note.tax_note) == (
        credit_note.buyer,
        credit_note.seller,
        credit_note.tax_note,
    )
    assert debit_note.payment_reference == row.stripe_refund_id
    assert declared(order) == (
        {"EUR": {"net": invoice.net_amount, "tax": invoice.tax_amount}},
        invoice.net_amount,
        invoice.tax_amount,
    )
    with system_scope():
        assert sum(items_left_to_credit(order=order).values()) == invoice.total_amount


def test_a_failure_told_again_and_by_a_read_of_the_charge_issues_one_debit_note_emailed_once(
    three_paid, send_event
):
    order, payment = three_paid
    row = refund(order, 200)
    came_back(row, send_event)
    failed = build_event("charge.refund.updated", refund_json(row))
    send_event(failed)
    send_event({**failed, "id": failed["id"] + "_again"})
    send_event(build_event("charge.refunded", charge_json(payment)))
    reconcile()

    assert [document.kind for document in documents(order)] == [
        DocumentKind.INVOICE,
        DocumentKind.CREDIT_NOTE,
        DocumentKind.DEBIT_NOTE,
    ]
    run_queued_jobs(names={EMAILS})
    run_queued_jobs(names={EMAILS})
    _, credit_note, debit_note = documents(order)
    sent = [m for m in mail.outbox if m.subject.startswith(f"Debit note for order {order.number}")]
    assert [m.to for m in sent] == [[order.email]]
    assert f"reversing credit note {credit_note.number}" in sent[0].body
    assert "2.00" in sent[0].body
    assert sent[0].attachments[0][:2] == (debit_note.file_name, document_pdf(debit_note))
    assert queued_jobs([EMAILS]) == []


def test_the_debit_note_pdf_names_the_credit_note_it_reverses_and_shows_what_it_reverses(
    three_paid, send_event
):
    order, _ = three_paid
    came_back(refund(order, 200), send_event)
    _, credit_note, debit_note = documents(order)

    text = pdf_text(document_pdf(debit_note))

    assert f"Debit note {debit_note.number}" in text
    assert f"Reverses credit note {credit_note.number}" in text
    assert "Total 2.00 EUR no longer credited" in text
    assert "-" not in text.split("Total", 1)[1]


def test_a_refund_made_again_after_one_came_back_gets_a_credit_note_of_its_own(
    three_paid, send_event
):
    """The credit notes were keyed by the refunded total they bring the order to: the refund
    made again brought it back to 2.00, and was credited by the note of the refund that
    came back."""
    order, _ = three_paid
    first = refund(order, 200)
    came_back(first, send_event)

    again = refund(reload(order), 200)
    assert again.status == RefundStatus.SUCCEEDED
    assert reload(order).refunded_amount == 200
    invoices_numbered()

    invoice, credit_note, _, credited_again = documents(order)
    assert (credited_again.kind, credited_again.number) == (
        DocumentKind.CREDIT_NOTE,
        f"CN-{YEAR}-000002",
    )
    assert (credited_again.total_amount, credited_again.payment_reference) == (
        200,
        again.stripe_refund_id,
    )
    assert credited_again.lines == credit_note.lines
    assert declared(order)[1:] == (
        invoice.net_amount - credited_again.net_amount,
        invoice.tax_amount - credited_again.tax_amount,
    )

    came_back(again, send_event)
    invoices_numbered()
    *_, reversed_again = documents(order)
    assert (reversed_again.number, reversed_again.reversed_note) == (
        f"DN-{YEAR}-000002",
        credited_again,
    )
    assert declared(order)[1:] == (invoice.net_amount, invoice.tax_amount)


def test_refunds_credited_together_are_reversed_each_for_its_share_of_the_credit_note(settings):
    """Refunds reported before the payment have one credit note: each that comes back
    reverses its share of it, net and VAT, and the two reverse it exactly."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    order = paid_order(499, 699, 399)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order,
            refunded_total=900,
            actor="test",
            reason="refunds",
            refund_reference="re_first, re_second",
        )
        first = debit_note_issue(
            order_id=order.pk, amount=300, refunded_total=600, refund_reference="re_second"
        )
        second = debit_note_issue(
            order_id=order.pk, amount=600, refunded_total=0, refund_reference="re_first"
        )
    _, credit_note, *_ = documents(order)

    assert [note.total_amount for note in (first, second)] == [-300, -600]
    assert first.reversed_note == second.reversed_note == credit_note
    assert 0 < -first.tax_amount < credit_note.tax_amount
    for key in AMOUNTS:
        assert [
            line[key] + sum(note.lines[index][key] for note in (first, second))
            for index, line in enumerate(credit_note.lines)
        ] == [0] * len(credit_note.lines)
