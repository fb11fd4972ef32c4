import html

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.privacy import account_erase, erasure_request
from invoicing.services import debit_note_issue
from invoicing.tests.helpers import documents, pdf_text
from invoicing.tests.test_services import paid_order
from invoicing.tests.test_services_untrusted_rows import forged_credit_note, forged_debit_note
from morpheus.db_context import system_scope
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.jobs import invoices_numbered, run_queued_jobs
from orders import services as order_services
from payments.models import PaymentStatus, Refund, RefundStatus
from payments.services import refund_create

pytestmark = pytest.mark.django_db
SEND = ["invoicing.tasks.send_document_email"]
COPY = "A copy of your invoice for order"


def resend(client, document) -> None:
    client.post(
        reverse("admin:invoicing_invoice_changelist"),
        {"action": "resend", "_selected_action": [document.pk]},
    )
    run_queued_jobs(names=SEND)


def test_finance_lists_and_downloads_invoices(finance_client):
    order = paid_order(499)
    (invoice,) = documents(order)
    listing = finance_client.get(reverse("admin:invoicing_invoice_changelist"))
    assert invoice.number in listing.content.decode()
    assert "4.99 EUR" in listing.content.decode()
    pdf = finance_client.get(reverse("admin:invoicing_invoice_pdf", args=[invoice.pk]))
    assert f"Invoice {invoice.number}" in pdf_text(pdf.content)


def test_finance_lists_the_debit_note_of_a_refund_that_came_back_for_what_it_reverses(
    finance_client,
):
    order = paid_order(499)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=200, actor="test", reason="refund", refund_reference="re_x"
        )
        debit_note_issue(order_id=order.pk, amount=200, refunded_total=0, refund_reference="re_x")
    invoices_numbered()
    *_, debit_note = documents(order)

    listing = finance_client.get(reverse("admin:invoicing_invoice_changelist")).content.decode()

    assert debit_note.number in listing
    assert "Debit note" in listing
    assert "-2.00 EUR" not in listing
    assert listing.count("2.00 EUR") == 2  # the credit note and the debit note reversing it


def test_support_emails_an_invoice_again_as_a_copy_not_as_a_payment_received(support_client):
    order = paid_order(499)
    (invoice,) = documents(order)
    run_queued_jobs(names=SEND)
    resend(support_client, invoice)

    first, again = mail.outbox
    assert first.subject == f"Payment received for order {order.number}: your invoice"
    assert "We received your payment of €4.99" in first.body
    assert again.subject == f"{COPY} {order.number}"
    assert again.body.startswith(
        f"Here is a copy of your invoice {invoice.number} for order {order.number}, attached "
        f"(PDF). It was issued on {invoice.issued_at:%-d %b %Y} for your payment of €4.99. "
        "Nothing new was charged.\n\nYou can download the invoice from your order page:"
    )
    assert "received" not in again.body and "refunded" not in again.body
    assert again.attachments[0][0] == f"{invoice.number}.pdf"


@pytest.mark.parametrize(
    ("refunded_totals", "refunds_said"),
    [
        (
            [300],
            "Part of the order has since been refunded: €3.00 of €15.00. The refund is in "
            "this credit note:\n- CN-{year}-000001 of {day}: €3.00\n\nYou can download the "
            "invoice and the credit note from your order page:",
        ),
        (
            [300, 1500],
            "The order has since been refunded in full: €15.00. The refunds are in these "
            "credit notes:\n- CN-{year}-000001 of {day}: €3.00\n- CN-{year}-000002 of {day}: "
            "€12.00\n\nYou can download the invoice and the credit notes from your order page:",
        ),
    ],
    ids=["in-part", "in-full"],
)
def test_the_copy_of_a_refunded_orders_invoice_names_the_refund_and_its_credit_notes(
    finance_client, refunded_totals, refunds_said
):
    """Outside probe AL (AL-2): the invoice of an order refunded in full, emailed again,
    said "Payment received ... We received your payment of €10.39", as a new charge would."""
    order = paid_order(1000, 500)
    with system_scope():
        for total in refunded_totals:
            order_services.order_record_refunded_amount(
                order=order, refunded_total=total, actor="test", reason="refund"
            )
    invoice, *_ = documents(order)
    run_queued_jobs(names=SEND)
    mail.outbox.clear()

    resend(finance_client, invoice)

    (copy,) = mail.outbox
    assert copy.subject == f"{COPY} {order.number}"
    day = f"{invoice.issued_at:%-d %b %Y}"
    assert refunds_said.format(year=invoice.year, day=day) in copy.body
    ((html, _),) = copy.alternatives
    assert f"CN-{invoice.year}-000001</span> of {day}" in html
    assert "received" not in copy.body


