from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from catalog.models import Comic
from catalog.selectors import comics_by_ids
from morpheus.errors import DomainError
from morpheus.middleware import order_link_leave
from morpheus.refusals import field_problem_pop, refused
from morpheus.sessions import opens_visitor_session
from morpheus.sign_in import account_required
from morpheus.throttles import (
    by_ip,
    by_user,
    by_visitor,
    refusal_response,
    throttle,
    throttle_forgive_one,
    throttle_hit,
)
from orders import session_cart
from orders.actors import actor_for, customer_actor
from orders.buyer import (
    VAT_NUMBER_FIELD_IDS,
    business_typed,
    checkout_field_id,
    country_kept,
    country_query,
    declaration_posted,
    declaration_unasked,
    vat_number_forget,
    vat_number_keep,
    vat_number_typed,
)
from orders.cart_page import cart_page_url
from orders.customer_orders import customer_order, says_when_the_order_joined_an_account
from orders.errors import CartChanged, ComicUnavailable, EmptyCart
from orders.selectors import cart_items_for, order_awaiting, order_declared_with
from orders.services import cart_drop_owned_and_unavailable, order_chargeable_check
from promotions import session_code
from promotions.bundles import (
    bundle_offer,
    bundle_order_create,
    cart_add_bundle,
    cart_drop_owned_bundles,
    cart_drop_unavailable_bundles,
    cart_remove_bundle,
)
from promotions.cart import (
    CartContents,
    bundles_in_cart,
    cart_contents,
    cart_digest_empty,
    cart_discount,
)
from promotions.checkout import (
    cart_checkout,
    cart_declaration,
    checkout_code_apply,
    order_back_to_cart,
)
from promotions.errors import BundleUnavailable, CodeNotApplicable
from promotions.models import Bundle, DiscountCode, code_shown, code_typed
from promotions.repeats import checkout_repeated, order_just_placed
from promotions.selectors import (
    cart_comics_of_bundle,
    code_find,
    order_checked_out_again,
    order_parts,
)
from promotions.shown_total import CART_FIELD, say_what_the_order_costs


@require_safe
def cart(request: HttpRequest) -> HttpResponse:
    """The cart page (in the `orders` namespace): its comics and bundles. Shopping from a
    guest's order link session goes on as a visitor, with the visitor's cart."""
    order_link_leave(request)
    if request.user.is_authenticated:
        # Comics, and bundles of comics all owned, bought since they were added (another
        # tab, another device) leave the cart; a bundle owned in part stays.
        owned, unavailable = cart_drop_owned_and_unavailable(customer=request.user)
        owned += cart_drop_owned_bundles(customer=request.user)
        if owned:
            messages.info(
                request,
                f"Already in your library, so taken out of your cart: {', '.join(owned)}.",
            )
        gone = cart_drop_unavailable_bundles(customer=request.user)
        staying = [
            title
            for bundle in gone
            for title in cart_comics_of_bundle(customer=request.user, bundle=bundle)
        ]
        _unavailable_said(request, unavailable + [bundle.title for bundle in gone], staying)
        comics = _cart_comics(request)
        _added_said(request, session_cart.just_added_pop(request.session), comics)
        placed = order_just_placed(customer=request.user)
        just_placed = order_awaiting(order=placed) if placed else None
    else:
        _unavailable_said(request, session_cart.drop_unavailable(request.session))
        comics = _cart_comics(request)
        just_placed = None
    problem = field_problem_pop(request)
    # The page's template tags add the bundles, totals and the code's preview.
    context = {
        "comics": comics,
        "just_placed": just_placed,
        "vat_number_typed": vat_number_typed(request),
        "business_typed": business_typed(request),  # after vat_number_typed, which may forget it
        "field_problem": problem,
        # The business price is not offered for the number just refused (outside probe FT-4).
        "vat_number_refused": bool(problem) and problem["id"] in VAT_NUMBER_FIELD_IDS,
    }
    return render(request, "orders/cart.html", context)


def _added_said(request: HttpRequest, comic_id: int | None, comics: list[Comic]) -> None:
    """Name the comic just added (`orders.views.cart_add`), and the cart's bundles holding
    it when there are: the cart then lists the bundle, not the comic."""
    comic = next((comic for comic in comics if comic.pk == comic_id), None)
    if comic is None:  # none added, or taken out again (owned, no longer for sale)
        return
    holding = [
        bundle.title
        for bundle in bundles_in_cart(customer=request.user)
        if any(bundled.pk == comic.pk for bundled in bundle.comics.all())
    ]
    where = f", in {' and in '.join(holding)}" if holding else ""
    messages.success(request, f"{comic.title} is in your cart{where}.")


