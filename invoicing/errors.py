from morpheus.errors import DomainError, RetriedLater


class DocumentResentRecently(DomainError):
    """The document was emailed again moments ago (the same action sent twice)."""


class DocumentCustomerErased(DomainError):
    """The order's customer erased their account: there is no one to email the document to."""


class NotADocumentNumber(DomainError):
    """A number given to continue after is not one of the shop's series' numbers."""


class NumberingBusy(RetriedLater):
    """Another numbering held the counters past the numbering's lock timeout (2 s): the job
    numbers on its next attempt, and its failure is a warning, not an error with a traceback
    (outside probe CI: every such retry read as a failure to look into)."""
