from morpheus.errors import DomainError, RetriedLater
from morpheus.throttles import Decision


class PaymentError(DomainError):
    """A payment request we refuse; the message is fit to show a person."""


class PaymentNotAllowed(PaymentError):
    pass


class TotalChanged(PaymentNotAllowed):
    """The order's total is not the one the pay page showed (priced again meanwhile: VIES
    refused its VAT number); nothing was charged."""


class PaymentsLimited(PaymentError):
    """A new attempt beyond a payment limit (`decision` says which, and for how long)."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.message)
        self.decision = decision


class RefundNotAllowed(PaymentError):
    pass


class RefundExceedsRemaining(RefundNotAllowed):
    pass


class PaymentProviderError(PaymentError):
    """Stripe refused or could not answer. The message is ours, fit for a customer; `code`
    is Stripe's error code and `detail` Stripe's own text (for logs and staff only)."""

    def __init__(self, message: str, *, code: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.detail = detail or message


class CardDeclined(PaymentProviderError):
    def __init__(
        self, message: str, *, code: str = "", detail: str = "", payment_intent_id: str = ""
    ) -> None:
        super().__init__(message, code=code, detail=detail)
        self.payment_intent_id = payment_intent_id


class PaymentProviderUnreachable(PaymentProviderError, RetriedLater):
    """No usable answer from Stripe (network, its server error, rate limit): the request may
    or may not have taken effect there, so it is retried under the same idempotency key."""


class ResourceMissing(PaymentProviderError):
    """Stripe does not know an object we named (`param` says which, when Stripe tells)."""

    def __init__(self, message: str, *, code: str = "", detail: str = "", param: str = "") -> None:
        super().__init__(message, code=code, detail=detail)
        self.param = param


class StripeCallInTransaction(RuntimeError):
    """A Stripe call was about to be made while a database transaction is open."""
