"""A visitor's cart, kept in the session until they sign in; then it joins their own cart."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase

from catalog import selectors as catalog_selectors
from morpheus.db_context import Scope, rls_scope
from morpheus.middleware import VISITOR_CART_SESSION_KEY
from morpheus.transactions import take_turns
from orders import errors, services

SESSION_KEY = VISITOR_CART_SESSION_KEY
# The comic a signed-in customer just added, for the cart page to name: a bundle in their
# cart (promotions, a higher layer) may hold it, and the cart then lists only the bundle.
JUST_ADDED_KEY = "cart_just_added"


def comic_ids(session: SessionBase) -> list[int]:
    return list(session.get(SESSION_KEY, []))


def add(session: SessionBase, comic_id: int) -> None:
    add_all(session, [comic_id])


def add_all(session: SessionBase, comic_ids: list[int]) -> None:
    _change(session, lambda ids: [*ids, *(i for i in dict.fromkeys(comic_ids) if i not in ids)])


def remove(session: SessionBase, comic_id: int) -> None:
    _change(session, lambda ids: [i for i in ids if i != comic_id])


def just_added_put(session: SessionBase, comic_id: int) -> None:
    session[JUST_ADDED_KEY] = comic_id


def just_added_pop(session: SessionBase) -> int | None:
    return session.pop(JUST_ADDED_KEY, None)


def _change(session: SessionBase, change: Callable[[list[int]], list[int]]) -> None:
    """Changes to one session's cart take turns, each reading the cart as the one before
    saved it, and save before the next reads: two sent at once (two tabs) both count. A
    request's session is otherwise read when it starts and saved when it ends, the later
    save undoing the earlier."""
    key = session.session_key
    if key is None:  # the visitor's first change: no saved cart to race with
        session[SESSION_KEY] = change(comic_ids(session))
        return
    take_turns(f"visitor-cart:{key}")
    saved = type(session)(session_key=key)
    session[SESSION_KEY] = change(comic_ids(saved))
    session.save()
    session.modified = False  # saved: the response adds nothing after the lock is gone


def drop_unavailable(session: SessionBase) -> list[str]:
    """Take the comics no longer for sale out of the visitor's cart; their titles, for the
    visitor to be told."""
    comics = list(catalog_selectors.comics_by_ids(comic_ids(session)))
    gone = {comic.pk: comic.title for comic in catalog_selectors.comics_not_for_sale(comics)}
    if gone:
        _change(session, lambda ids: [i for i in ids if i not in gone])
    return list(gone.values())


def currencies(session: SessionBase) -> set[str]:
    """The currencies the visitor's cart is priced in."""
    return {comic.currency for comic in catalog_selectors.comics_by_ids(comic_ids(session))}


@dataclass
class Merged:
    """The titles of the visitor's comics left out of the customer's cart, and why."""

    owned: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)


def merge_into_customer_cart(session: SessionBase, customer: AbstractBaseUser) -> Merged:
    """Move the visitor's comics into the customer's cart; comics no longer for sale drop
    out, and so do comics the account already owns: their titles are returned, for the
    customer to be told.

    Runs during the sign-in request, whose row-level scope was set while still anonymous.
    """
    ids = comic_ids(session)
    merged = Merged()
    if not ids:
        return merged
    with rls_scope(scope=Scope.CUSTOMER, user_id=customer.pk):
        for comic in catalog_selectors.comics_by_ids(ids):
            try:
                services.cart_add_comic(customer=customer, comic=comic)
            except errors.AlreadyOwned:
                merged.owned.append(comic.title)
            except errors.ComicUnavailable:
                merged.unavailable.append(comic.title)
    session.pop(SESSION_KEY, None)
    return merged
