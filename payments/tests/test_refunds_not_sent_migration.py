"""payments 0014: refunds not sent because Stripe had paid back an earlier one after all,
recorded as failed before they had their own status."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from morpheus.db_context import system_scope
from orders.models import OrderEvent, OrderEventType
from payments.models import Refund, RefundStatus
from payments.tests.test_refunds import request_refund

pytestmark = pytest.mark.django_db

MIGRATION = ("payments", "0014_refund_not_sent")


def migrate_refunds_not_sent() -> None:
    """The migration's data step, on the models as they were at that migration."""
    state = MigrationExecutor(connection).loader.project_state(MIGRATION)
    module = importlib.import_module(f"{MIGRATION[0]}.migrations.{MIGRATION[1]}")
    module.refunds_not_sent(state.apps, None)


def recorded_failed(order, *, reason: str) -> Refund:
    """A refund ended as the shop ended it before, with its history row."""
    refund = request_refund(order, 200)
    with system_scope():
        Refund.objects.filter(pk=refund.pk).update(status=RefundStatus.FAILED)
        OrderEvent.objects.create(
            order=order,
            type=OrderEventType.REFUND,
            actor="system",
            reason=reason,
            data={"refund_id": refund.pk, "amount": 200, "status": "failed", "unsent": True},
        )
    return refund


def test_a_refund_not_sent_recorded_as_failed_before_no_longer_counts_as_failed(paid):
    """Left from outside probe BG (BG-7): it counted among the failed refunds."""
    order, _ = paid
    not_sent = recorded_failed(
        order,
        reason="Refund not sent: Stripe had paid back refund 1 with re_1 (2.00 EUR) after all",
    )
    refused = recorded_failed(order, reason="Refund failed at Stripe: Not Found")

    migrate_refunds_not_sent()

    with system_scope():
        statuses = dict(Refund.objects.filter(order=order).values_list("pk", "status"))
    assert statuses == {not_sent.pk: RefundStatus.NOT_SENT, refused.pk: RefundStatus.FAILED}
