import threading

import pytest
from django.db import connection

from morpheus.db_context import system_scope
from morpheus_testing.factories import create_order
from orders import services
from orders.models import Order
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db


def test_reloading_an_order_keeps_the_status_field_protected_for_everyone_else():
    order = create_order()
    status_field = Order._meta.get_field("status")
    protected_during_reload: list[bool] = []

    def observe(execute, sql, params, many, context):
        protected_during_reload.append(status_field.protected)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(observe):
        order.refresh_from_db()

    assert protected_during_reload == [True]


def test_a_reloaded_order_has_the_current_status_and_still_refuses_direct_assignment():
    order = create_order()
    stale = Order.objects.get(pk=order.pk)
    services.order_transition(order=order, name="submit_payment", actor="test", reason="test")

    stale.refresh_from_db()

    assert (stale.status, stale.version) == (OrderStatus.PROCESSING, order.version)
    with pytest.raises(AttributeError, match="Direct status modification"):
        stale.status = OrderStatus.PAID


def test_a_reloaded_order_can_move_on_along_the_state_machine():
    order = create_order()
    stale = Order.objects.get(pk=order.pk)
    services.order_transition(order=order, name="submit_payment", actor="test", reason="test")
    stale.refresh_from_db()

    services.order_transition(order=stale, name="mark_paid", actor="test", reason="test")

    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


@pytest.mark.django_db(transaction=True)
def test_orders_reloaded_in_many_threads_never_refuse_a_new_instance_its_status():
    order = create_order()
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def reload_and_load_many() -> None:
        start.wait()
        try:
            with system_scope():
                for _ in range(150):
                    Order.objects.get(pk=order.pk).refresh_from_db()
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=reload_and_load_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