@pytest.mark.parametrize(
    ("refunded_totals", "refunds_said"),
    [
        (
            [],
            "Nothing new was charged.\n\nA refund of €2.00 is on its way to you; its credit "
            "note will be on your order page once the refund is done.\n\nYou can download the "
            "invoice from your order page:",
        ),
        (
            [300],
            "- CN-{year}-000001 of {day}: €3.00\n\nA refund of €2.00 is on its way to you; its "
            "credit note will be on your order page once the refund is done.\n\nYou can "
            "download the invoice and the credit note from your order page:",
        ),
    ],
    ids=["alone", "after-a-credit-note"],
)
def test_the_copy_of_an_invoice_says_a_refund_waiting_for_stripe_is_on_its_way(
    finance_client, refunded_totals, refunds_said
):
    """Outside testers FT (FT-2): a refund staff asked for, still waiting for Stripe (no
    credit note yet), went unmentioned: the copy read as if nothing were being refunded."""
    order = paid_order(1000, 500)
    with system_scope():
        order.payments.update(status=PaymentStatus.SUCCEEDED)
        for total in refunded_totals:
            order_services.order_record_refunded_amount(
                order=order, refunded_total=total, actor="test", reason="refund"
            )
        refund_create(order=order, amount=200, reason="Late", actor="staff:finance")
    invoice, *_ = documents(order)
    run_queued_jobs(names=SEND)
    mail.outbox.clear()

    resend(finance_client, invoice)

    (copy,) = mail.outbox
    day = f"{invoice.issued_at:%-d %b %Y}"
    assert refunds_said.format(year=invoice.year, day=day) in copy.body
    ((html, _),) = copy.alternatives
    assert "<p>A refund of <strong>€2.00</strong> is on its way to you;" in html


def test_a_credit_note_emailed_again_is_the_credit_note_email(finance_client):
    order = paid_order(1000)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=300, actor="test", reason="refund"
        )
    invoices_numbered()
    _, note = documents(order)
    run_queued_jobs(names=SEND)
    mail.outbox.clear()

    resend(finance_client, note)

    (again,) = mail.outbox
    assert again.subject == f"Credit note for order {order.number}"
    assert again.attachments[0][0] == f"{note.number}.pdf"


def test_the_resend_action_sent_twice_emails_each_document_once(support_client):
    """Found by an outside probe: a double click on "Run" emailed every document twice."""
    order = paid_order(499)
    (invoice,) = documents(order)
    run_queued_jobs(names=SEND)
    resend = {"action": "resend", "_selected_action": [invoice.pk]}
    changelist = reverse("admin:invoicing_invoice_changelist")

    support_client.post(changelist, resend)
    again = support_client.post(changelist, resend, follow=True)
    run_queued_jobs(names=SEND)

    assert [m.subject.split(" for ")[0] for m in mail.outbox] == [
        "Payment received",  # the first email
        "A copy of your invoice",  # and once again
    ]
    assert f"{invoice.number} was emailed again less than a minute ago" in again.content.decode()


