"""The cart's checkout once bundles can be in it: one order for its comics and bundles."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from morpheus.errors import DomainError
from orders.buyer import BuyerDeclaration
from orders.errors import CartChanged
from orders.models import Cart, CartItem, Order
from orders.services import (
    cart_row_add,
    order_cancel_by_customer,
    order_create_for_comics,
    order_create_from_cart,
)
from promotions.bundles import bundle_items_price
from promotions.cart import CartContents, bundles_in_cart, cart_contents, cart_discount
from promotions.errors import BundleUnavailable, CodeBelowMinimumCharge, PromotionError
from promotions.models import CHECKED_OUT_AGAIN, Bundle, BundleItem, CartBundle, DiscountUse
from promotions.selectors import bundles_for_sale
from promotions.services import discount_apply


def cart_checkout(
    *,
    customer: AbstractBaseUser,
    actor: str,
    declaration: BuyerDeclaration | None = None,
    shown: str | None = None,
    code: str = "",
) -> Order:
    """Turn the customer's cart into a pending order and empty the cart: each bundle's
    comics still to buy at their shares of its price (a comic also in the cart on its own
    is bought with the bundle), the other comics at their prices. `shown` is the digest
    (`CartContents.digest`) of the cart and code the checkout's page showed, `code` the one
    the checkout goes on with: a cart changed since is refused (the API shows no cart and
    sends none)."""
    with transaction.atomic():
        cart = Cart.objects.select_for_update().filter(customer=customer).first()
        rows = list(CartBundle.objects.filter(cart=cart).select_related("bundle"))
        bundles = [row.bundle for row in rows]
        comics = [item.comic for item in cart.items.select_related("comic")] if cart else []
        contents = cart_contents(customer=customer, comics=comics, bundles=bundles)
        # An emptied cart (this checkout sent again) is left to the caller's EmptyCart.
        if shown is not None and not contents.is_empty and contents.digest(code) != shown:
            raise CartChanged()
        if not rows:
            return order_create_from_cart(customer=customer, actor=actor, declaration=declaration)
        _check_bundles(bundles)
        if refused := contents.refused:  # the reason the cart page gives beside it
            offer = refused[0]
            raise PromotionError(
                f"{offer.refusal} Remove {offer.bundle.title} from your cart to check out."
            )
        bundled = [
            comic
            for offer in contents.offers
            for comic in offer.bundle.comics.all()
            if comic.pk in offer.shares
        ]
        order = order_create_for_comics(
            customer=customer,
            comics=[*contents.singles, *bundled],
            actor=actor,
            declaration=declaration,
        )
        order = bundle_items_price(order=order, offers=list(contents.offers), actor=actor)
        cart.items.all().delete()
        CartBundle.objects.filter(cart=cart).delete()
    return order


def cart_declaration(
    *, customer: AbstractBaseUser, declaration: BuyerDeclaration, code: str
) -> BuyerDeclaration:
    """What the customer's cart checkout goes on with of `declaration`: its business left
    out when the cart, with the code it shows, costs nothing (`business_left_out_when_free`)."""
    cart = Cart.objects.filter(customer=customer).first()
    comics = [item.comic for item in cart.items.select_related("comic")] if cart else []
    contents = cart_contents(
        customer=customer, comics=comics, bundles=bundles_in_cart(customer=customer)
    )
    return business_left_out_when_free(
        declaration=declaration, contents=contents, code=code, customer=customer
    )


def business_left_out_when_free(
    *,
    declaration: BuyerDeclaration,
    contents: CartContents,
    code: str,
    customer: AbstractBaseUser | None,
) -> BuyerDeclaration:
    """A cart that costs nothing, free comics or a code that takes off all of it, asks for
    no VAT number, business name or billing address (its page shows none): sent all the
    same (a page from before, a hand-made post), they are neither checked nor kept, nor are
    those of the last declaration an order placed without the form takes (an API order
    without a country). Its order is placed at full price and the code taken off after, so
    the VAT app, which keeps none on an order placed at nothing, would check them on the
    full price (a German number with France refused for a cart a 100 % code made free; a
    business declared last kept, reverse charge and VIES check, on an API order of nothing).
    A cart that leaves something to pay keeps the declaration as sent, and so does an
    emptied one (the checkout sent again, compared with the order it placed:
    `promotions.repeats`)."""
    discount = cart_discount(code=code, contents=contents, customer=customer)
    to_pay = discount.to_pay if discount is not None and not discount.problem else contents.total
    if to_pay or contents.is_empty:
        return declaration
    return declaration.without_business()


def checkout_code_apply(
    *, order: Order, code: str, customer: AbstractBaseUser, actor: str, business: bool
) -> tuple[Order, str]:
    """The code the cart showed, taken off the order its checkout just placed: the order and
    why the code was not applied ("" when it was), the order then at full price. A business's
    checkout (`business`: with a VAT number) is refused instead when the code would bring
    its total under what a card can be charged: the cart previewed the code on a consumer's
    total, and the business did not choose the full price (outside probe BL-5: a 95 % code
    left the business's order at 20 times what the cart showed). The caller rolls the order
    back with it."""
    try:
        return discount_apply(order=order, code=code, customer=customer, actor=actor), ""
    except CodeBelowMinimumCharge as exc:
        if business:
            raise CodeBelowMinimumCharge(
                f"{exc} Nothing was ordered: remove the code or add another comic to check out "
                "with your VAT number."
            ) from exc
        return order, str(exc)
    except DomainError as exc:
        return order, str(exc)


def order_back_to_cart(*, order: Order, customer: AbstractBaseUser, actor: str) -> str:
    """Cancel the customer's unpaid order to check out again (with another country or VAT
    number): its comics go back in their cart as it bought them, those of a bundle as that
    bundle, the others one by one (the cart then takes out any no longer for sale). The
    code the order used, its use released, for the cart to show again ("" when none)."""
    with transaction.atomic():
        code = (
            DiscountUse.objects.filter(order=order)
            .values_list("discount_code__code", flat=True)
            .first()
        )
        order_cancel_by_customer(order=order, actor=actor, reason=CHECKED_OUT_AGAIN)
        bought = BundleItem.objects.filter(order_item__order=order).select_related("bundle")
        bundled = {row.order_item_id: row.bundle for row in bought}
        for bundle in {bundle.pk: bundle for bundle in bundled.values()}.values():
            cart_row_add(customer=customer, model=CartBundle, bundle=bundle)
        for item in order.items.select_related("comic").order_by("pk"):
            if item.pk not in bundled:
                cart_row_add(customer=customer, model=CartItem, comic=item.comic)
    return code or ""


def _check_bundles(bundles: list[Bundle]) -> None:
    for_sale = set(
        bundles_for_sale()
        .filter(pk__in=[bundle.pk for bundle in bundles])
        .values_list("pk", flat=True)
    )
    gone = [bundle.title for bundle in bundles if bundle.pk not in for_sale]
    if gone:
        raise BundleUnavailable(f"No longer for sale: {', '.join(gone)}. Remove it from your cart.")
