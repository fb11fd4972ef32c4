from morpheus.errors import DomainError


class AccountError(DomainError):
    """Root of the accounts app's domain errors."""


class VerificationLinkInvalid(AccountError):
    pass


class OrderLinkUnusable(VerificationLinkInvalid):
    """A guest order's link that opens nothing (expired, cut, forged) while the comics can
    still be had through an account."""


class GuestOrderClaimed(VerificationLinkInvalid):
    """A guest order's link, once the order joined an account."""

    def __init__(self, message: str, *, order_id: int, number: str) -> None:
        super().__init__(message)
        self.order_id, self.number = order_id, number


class EmailUnchanged(AccountError):
    pass


class ConfirmationEmailsLimited(AccountError):
    """A confirmation email past the account's or the address's limit: none was sent."""

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class UsernameTaken(AccountError):
    """Another sign-up took the name between the form's check and the insert."""
