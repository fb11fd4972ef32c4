import pytest

from delivery.services import IssuedLink, download_links_fulfil
from delivery.tasks import fulfil_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, UserFactory, create_order
from morpheus_testing.jobs import run_queued_jobs
from orders.actors import SYSTEM
from orders.models import Order
from orders.transitions import OrderStatus


def fulfilled_order(*, customer=None, assets=None) -> tuple[Order, list[IssuedLink]]:
    """A paid order whose links were issued, with the tokens the customer was shown."""
    assets = assets or [ComicAssetFactory()]
    order = create_order(
        customer=customer or UserFactory(),
        comics=[asset.comic for asset in assets],
        status=OrderStatus.PAID,
    )
    with system_scope():
        links = download_links_fulfil(order_id=order.pk, actor=SYSTEM)
        order.refresh_from_db()
    return order, links


@pytest.fixture
def asset():
    return ComicAssetFactory(content=b"%PDF-1.4 Morpheus dream issue\n" * 100)


@pytest.fixture
def order_and_link(asset):
    order, (link,) = fulfilled_order(assets=[asset])
    return order, link


def run_fulfilment_jobs() -> int:
    """Run the queued fulfilment jobs here, on the test's connection, as the worker does
    (morpheus_testing.jobs); how many ran."""
    return len(run_queued_jobs(names={fulfil_order.name}))