def _unavailable_said(
    request: HttpRequest, titles: list[str], staying: list[str] | None = None
) -> None:
    """`staying`: the comics of a bundle taken out that the cart holds on their own (outside
    probe EF-1: they came back unsaid)."""
    if titles:
        messages.info(
            request,
            f"No longer for sale, so taken out of your cart: {', '.join(titles)}."
            + _staying_words(list(dict.fromkeys(staying or []))),
        )


def _staying_words(titles: list[str]) -> str:
    """The comics a bundle that left the cart had taken in, added on their own before it."""
    if not titles:
        return ""
    its, stay = ("its", "stays") if len(titles) == 1 else ("their", "stay")
    return f" {', '.join(titles)}, added on {its} own, {stay} in it."


def _code_guesses(request: HttpRequest) -> tuple[tuple[str, str], ...]:
    """The counters a code typed in the cart counts on as a guess, unless it is one of the
    shop's (codes are secrets anyone could otherwise try by the thousand): the network's
    ceiling, signed in or not (an account needs no confirmation, so each new one would
    otherwise bring fresh guesses); then a signed-in customer's account, so that one
    guesser behind a shared address (an office's, a mobile carrier's) leaves its customers
    their codes until the ceiling; else the network's lower limit for visitors, then the
    browser session's."""
    address = by_ip(request, {})
    visitor = by_visitor(request, {})
    counted = [("discount_code_all_ip", address)]
    if not request.user.is_authenticated:
        counted.append(("discount_code_ip", address))
    counted.append(("discount_code_visitor", visitor))
    return tuple((limit, value) for limit, value in counted if value is not None)


# A code is at most 40 characters; what is pasted into its field may hold more, spaces and
# marks that print nothing, which are not counted.
CODE_AT_MOST = DiscountCode._meta.get_field("code").max_length
PASTED_AT_MOST = 200


@require_POST
def cart_code(request: HttpRequest) -> HttpResponse:
    """Keep (or with a field of nothing visible, drop) the code typed in the cart: spelled
    as the shop spells codes, so that the spaces pasted around it do not cut it (outside
    probe GT-7: 32 of them before WELCOME10 did, at 40 characters) and marks that print
    nothing alone are no guess."""
    typed = request.POST.get("code", "")[:PASTED_AT_MOST]
    code = code_typed(typed)[:CODE_AT_MOST]
    if code and (refusal := _code_guess_refusal(request)):
        return refusal  # before the code is looked up: a refusal tells nothing of it
    if "\x00" in typed:  # no code has one, and PostgreSQL's text cannot hold it
        session_code.clear(request.session)
        messages.error(request, "No such code.")
    elif code:
        found, kept = code_find(code), session_code.get(request.session)
        if found is not None:  # even when the kept one stays (outside probe GP-3)
            _code_guess_forgiven(request)
        shown = code_shown(typed)[:CODE_AT_MOST]  # as typed (outside probe HR-1: `#1` read 1)
        if why := _kept_code_stays_because(request, found=found, typed=shown, kept=kept):
            refusal = CodeNotApplicable(f"{why} Your cart keeps code {kept.strip().upper()}.")
            country = country_query(request.POST.get("country", ""))
            return refused(request, refusal, "orders:cart", query=country, field_id="id_code")
        session_code.put(request.session, code)
    elif kept := session_code.get(request.session):
        session_code.clear(request.session)
        messages.success(request, f"Code {kept} removed.")  # said (outside probe HQ-1)
    # The country the cart showed (or the buyer chose since) stays chosen.
    return redirect(cart_page_url(country=request.POST.get("country", "")))


