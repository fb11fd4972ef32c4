"""What the delivery domain refuses. Messages are fit to show a person."""

from morpheus.errors import DomainError


class DeliveryError(DomainError):
    pass


class NotEntitled(DeliveryError):
    """The order no longer gives access to its comics (unpaid, refunded, canceled, disputed)."""


class ItemUnknown(DeliveryError):
    """The order has no such item."""


class ReissueRateLimited(DeliveryError):
    pass


class AssetMissing(DeliveryError):
    """A purchased comic has no file to deliver."""


class DownloadRefused(DeliveryError):
    """A download link that does not give the file (now)."""

    status = 403
    title = "Download not available"


class LinkUnknown(DownloadRefused):
    status = 404
    title = "Download link not found"


class LinkRevoked(DownloadRefused):
    title = "Download link no longer valid"


class LinkExpired(DownloadRefused):
    title = "Download link expired"


class QuotaUsed(DownloadRefused):
    title = "Download limit reached"


class AlertResolved(DeliveryError):
    """A link abuse alert that staff already acted on."""
