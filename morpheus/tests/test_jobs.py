import pytest
from django.db import transaction

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory
from morpheus_testing.jobs import queued_jobs
from orders import services


def _job_names() -> list[str]:
    with system_scope():
        return sorted(name for _, name, _ in queued_jobs())


@pytest.mark.django_db(transaction=True)
def test_a_committed_order_change_leaves_exactly_its_jobs():
    customer, comic = UserFactory(), ComicFactory()
    with system_scope():
        services.cart_add_comic(customer=customer, comic=comic)
        order = services.order_create_from_cart(customer=customer, actor="customer:1")

    assert _job_names() == [
        "analytics.tasks.record_business_event",
        "notifications.tasks.send_order_email",
    ]

    with system_scope():
        services.order_transition(
            name="submit_payment", order=order, actor="customer:1", reason="pay"
        )
        services.order_transition(
            name="mark_paid", order=order, actor="stripe:evt_1", reason="paid"
        )

    assert _job_names() == [
        "analytics.tasks.record_business_event",
        "analytics.tasks.record_business_event",
        "analytics.tasks.record_business_event",
        "delivery.tasks.fulfil_order",
        "invoicing.tasks.send_document_email",
        "notifications.tasks.send_order_email",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_order_change_leaves_no_job():
    customer, comic = UserFactory(), ComicFactory()
    with system_scope():
        services.cart_add_comic(customer=customer, comic=comic)

    with pytest.raises(RuntimeError), system_scope():
        services.order_create_from_cart(customer=customer, actor="customer:1")
        raise RuntimeError("the request failed after the order was created")

    assert _job_names() == []


@pytest.mark.django_db(transaction=True)
def test_jobs_commit_with_the_change_even_when_nested_in_a_larger_transaction():
    customer, comic = UserFactory(), ComicFactory()
    with system_scope(), transaction.atomic():
        services.cart_add_comic(customer=customer, comic=comic)
        services.order_create_from_cart(customer=customer, actor="customer:1")
        assert len(queued_jobs()) == 2

    assert len(_job_names()) == 2
