"""Every write to a customer's cart."""

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from catalog.models import Comic
from catalog.selectors import comics_not_for_sale
from orders import errors, selectors
from orders.models import Cart, CartItem


def cart_add_comic(*, customer: AbstractBaseUser, comic: Comic) -> CartItem:
    if comics_not_for_sale([comic]):
        raise errors.ComicUnavailable(f"{comic.title} is no longer for sale.")
    if selectors.comics_owned(customer=customer, comic_ids=[comic.pk]):
        raise errors.AlreadyOwned(
            f"You already own {comic.title}: it is in your library, no need to buy it again."
        )
    return cart_row_add(customer=customer, model=CartItem, comic=comic)


def cart_drop_owned(*, customer: AbstractBaseUser) -> list[str]:
    """Take the comics the customer owns out of their cart (bought since they were added,
    in another tab or on another device); the titles taken out, for the customer."""
    (owned,) = _cart_drop(customer=customer, pickers=[_owned_by(customer)])
    return owned


def cart_drop_owned_and_unavailable(*, customer: AbstractBaseUser) -> tuple[list[str], list[str]]:
    """`cart_drop_owned`, then take the comics no longer for sale (withdrawn, or without a
    file) out of what stays, under one lock of the cart (a visit of the cart page took it
    twice); the titles taken out for each reason, for the customer."""
    owned, unavailable = _cart_drop(
        customer=customer,
        pickers=[
            _owned_by(customer),
            lambda comics: {comic.pk for comic in comics_not_for_sale(comics)},
        ],
    )
    return owned, unavailable


def _owned_by(customer: AbstractBaseUser) -> Callable[[list[Comic]], set[int]]:
    return lambda comics: selectors.comics_owned(
        customer=customer, comic_ids=[comic.pk for comic in comics]
    )


def _cart_drop(
    *, customer: AbstractBaseUser, pickers: list[Callable[[list[Comic]], set[int]]]
) -> list[list[str]]:
    """Delete, under the cart's lock, the cart's lines whose comic ids each of `pickers`
    returns of the lines the ones before it left; the titles each took out."""
    with transaction.atomic():
        cart = Cart.objects.select_for_update().filter(customer=customer).first()
        if cart is None:
            return [[] for _ in pickers]
        comics = [line.comic for line in cart.items.select_related("comic")]
        picked, dropped = [], set()
        for picker in pickers:
            left = [comic for comic in comics if comic.pk not in dropped]
            taken = picker(left) if left else set()
            picked.append([comic.title for comic in left if comic.pk in taken])
            dropped |= taken
        if dropped:
            cart.items.filter(comic_id__in=dropped).delete()
            cart.save(update_fields=["updated_at"])
    return picked


def owned_refusal(titles: list[str]) -> errors.AlreadyOwned:
    """The refusal of a purchase of comics the customer owns, naming them."""
    it, is_ = ("it", "is") if len(titles) == 1 else ("them", "are")
    they = "it" if len(titles) == 1 else "they"
    return errors.AlreadyOwned(
        f"You already own {', '.join(titles)}: {they} {is_} in your library, no need to "
        f"buy {it} again."
    )


def cart_row_add(*, customer: AbstractBaseUser, model: type[models.Model], **match: object):
    """The row of `model` (a cart line) matching `match` in the customer's cart, made once;
    the cart's `updated_at` moves either way."""
    with transaction.atomic():
        cart, _ = Cart.objects.get_or_create(customer=customer)
        row, _ = model.objects.get_or_create(cart=cart, **match)
        cart.save(update_fields=["updated_at"])
    return row


def cart_comics_take_out(*, customer: AbstractBaseUser) -> list[int]:
    """Empty the customer's cart of its comics, under the cart's lock; their ids, oldest
    first (for a guest's session ending as a visitor's, whose cart they become)."""
    with transaction.atomic():
        cart = Cart.objects.select_for_update().filter(customer=customer).first()
        if cart is None:
            return []
        comic_ids = list(cart.items.values_list("comic_id", flat=True))
        cart.items.all().delete()
        cart.save(update_fields=["updated_at"])
    return comic_ids


def cart_remove_comic(*, customer: AbstractBaseUser, comic_id: int) -> None:
    cart_row_remove(customer=customer, model=CartItem, comic_id=comic_id)


def cart_row_remove(*, customer: AbstractBaseUser, model: type[models.Model], **match: object):
    """Delete the row of `model` (a cart line) matching `match` from the customer's cart,
    holding the cart's lock as checkout does: the line goes before a checkout reads the
    cart or after it is ordered, never while it is being ordered. The cart's `updated_at`
    moves."""
    with transaction.atomic():
        cart = Cart.objects.select_for_update().filter(customer=customer).first()
        if cart is not None:
            model.objects.filter(cart=cart, **match).delete()
            cart.save(update_fields=["updated_at"])
