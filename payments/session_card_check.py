"""The card checks a customer's pay pages began, kept in the session: a check begins an
attempt our server records only once the card has passed it, and a pay page reloaded at
the check's 3-D Secure prompt must not show the previous attempt's failure as this one's."""

from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "card_checks_after_attempt"


def begun(session: SessionBase, *, number: str, after_attempt: int) -> None:
    """A card check for order `number` began after its attempt `after_attempt` (0: none)."""
    session[SESSION_KEY] = {**session.get(SESSION_KEY, {}), number: after_attempt}


def begun_after(session: SessionBase, *, number: str, attempt: int) -> bool:
    """Whether a card check for order `number` began once its attempt `attempt` had ended."""
    after = session.get(SESSION_KEY, {}).get(number)
    return after is not None and after >= attempt
