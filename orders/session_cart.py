"""A visitor's cart, kept in the session until they sign in; then it joins their own cart."""

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase

from catalog import selectors as catalog_selectors
from morpheus.db_context import Scope, rls_scope
from orders import errors, services

SESSION_KEY = "cart_comic_ids"


def comic_ids(session: SessionBase) -> list[int]:
    return list(session.get(SESSION_KEY, []))


def add(session: SessionBase, comic_id: int) -> None:
    ids = comic_ids(session)
    if comic_id not in ids:
        session[SESSION_KEY] = [*ids, comic_id]


def remove(session: SessionBase, comic_id: int) -> None:
    session[SESSION_KEY] = [i for i in comic_ids(session) if i != comic_id]


def merge_into_customer_cart(session: SessionBase, customer: AbstractBaseUser) -> list[str]:
    """Move the visitor's comics into the customer's cart; comics no longer for sale drop
    out, and so do comics the account already owns: their titles are returned, for the
    customer to be told.

    Runs during the sign-in request, whose row-level scope was set while still anonymous.
    """
    ids = comic_ids(session)
    if not ids:
        return []
    owned: list[str] = []
    with rls_scope(scope=Scope.CUSTOMER, user_id=customer.pk):
        for comic in catalog_selectors.comics_by_ids(ids):
            try:
                services.cart_add_comic(customer=customer, comic=comic)
            except errors.AlreadyOwned:
                owned.append(comic.title)
            except errors.ComicUnavailable:
                continue
    session.pop(SESSION_KEY, None)
    return owned