def _kept_code_stays_because(
    request: HttpRequest, *, found: DiscountCode | None, typed: str, kept: str
) -> str:
    """Why the code typed does not replace the one the cart keeps ("" when it does): a typo,
    or a code tried "to see if it is better", leaves the code that was kept, saying so
    (outside probe GH-5: it was dropped without a word), as does a code of the shop's that
    the cart cannot take while the kept one applies (outside probes GL-1: expired, used up;
    GN-2: for other comics)."""
    held = code_find(kept) if kept else None
    if held is None or (found is not None and found.pk == held.pk):
        return ""
    contents = _cart_contents(request)
    if cart_discount(code=kept, contents=contents, customer=request.user).problem:
        return ""  # a kept code the cart refuses is not kept (outside probe HN-2: a typo said so)
    if found is None:
        return f"No such code: {typed.strip()}."
    return cart_discount(code=typed, contents=contents, customer=request.user).problem


def _cart_contents(request: HttpRequest) -> CartContents:
    """The cart's comics and bundles, as its page lists them."""
    bundles = bundles_in_cart(customer=request.user)
    return cart_contents(customer=request.user, comics=_cart_comics(request), bundles=bundles)


def _cart_comics(request: HttpRequest) -> list[Comic]:
    """The comics in the cart: the account's, or a visitor's kept in their session."""
    if request.user.is_authenticated:
        return [item.comic for item in cart_items_for(customer=request.user)]
    return list(comics_by_ids(session_cart.comic_ids(request.session)))


def _code_guess_refusal(request: HttpRequest) -> HttpResponse | None:
    """Count the code as a guess; the 429 once a limit is exceeded. A refused try counts on
    none of the counters (it looked nothing up), so guessing on past the limit uses up
    nothing more of the network's."""
    counted = []
    for limit, value in _code_guesses(request):
        decision = throttle_hit(limit=limit, value=value)
        counted.append((limit, value))
        if not decision.allowed:
            for each_limit, each_value in counted:
                throttle_forgive_one(limit=each_limit, value=each_value)
            return refusal_response(request, decision)
    return None


def _code_guess_forgiven(request: HttpRequest) -> None:
    """A code of the shop's, typed right, does not count."""
    for limit, value in _code_guesses(request):
        throttle_forgive_one(limit=limit, value=value)


@throttle("checkout_account", by_user)
@account_required
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    """The cart's checkout (comics and bundles) with the code the cart shows: the order is
    created, then the code applied (a code that no longer applies leaves the order at full
    price, saying why). A cart changed since its page was shown (another tab) is refused,
    back to the cart page as it is now."""
    actor = actor_for(request.user)
    declaration = declaration_posted(request)
    vat_number_forget(request.session)
    code = session_code.get(request.session)
    declaration = cart_declaration(customer=request.user, declaration=declaration, code=code)
    code_refusal = ""
    try:
        with transaction.atomic():  # a business's code under the card minimum undoes the order
            order = cart_checkout(
                customer=request.user,
                actor=actor,
                declaration=declaration,
                shown=request.POST.get(CART_FIELD),
                code=code,
            )
            if code:
                order, code_refusal = checkout_code_apply(
                    order=order,
                    code=code,
                    customer=request.user,
                    actor=actor,
                    business=bool(declaration.vat_number.strip()),
                )
            order_chargeable_check(order=order, parts=order_parts(order=order))
    except EmptyCart as empty:
        shown = request.POST.get(CART_FIELD)
        if repeated := checkout_repeated(request, declaration, shown=shown):
            return repeated
        # Emptied since its page listed something (staff deleted its comic): said so, not
        # "Your cart is empty" alone (outside probe FJ-5).
        changed = shown is not None and shown != cart_digest_empty(code=code)
        return refused(request, CartChanged() if changed else empty, "orders:cart")
    except (ComicUnavailable, BundleUnavailable):  # the cart takes it out, naming it
        vat_number_keep(request.session, declaration)
        return redirect(cart_page_url(country=declaration.country or ""))
    except DomainError as exc:  # the cart keeps the country and VAT number the buyer declared
        vat_number_keep(request.session, declaration)
        return refused(
            request,
            exc,
            "orders:cart",
            query=country_kept(declaration),
            field_id=checkout_field_id(exc, guest=False),
        )
    if code:
        session_code.clear(request.session)
    say_what_the_order_costs(request, order, code_refusal=code_refusal)
    return redirect("orders:pay", number=order.number)


