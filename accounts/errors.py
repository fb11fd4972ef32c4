from morpheus.errors import DomainError


class AccountError(DomainError):
    """Root of the accounts app's domain errors."""


class VerificationLinkInvalid(AccountError):
    pass


class EmailUnchanged(AccountError):
    pass
