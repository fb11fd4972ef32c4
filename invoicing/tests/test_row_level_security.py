import pytest
from django.db import DatabaseError, connection

from invoicing.models import Invoice
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order
from morpheus.db_context import Scope, rls_scope, system_scope

pytestmark = pytest.mark.django_db


def test_a_customer_sees_only_their_own_invoices():
    mine, theirs = paid_order(499), paid_order(250)
    with rls_scope(scope=Scope.CUSTOMER, user_id=mine.customer_id):
        assert [invoice.order_id for invoice in Invoice.objects.all()] == [mine.pk]
    assert len(documents(theirs)) == 1


@pytest.mark.parametrize(
    "statement",
    ["UPDATE invoicing_invoice SET total_amount = 0", "DELETE FROM invoicing_invoice"],
)
def test_the_app_cannot_change_or_delete_an_issued_document(statement):
    paid_order(499)
    with pytest.raises(DatabaseError, match="permission denied"):
        with system_scope(), connection.cursor() as cursor:
            cursor.execute(statement)
