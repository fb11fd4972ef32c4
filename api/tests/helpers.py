from catalog.models import Comic
from delivery.services import download_links_fulfil
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, PaymentFactory, create_order
from orders.models import Order
from orders.transitions import OrderStatus

JSON_API = "application/vnd.api+json"


def fulfilled_order(customer) -> Order:
    """A paid order whose download links were issued (so it is fulfilled)."""
    comic = ComicAssetFactory().comic
    order = create_order(customer=customer, comics=[comic], status=OrderStatus.PAID)
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="test:fulfilment")
    return order


def order_document(*comics: Comic) -> dict:
    identifiers = [{"type": "comics", "id": str(comic.pk)} for comic in comics]
    return {"data": {"type": "orders", "relationships": {"comics": {"data": identifiers}}}}


def ids(response) -> set[str]:
    return {resource["id"] for resource in response.json()["data"]}


def error_pointers(response) -> set[str]:
    return {error.get("source", {}).get("pointer") for error in response.json()["errors"]}


def order_count() -> int:
    with system_scope():
        return Order.objects.count()


def fulfilled_order_paid(customer) -> Order:
    """A fulfilled order with the payment that paid it (for Stripe's events of it)."""
    order = fulfilled_order(customer)
    PaymentFactory(order=order, succeeded=True)
    return order
