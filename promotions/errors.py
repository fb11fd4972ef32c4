from morpheus.errors import DomainError


class PromotionError(DomainError):
    """A code that does not apply; the message is fit to show the customer."""


class CodeNotApplicable(PromotionError):
    pass


class CodeUsedUp(CodeNotApplicable):
    pass
