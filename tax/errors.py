from morpheus.errors import DomainError, RetriedLater


class TaxError(DomainError):
    pass


class InvalidVatNumber(TaxError):
    attribute = "vat_number"  # the field it is about, as the API and the checkout name it


class BusinessRefused(InvalidVatNumber):
    """The business name or billing address given with a VAT number refused (`attribute`:
    the field, as the API names it)."""

    attribute = "business_name"


class BusinessMissing(BusinessRefused):
    """A VAT number given without the business's name or billing address (`attribute`: the
    first missing)."""


class UnknownCountry(TaxError):
    attribute = "country"


class EvidenceNotHeld(TaxError):
    pass


class EvidenceDecided(TaxError):
    """The held order was decided on already (by someone else at the same moment, or
    before): the message says who decided what, and when."""


class EvidenceRefundUnderWay(TaxError):
    """A refund of the whole held order is under way: accepting it would fulfil nothing."""


class ViesUnavailable(TaxError, RetriedLater):
    """VIES did not answer (or answered that the member state's service is down)."""


class RulesOverlap(TaxError):
    """Two rules of one country and category would both apply on some day."""


class RuleStarted(TaxError):
    """An edit would move a rule that has applied on days gone: their rate would change."""


class BelowMinimumCharge(TaxError):
    """A business's order, its prices net of VAT (reverse charge), would cost less than a
    card can be charged."""
