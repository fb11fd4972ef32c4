"""What the delivery domain refuses. Messages are fit to show a person."""

from morpheus.errors import DomainError


class DeliveryError(DomainError):
    pass


class NotEntitled(DeliveryError):
    """The order no longer gives access to its comics (unpaid, refunded, canceled, disputed)."""


class ItemUnknown(DeliveryError):
    """The order has no such item."""


class AssetMissing(DeliveryError):
    """A purchased comic has no file to deliver."""


class DownloadRefused(DeliveryError):
    """A download link that does not give the file (now). `order_id`: the link's order, when
    its buyer still owns the comic and can download it again; `guest_order`: that buyer is a
    guest, who does so from the order page their email links to, having no library."""

    status = 403
    title = "Download not available"
    in_library = True

    def __init__(
        self, message: str, *, order_id: int | None = None, guest_order: bool = False
    ) -> None:
        super().__init__(message)
        self.order_id = order_id
        self.guest_order = guest_order


class LinkUnknown(DownloadRefused):
    status = 404
    title = "Download link not found"


class LinkRevoked(DownloadRefused):
    """A link stopped before its time. `in_library`: whether its comic is still in the
    customer's library (a link replaced by a fresh one), so the refusal may point there."""

    title = "Download link no longer valid"

    def __init__(self, message: str, *, in_library: bool = False, **owned_again: object) -> None:
        super().__init__(message, **owned_again)
        self.in_library = in_library


class LinkExpired(DownloadRefused):
    title = "Download link expired"


class QuotaUsed(DownloadRefused):
    title = "Download limit reached"


class AlertResolved(DeliveryError):
    """A link abuse alert that staff already acted on."""


class CopyNotReady(DeliveryError):
    """The buyer's stamped copy is still being made: the link waits, counting nothing."""

    def __init__(self, *, order_id: int, asset_id: int, missing: bool) -> None:
        super().__init__("Your personal copy is being prepared.")
        self.order_id = order_id
        self.asset_id = asset_id
        self.missing = missing


class AssetUnavailable(DeliveryError):
    """The file a granted link serves is not in the asset storage, nor (for a stamped copy)
    its original to make it again from: nothing was counted; staff must restore it."""

    def __init__(
        self, *, name: str, order_id: int | None = None, asset_id: int | None = None
    ) -> None:
        super().__init__(
            "This comic's file cannot be reached right now. Nothing was counted against your "
            "downloads, and the shop has been told: please try again later."
        )
        self.name = name
        # Set when the order's history does not say so yet (a file served as it is; a
        # stamped copy's loss is recorded as the copy's).
        self.order_id = order_id
        self.asset_id = asset_id
