import pytest

from morpheus.db_context import system_scope
from morpheus.transactions import NetworkCallInTransaction
from morpheus_testing.factories import create_order
from notifications.models import EmailKind
from notifications.services import email_send_once

pytestmark = pytest.mark.django_db


def test_an_email_is_not_sent_from_inside_a_transaction(mailoutbox):
    order = create_order()
    mailoutbox.clear()

    with pytest.raises(NetworkCallInTransaction), system_scope():
        email_send_once(
            order_id=order.pk,
            kind=EmailKind.ORDER_RECEIVED,
            event_key="placed",
            context=lambda order: {},
        )

    assert mailoutbox == []
