from morpheus.errors import DomainError


class AccountError(DomainError):
    """Root of the accounts app's domain errors."""


class VerificationLinkInvalid(AccountError):
    pass


class EmailUnchanged(AccountError):
    pass


class UsernameTaken(AccountError):
    """Another sign-up took the name between the form's check and the insert."""