def test_an_erased_customers_document_is_not_emailed_again_and_staff_are_told_why(
    finance_client,
):
    """Outside probe AN (AN-3): an erased customer's invoice copy went to their placeholder
    address (erased-N@erased.invalid) and was counted as "on their way again"."""
    kept, erased = paid_order(499), paid_order(250)
    with system_scope():
        account_erase(erasure_id=erasure_request(user=erased.customer).pk)
    (kept_invoice,), (erased_invoice,) = documents(kept), documents(erased)
    run_queued_jobs()
    mail.outbox.clear()

    sent = finance_client.post(
        reverse("admin:invoicing_invoice_changelist"),
        {"action": "resend", "_selected_action": [kept_invoice.pk, erased_invoice.pk]},
        follow=True,
    )
    run_queued_jobs(names=SEND)

    assert [str(message) for message in get_messages(sent.wsgi_request)] == [
        f"{erased_invoice.number} was not sent: the customer of order {erased.number} erased "
        "their account.",
        "1 document on its way again.",
    ]
    assert [(m.subject, m.to) for m in mail.outbox] == [(f"{COPY} {kept.number}", [kept.email])]


def test_documents_emailed_again_are_counted_in_words(finance_client):
    """Found by an outside probe: "1 document(s) on their way again."."""
    (first,), (second,) = documents(paid_order(499)), documents(paid_order(250))

    sent = finance_client.post(
        reverse("admin:invoicing_invoice_changelist"),
        {"action": "resend", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert [str(message) for message in get_messages(sent.wsgi_request)] == [
        "2 documents on their way again."
    ]


def test_a_document_of_a_customer_whose_erasure_waits_is_not_emailed_and_staff_are_told_why(
    finance_client,
):
    """Staff were told a copy was on its way to a customer whose erasure waited for its job;
    the email itself was skipped."""
    order = paid_order(499)
    (invoice,) = documents(order)
    run_queued_jobs()
    mail.outbox.clear()
    with system_scope():
        erasure_request(user=order.customer)

    sent = finance_client.post(
        reverse("admin:invoicing_invoice_changelist"),
        {"action": "resend", "_selected_action": [invoice.pk]},
        follow=True,
    )
    run_queued_jobs(names=SEND)

    assert [str(message) for message in get_messages(sent.wsgi_request)] == [
        f"{invoice.number} was not sent: the customer of order {order.number} asked for "
        "their account's erasure."
    ]
    assert mail.outbox == []


def test_staff_without_the_group_cannot_see_invoices(plain_staff_client):
    paid_order(499)
    response = plain_staff_client.get(reverse("admin:invoicing_invoice_changelist"))
    assert response.status_code == 403


@pytest.mark.parametrize("staff", ["support", "finance"])
def test_support_and_finance_are_offered_to_email_documents_again(request, staff):
    client = request.getfixturevalue(f"{staff}_client")
    paid_order(499)

    page = client.get(reverse("admin:invoicing_invoice_changelist")).content.decode()

    assert 'value="resend"' in page


def test_emailing_again_is_refused_naming_the_permission_to_staff_who_may_only_see_invoices(
    client,
):
    """Found by an outside probe: the list offered the action and its post said only "You
    may not open this page."."""
    user = staff_user()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="invoicing", codename="view_invoice")
    )
    client.force_login(user)
    (invoice,) = documents(paid_order(499))
    run_queued_jobs(names=SEND)
    mail.outbox.clear()
    changelist = reverse("admin:invoicing_invoice_changelist")

    assert 'value="resend"' not in client.get(changelist).content.decode()
    response = client.post(changelist, {"action": "resend", "_selected_action": [invoice.pk]})

    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "You lack the permission: Can email invoices and credit notes again." in page
    assert 'id="nav-sidebar"' in page
    run_queued_jobs(names=SEND)
    assert mail.outbox == []


def _found(client, term: str) -> list[str]:
    listing = client.get(reverse("admin:invoicing_invoice_changelist"), {"q": term})
    return [document.number for document in listing.context["cl"].result_list]


