from morpheus.errors import DomainError


class OrderError(DomainError):
    """A request the order domain refuses; the message is fit to show a person."""


class TransitionNotAllowed(OrderError):
    pass


class StaleOrder(OrderError):
    """Someone else changed the order since the caller loaded it."""


class OrderNotFound(OrderError):
    pass


class EmptyOrder(OrderError):
    pass


class EmptyCart(EmptyOrder):
    pass


class ComicUnavailable(OrderError):
    pass


class MixedCurrencies(OrderError):
    pass


class RefundExceedsTotal(OrderError):
    pass


class NotFree(OrderError):
    """The order has something to pay: it goes through a payment."""


class AlreadyOwned(OrderError):
    """The customer already owns a comic the request would sell them again (it is in their
    library), or is paying for it in another order right now."""


class NoteAlreadyAdded(OrderError):
    """The note form was sent again (a double click, a reload of the POST)."""