@account_required
@require_POST
@says_when_the_order_joined_an_account
def checkout_again(request: HttpRequest, number: str) -> HttpResponse:
    """The pay page's way out of an order placed with a country or VAT number the customer
    no longer wants (`promotions.repeats`): cancel it and check out again from the cart."""
    order = customer_order(request, number)
    try:
        # As its customer, staff or not (outside probe CN-3).
        code = order_back_to_cart(
            order=order, customer=request.user, actor=customer_actor(request.user.pk)
        )
    except DomainError as exc:
        if not order_checked_out_again(order=order):
            return refused(request, exc, "orders:detail", number=order.number)
        # Sent twice (two tabs, a retried request): the first did it; this one says so
        # rather than "already canceled" (outside probe FE-1).
        messages.info(
            request,
            f"Order {order.number} was already canceled to check out again: its comics went "
            "back in your cart then.",
        )
        return redirect("orders:cart")
    if code:
        session_code.put(request.session, code)
    # What the order was placed with comes back to be corrected, not typed again (outside
    # probe BL-7: a business fixing one letter of its name found every field empty).
    placed_with = order_declared_with(order=order)
    back = f"Order {order.number} is canceled and its comics are back in your cart"
    if placed_with is None:
        messages.success(
            request,
            f"{back}: choose the country you live in and your VAT number, then check out again.",
        )
        return redirect("orders:cart")
    vat_number_keep(request.session, placed_with)
    messages.success(
        request,
        f"{back} with the details it was placed with: correct them, then check out again.",
    )
    return redirect(cart_page_url(country=placed_with.country or ""))


@require_safe
@opens_visitor_session
def bundle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    bundle = get_object_or_404(Bundle.objects.filter(is_active=True), slug=slug)
    offer = bundle_offer(bundle=bundle, customer=request.user)
    return render(request, "promotions/bundle_detail.html", {"bundle": bundle, "offer": offer})


@throttle("checkout_account", by_user)
@account_required
@require_POST
def bundle_buy(request: HttpRequest, slug: str) -> HttpResponse:
    """Bought like a comic: an order of the bundle's comics (those still to buy), to pay."""
    bundle = get_object_or_404(Bundle.objects.filter(is_active=True), slug=slug)
    try:
        order = bundle_order_create(
            bundle=bundle,
            customer=request.user,
            actor=actor_for(request.user),
            declaration=declaration_unasked(request),
            shown=request.POST.get("comics"),
        )
    except DomainError as exc:
        return _bundle_refused(request, bundle, exc)
    return redirect("orders:pay", number=order.number)


@account_required
@require_POST
def cart_bundle_add(request: HttpRequest, slug: str) -> HttpResponse:
    bundle = get_object_or_404(Bundle.objects.filter(is_active=True), slug=slug)
    try:
        cart_add_bundle(customer=request.user, bundle=bundle)
    except DomainError as exc:
        return _bundle_refused(request, bundle, exc)
    in_cart = cart_contents(
        customer=request.user, comics=[], bundles=bundles_in_cart(customer=request.user)
    )
    offer = next((offer for offer in in_cart.offers if offer.bundle.pk == bundle.pk), None)
    if offer is not None and offer.clash:
        messages.warning(
            request,
            f"{offer.clash} {bundle.title} is in your cart but left out of its total: remove "
            "one of them to check out.",
        )
    else:
        messages.success(request, f"{bundle.title} is in your cart.")
    return redirect("orders:cart")


def _bundle_refused(request: HttpRequest, bundle: Bundle, error: DomainError) -> HttpResponse:
    """Back to the bundle's page, which says the bundle's own refusal itself: said once
    (outside probe DG-3: "… is not on sale right now." twice)."""
    if str(error) == bundle_offer(bundle=bundle, customer=request.user).refusal:
        return redirect("promotions:bundle", slug=bundle.slug)
    return refused(request, error, "promotions:bundle", slug=bundle.slug)


def _bundle_removed_words(customer, bundle: Bundle) -> str:
    """Says so when comics the customer had added on their own stay in the cart (outside
    probe EC-3: the bundle had taken them in; they came back unsaid, at a higher total)."""
    staying = cart_comics_of_bundle(customer=customer, bundle=bundle)
    return f"{bundle.title} is no longer in your cart." + _staying_words(staying)


@account_required
@require_POST
def cart_bundle_remove(request: HttpRequest, bundle_id: int) -> HttpResponse:
    cart_remove_bundle(customer=request.user, bundle_id=bundle_id)
    if bundle := Bundle.objects.filter(pk=bundle_id).first():
        messages.success(request, _bundle_removed_words(request.user, bundle))
    return redirect(cart_page_url(country=request.POST.get("country", "")))
