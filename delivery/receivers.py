from delivery.library import library_lists
from delivery.selectors import orders_links_suspended
from delivery.services import erased_customer_downloads_close
from delivery.tasks import announce_file_update, fulfil_order
from delivery.watermarks import stamped_copies_request


def fulfil_paid_order(sender, *, order_id: int, transition: str, **kwargs) -> None:
    """A paid order gets its download links from a job, deferred with the payment."""
    if transition in ("mark_paid", "complete_free"):
        fulfil_order.defer(order_id=order_id)


def fulfil_accepted_order(sender, *, order_id: int, **kwargs) -> None:
    """Finance accepted a held order's VAT evidence: its links follow from a job."""
    fulfil_order.defer(order_id=order_id)


def stamp_fulfilled_order(sender, *, order_id: int, transition: str, **kwargs) -> None:
    """Each buyer's stamped copies are made by jobs deferred with the fulfilment."""
    if transition == "fulfil":
        stamped_copies_request(order_id=order_id)


def announce_new_version(sender, *, asset_id: int, version: int, **kwargs) -> None:
    """A new file version reaches its buyers through a job deferred with the upload."""
    announce_file_update.defer(asset_id=asset_id, version=version)


def close_erased_customers_downloads(sender, *, user_id: int, **kwargs) -> None:
    """An erased customer's links stop and their stamped copies, which name them, go (the
    files by a job deferred with the erasure)."""
    erased_customer_downloads_close(customer_id=user_id)


def answer_library_lists(sender, *, customer, comic_id: int, **kwargs) -> bool:
    """Whether the customer's library lists the comic: it shows its cover, for sale or not."""
    return library_lists(customer=customer, comic_id=comic_id)


def answer_downloads_paused(sender, *, order_ids: list[int], **kwargs) -> set[int]:
    """Of the orders, those whose links staff suspended for sharing."""
    return orders_links_suspended(order_ids=order_ids)
