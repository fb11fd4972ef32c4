from orders.errors import OrderError


class PaymentError(OrderError):
    """A payment request we refuse; the message is fit to show a person."""


class PaymentNotAllowed(PaymentError):
    pass


class RefundNotAllowed(PaymentError):
    pass


class RefundExceedsRemaining(RefundNotAllowed):
    pass


class PaymentProviderError(PaymentError):
    """Stripe refused or could not answer. `code` is Stripe's error code, when it gave one."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class CardDeclined(PaymentProviderError):
    def __init__(self, message: str, *, code: str = "", payment_intent_id: str = "") -> None:
        super().__init__(message, code=code)
        self.payment_intent_id = payment_intent_id


class PaymentProviderUnreachable(PaymentProviderError):
    """No answer from Stripe: the request may or may not have taken effect there."""
