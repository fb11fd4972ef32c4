import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from morpheus.compiled import CompiledQuery, fields_update
from morpheus.db_context import system_scope
from morpheus_testing.factories import PaymentFactory, create_order
from payments.models import Payment

pytestmark = pytest.mark.django_db


def _payment(intent_id: str) -> Payment:
    return PaymentFactory(order=create_order(), stripe_payment_intent_id=intent_id)


def _locked_by_intent() -> CompiledQuery:
    locked = Payment.objects.select_related("order").select_for_update(of=("order", "self"))
    return CompiledQuery(locked.filter(stripe_payment_intent_id="placeholder"))


def test_a_compiled_query_runs_its_sql_with_the_values_given():
    first, second = _payment("pi_compiled_1"), _payment("pi_compiled_2")
    with system_scope():
        compiled = _locked_by_intent()

        assert [p.pk for p in compiled.fetch(["pi_compiled_2"])] == [second.pk]
        assert [p.pk for p in compiled.fetch(["pi_compiled_1"])] == [first.pk]
        assert compiled.fetch(["pi_nobody"]) == []


def test_its_instances_equal_the_querysets_with_related_rows_and_no_further_query():
    payment = _payment("pi_compiled_3")
    with system_scope():
        (found,) = _locked_by_intent().fetch(["pi_compiled_3"])
        expected = Payment.objects.select_related("order").get(pk=payment.pk)
        with CaptureQueriesContext(connection) as queries:
            order = found.order

    assert queries.captured_queries == []
    assert [getattr(found, f.attname) for f in Payment._meta.concrete_fields] == [
        getattr(expected, f.attname) for f in Payment._meta.concrete_fields
    ]
    assert order.__dict__.keys() >= {"status", "number", "total_amount"}
    assert (order.pk, order.number, order.status) == (
        expected.order.pk,
        expected.order.number,
        expected.order.status,
    )
    assert not found._state.adding and found._state.db == "default"


def test_it_sends_the_sql_compiled_once_and_locks_the_rows():
    _payment("pi_compiled_4")
    with system_scope():
        compiled = _locked_by_intent()
        with CaptureQueriesContext(connection) as queries:
            compiled.fetch(["pi_compiled_4"])

    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert "FOR UPDATE OF" in sql and "pi_compiled_4" in sql


def test_the_wrong_number_of_values_is_refused():
    with transaction.atomic(), pytest.raises(ValueError):
        _locked_by_intent().fetch([])


def test_querysets_with_annotations_do_not_compile():
    from django.db.models import Value

    with pytest.raises(ValueError):
        CompiledQuery(Payment.objects.annotate(one=Value(1)))


def test_a_fields_update_writes_those_fields_alone_and_stamps_auto_now():
    payment = _payment("pi_update_1")
    with system_scope():
        before = Payment.objects.get(pk=payment.pk)
        payment.status, payment.failure_code = "failed", "not written"

        assert fields_update(payment, ["status", "updated_at"]) == 1

        after = Payment.objects.get(pk=payment.pk)
    assert (after.status, after.failure_code) == ("failed", before.failure_code)
    assert after.updated_at == payment.updated_at > before.updated_at


def test_a_fields_update_while_unchanged_writes_nothing_once_the_column_changed():
    payment = _payment("pi_update_2")
    with system_scope():
        Payment.objects.filter(pk=payment.pk).update(status="canceled")
        payment.failure_code = "late"

        updated = fields_update(
            payment, ["failure_code"], while_unchanged={"status": payment.status}
        )

        assert updated == 0
        assert Payment.objects.get(pk=payment.pk).failure_code != "late"


def test_a_fields_update_is_refused_for_a_model_with_a_save_receiver():
    from django.db.models.signals import post_save

    payment = _payment("pi_update_3")

    def receiver(**kwargs):
        pass

    post_save.connect(receiver, sender=Payment)
    try:
        with system_scope(), pytest.raises(TypeError, match="save receivers"):
            fields_update(payment, ["status", "updated_at"])
    finally:
        post_save.disconnect(receiver, sender=Payment)
