class DomainError(Exception):
    """A request a domain refuses; the message is fit to show a person.

    Each app's errors descend from it side by side (OrderError, PaymentError, DeliveryError):
    views catch DomainError to show the message.
    """
