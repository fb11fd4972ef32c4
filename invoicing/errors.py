from morpheus.errors import DomainError


class DocumentResentRecently(DomainError):
    """The document was emailed again moments ago (the same action sent twice)."""