def test_a_credit_note_for_two_refunds_is_found_by_either_refund_id_or_both(finance_client):
    """Found by an outside probe: a credit note whose payment reference named two Stripe
    refunds ("re_…, re_…") was found by neither id, nor by the reference pasted whole."""
    order = paid_order(499)
    with system_scope():
        payment = order.payments.get()
        for stripe_refund_id, amount in (("re_probeFirst", 100), ("re_probeSecond", 200)):
            Refund.objects.create(
                order=order,
                payment=payment,
                amount=amount,
                currency="EUR",
                reason="t",
                status=RefundStatus.SUCCEEDED,
                stripe_refund_id=stripe_refund_id,
                external=True,
                actor="stripe",
            )
        order_services.order_record_refunded_amount(
            order=order,
            refunded_total=300,
            actor="stripe",
            reason="refund",
            refund_reference="re_probeFirst, re_probeSecond",
        )
    invoices_numbered()
    note = documents(order)[1]
    other = paid_order(250)
    (invoice,) = [document for document in documents(order) if not document.is_credit_note]

    for term in ("re_probeFirst", " re_probeSecond ", "re_probeFirst, re_probeSecond"):
        assert _found(finance_client, term) == [note.number], term
    assert _found(finance_client, "re_probe") == []
    assert _found(finance_client, f"pi_invoice_{order.pk}") == [invoice.number]
    assert _found(finance_client, note.number.lower()) == [note.number]
    assert set(_found(finance_client, order.number)) == {invoice.number, note.number}
    assert _found(finance_client, documents(other)[0].number) == [documents(other)[0].number]


def test_a_document_waiting_for_its_number_is_said_to_wait_not_to_be_deleted(finance_client):
    """Outside probe BX (BX-4): a credit note's admin address said "invoice with ID “23”
    doesn't exist. Perhaps it was deleted?" while it waited for its number."""
    order = paid_order(499)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=100, actor="test", reason="refund"
        )
    note = documents(order)[1]
    for url in (
        reverse("admin:invoicing_invoice_change", args=[note.pk]),
        reverse("admin:invoicing_invoice_pdf", args=[note.pk]),
    ):
        answer = finance_client.get(url, follow=True)
        (told,) = [str(message) for message in get_messages(answer.wsgi_request)]
        assert told.startswith(
            f"The credit note of 1.00 EUR for order {order.number} is waiting for its number, "
            f"since {note.issued_at:%Y-%m-%d %H:%M} UTC."
        )
        assert "Perhaps it was deleted" not in answer.content.decode()

    invoices_numbered()
    answer = finance_client.get(reverse("admin:invoicing_invoice_change", args=[note.pk]))
    assert documents(order)[1].number in answer.content.decode()


def test_a_document_in_another_series_than_its_kinds_is_said_never_to_be_numbered(
    finance_client,
):
    """Outside probe BX (BX-1, BX-4): the numbering leaves such a row waiting for good."""
    (invoice,) = documents(paid_order(899))
    forged = forged_credit_note(invoice, series="INV", issued_at=invoice.issued_at)
    answer = finance_client.get(reverse("admin:invoicing_invoice_change", args=[forged]))
    (told,) = [str(message) for message in get_messages(answer.wsgi_request)]
    assert (
        "It is never numbered: its series, INV, is not its kind's (CN): the shop did not "
        "write it." in told
    )


def test_a_credit_note_no_refund_backs_is_said_never_to_be_numbered(finance_client):
    """Helper LW: a credit note in its own series written before invoicing 0017 with no
    refund behind it is never numbered either; its page said nothing of why."""
    (invoice,) = documents(paid_order(899))
    forged = forged_credit_note(invoice, series="CN", issued_at=invoice.issued_at)
    invoices_numbered()
    answer = finance_client.get(reverse("admin:invoicing_invoice_change", args=[forged]))
    (told,) = [str(message) for message in get_messages(answer.wsgi_request)]
    assert "It is never numbered: no refund of its order backs it" in told


def test_a_note_of_a_document_the_shop_did_not_write_is_said_never_to_be_numbered(
    finance_client,
):
    """A debit note reversing a forged credit note (the shop wrote them before invoicing
    0017) waits with it for good (invoicing 0014): its page said it would be numbered in a
    moment."""
    order = paid_order(499)
    forged = forged_credit_note(
        documents(order)[0], series="ZZZ", issued_at=timezone.now(), refunded_total=100
    )
    note = forged_debit_note(forged, series="DN", refund_reference="re_forged")
    invoices_numbered()

    answer = finance_client.get(reverse("admin:invoicing_invoice_change", args=[note]))
    (told,) = [str(message) for message in get_messages(answer.wsgi_request)]
    assert "It is never numbered: it credits or reverses a document the shop did not write." in told
    assert "once the job worker numbers it" not in told
