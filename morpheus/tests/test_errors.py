from delivery.errors import DeliveryError
from morpheus.errors import DomainError
from orders.errors import OrderError
from payments.errors import PaymentError


def test_each_apps_errors_are_siblings_under_the_domain_root():
    roots = [OrderError, PaymentError, DeliveryError]

    assert all(root.__bases__ == (DomainError,) for root in roots)
    assert not any(issubclass(a, b) for a in roots for b in roots if a is not b)
