"""The code a customer typed in the cart, kept in the session until checkout."""

import unicodedata

from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "discount_code"


def get(session: SessionBase) -> str:
    return session.get(SESSION_KEY, "")


def put(session: SessionBase, code: str) -> None:
    session[SESSION_KEY] = spelled(code)


def spelled(code: str) -> str:
    """A code as typed, spelled as the shop spells its codes: in capitals, without the
    spaces around it or the invisible marks pasting can bring along (outside probe GO-5: a
    right-to-left mark after WELCOME10 made it "No such code"), full-width letters as the
    usual ones."""
    visible = "".join(c for c in code if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", visible).strip().upper()


def clear(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)
