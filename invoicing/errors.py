from morpheus.errors import DomainError


class DocumentResentRecently(DomainError):
    """The document was emailed again moments ago (the same action sent twice)."""


class DocumentCustomerErased(DomainError):
    """The order's customer erased their account: there is no one to email the document to."""


class NotADocumentNumber(DomainError):
    """A number given to continue after is not one of the shop's series' numbers."""
