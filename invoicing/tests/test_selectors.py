import pytest
from django.utils import timezone

from invoicing.selectors import documents_never_numbered, documents_waiting
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
