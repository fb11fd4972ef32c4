"""What staff are told of a document waiting for its number: why the numbering leaves one
waiting for good, which the admin's page of that document, the order page and the
dashboard's VAT card say alike, and when one has waited too long."""

from datetime import timedelta

from invoicing.models import DocumentKind, Invoice

# The five-minute sweep numbers what a failed numbering job left: waiting longer than that,
# a document says the job worker needs looking at.
WAITING_TOO_LONG = timedelta(minutes=5)


def never_numbered_why(document: Invoice) -> str:
    """For a document `documents_never_numbered` lists, read with `not_backed`
    (`invoicing.selectors.with_not_backed`, or `documents_of_order`)."""
    if not document.in_own_series:
        own = DocumentKind(document.kind).series
        return (
            f"its series, {document.series}, is not its kind's ({own}): the shop did not write it"
        )
    if document.not_backed:
        return (
            "no refund of its order backs it (it would credit more than the order's refunded "
            "total): the shop did not write it"
        )
    return "it credits or reverses a document the shop did not write"
