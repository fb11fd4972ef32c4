class DomainError(Exception):
    """A request a domain refuses; the message is fit to show a person.

    Each app's errors descend from it side by side (OrderError, PaymentError, DeliveryError):
    views catch DomainError to show the message. `api_message`, when set, is the message
    for an API client, where the one for a page's reader names what an API client never
    had (a page).
    """

    api_message = ""


class RetriedLater(Exception):
    """An outage of a service a job calls (Stripe, VIES): the job's retry is what happens
    next, so its failure is logged as a warning without a traceback
    (`morpheus.jobs.log_failure`), not as an error; at the job's last attempt, as an error
    without a traceback: nothing retries it."""
