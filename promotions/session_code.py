"""The code a customer typed in the cart, kept in the session until checkout."""

from django.contrib.sessions.backends.base import SessionBase

from promotions.models import code_typed

SESSION_KEY = "discount_code"


def get(session: SessionBase) -> str:
    return session.get(SESSION_KEY, "")


def put(session: SessionBase, code: str) -> None:
    session[SESSION_KEY] = code_typed(code)


def clear(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)
