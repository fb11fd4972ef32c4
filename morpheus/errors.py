class DomainError(Exception):
    """A request a domain refuses; the message is fit to show a person.

    Each app's errors descend from it side by side (OrderError, PaymentError, DeliveryError):
    views catch DomainError to show the message.
    """


class RetriedLater(Exception):
    """An outage of a service a job calls (Stripe, VIES): the job's retry is what happens
    next, so its failure is logged as a warning without a traceback (`morpheus.jobs.job`),
    not as an error."""
