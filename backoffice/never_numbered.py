"""Why the numbering leaves a document waiting for good, in staff's words: the admin's page
of that document, the order page and the dashboard's VAT card say it alike."""

from invoicing.models import DocumentKind, Invoice


def never_numbered_why(document: Invoice) -> str:
    """For a document `documents_never_numbered` lists, read with `not_backed`
    (`invoicing.selectors.with_never_numbered_reasons`)."""
    own = DocumentKind(document.kind).series
    if document.series != own:
        return (
            f"its series, {document.series}, is not its kind's ({own}): the shop did not write it"
        )
    if document.not_backed:
        return (
            "no refund of its order backs it (it would credit more than the order's refunded "
            "total): the shop did not write it"
        )
    return "it credits or reverses a document the shop did not write"
