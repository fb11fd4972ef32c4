import pytest
from django.utils import timezone

from invoicing.selectors import (
    credit_notes_not_backed,
    documents_never_numbered,
    documents_of_order,
    documents_waiting,
)
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order
from invoicing.tests.test_services_untrusted_rows import (
    forged_credit_note,
    forged_debit_note,
    refunded,
)
from morpheus.db_context import system_scope
from morpheus_testing.jobs import invoices_numbered

pytestmark = pytest.mark.django_db


def test_a_row_in_a_foreign_series_and_the_note_reversing_it_are_never_numbered_nor_waiting():
    """Outside probe BY (BY-4): rows the numbering never numbers (invoicing 0014) were
    counted as waiting for their number, and kept their quarter's VAT CSV refused for good;
    a debit note of such a row (the shop wrote them before invoicing 0017) waits with it, for
    good too."""
    order = paid_order(499)
    forged = forged_credit_note(
        documents(order)[0], series="ZZZ", issued_at=timezone.now(), refunded_total=100
    )
    refunded(paid_order(300), 100)  # a real credit note, waiting for its number
    forged_debit_note(forged, series="DN", refund_reference="re_forged")
    with system_scope():
        never = list(documents_never_numbered().order_by("pk").values_list("pk", "kind", "series"))
        waiting, _ = documents_waiting()
    assert never[0] == (forged, "credit_note", "ZZZ")
    assert [row[1:] for row in never[1:]] == [("debit_note", "DN")]
    assert waiting == {"credit note": 1}

    invoices_numbered()
    with system_scope():
        assert list(documents_never_numbered().order_by("pk").values_list("pk", flat=True)) == [
            pk for pk, _, _ in never
        ]


def flags_on_the_order_page(order) -> dict[int, tuple[bool, bool]]:
    with system_scope():
        return {
            document.pk: (document.never_numbered, document.not_backed)
            for document in documents_of_order(order=order)
        }


def flags_of_the_numbering(order) -> dict[int, tuple[bool, bool]]:
    with system_scope():
        never = set(documents_never_numbered().values_list("pk", flat=True))
        not_backed = set(credit_notes_not_backed().values_list("pk", flat=True))
        ids = documents_of_order(order=order)
    return {document.pk: (document.pk in never, document.pk in not_backed) for document in ids}


def test_the_order_page_says_never_numbered_of_the_documents_the_numbering_leaves_for_good():
    """The staff order page reads one order's documents and judges them as
    `documents_never_numbered` judges every row: a note in a made-up series and the debit
    note reversing it, a note no refund backs, beside the orders' own invoices; before and
    after the numbering ran."""
    made_up_order, not_backed_order = paid_order(499, numbered=False), paid_order(300)
    made_up = forged_credit_note(
        documents(made_up_order)[0], series="ZZZ", issued_at=timezone.now()
    )
    reversing = forged_debit_note(made_up, series="DN", refund_reference="re_made_up")
    not_backed = forged_credit_note(
        documents(not_backed_order)[0], series="CN", issued_at=timezone.now()
    )

    for numbered in (False, True):
        if numbered:
            invoices_numbered()
        made_up_flags = flags_on_the_order_page(made_up_order)
        not_backed_flags = flags_on_the_order_page(not_backed_order)
        assert made_up_flags == flags_of_the_numbering(made_up_order)
        assert not_backed_flags == flags_of_the_numbering(not_backed_order)
        assert made_up_flags == {
            documents(made_up_order)[0].pk: (False, False),
            made_up: (True, False),
            reversing: (True, False),
        }
        assert not_backed_flags == {
            documents(not_backed_order)[0].pk: (False, False),
            not_backed: (True, True),
        }
