from morpheus.errors import DomainError


class PromotionError(DomainError):
    """A code that does not apply; the message is fit to show the customer."""


class BundleUnavailable(PromotionError):
    """A bundle of the cart that staff took off sale: the cart page takes it out."""


class BundleChanged(PromotionError):
    """Staff changed the bundle's comics since the customer's page showed it."""


class CodeNotApplicable(PromotionError):
    pass


class CodeUsedUp(CodeNotApplicable):
    pass


class CodeBelowMinimumCharge(CodeNotApplicable):
    """The code would leave something to pay, yet less than a card can be charged."""


class CompletionLapsed(PromotionError):
    """An order completing a series at its completion price, whose customer no longer owns
    the comics that price relied on: it is not to be paid."""
