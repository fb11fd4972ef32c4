from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from morpheus.errors import DomainError
from morpheus.refusals import refused
from orders.actors import actor_for
from orders.buyer import declaration_posted
from promotions import services, session_code
from promotions.bundles import (
    bundle_offer,
    bundle_order_create,
    cart_add_bundle,
    cart_remove_bundle,
)
from promotions.checkout import cart_checkout
from promotions.models import Bundle


@require_POST
def cart_code(request: HttpRequest) -> HttpResponse:
    """Keep (or with an empty field, drop) the code typed in the cart."""
    code = request.POST.get("code", "")[:40]
    if "\x00" in code:  # no code has one, and PostgreSQL's text cannot hold it
        session_code.clear(request.session)
        messages.error(request, "No such code.")
    elif code.strip():
        session_code.put(request.session, code)
    else:
        session_code.clear(request.session)
    return redirect("orders:cart")


@login_required
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    """The cart's checkout (comics and bundles) with the code the cart shows: the order is
    created, then the code applied (a code that no longer applies leaves the order at full
    price, saying why)."""
    actor = actor_for(request.user)
    try:
        order = cart_checkout(
            customer=request.user,
            actor=actor,
            declaration=declaration_posted(request),
        )
    except DomainError as exc:
        return refused(request, exc, "orders:cart")
    code = session_code.get(request.session)
    if code:
        try:
            services.discount_apply(order=order, code=code, customer=request.user, actor=actor)
        except DomainError as exc:
            messages.warning(request, f"Your code was not applied: {exc}")
        session_code.clear(request.session)
    return redirect("orders:pay", number=order.number)


@require_GET
def bundle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    bundle = get_object_or_404(Bundle.objects.filter(is_active=True), slug=slug)
    offer = bundle_offer(bundle=bundle, customer=request.user)
    return render(request, "promotions/bundle_detail.html", {"bundle": bundle, "offer": offer})


@login_required
@require_POST
def bundle_buy(request: HttpRequest, slug: str) -> HttpResponse:
    """Bought like a comic: an order of the bundle's comics (those still to buy), to pay."""
    bundle = get_object_or_404(Bundle.objects.filter(is_active=True), slug=slug)
    try:
        order = bundle_order_create(
            bundle=bundle, customer=request.user, actor=actor_for(request.user)
        )
    except DomainError as exc:
        return refused(request, exc, "promotions:bundle", slug=bundle.slug)
    return redirect("orders:pay", number=order.number)


@login_required
@require_POST
def cart_bundle_add(request: HttpRequest, slug: str) -> HttpResponse:
    bundle = get_object_or_404(Bundle.objects.filter(is_active=True), slug=slug)
    try:
        cart_add_bundle(customer=request.user, bundle=bundle)
    except DomainError as exc:
        return refused(request, exc, "promotions:bundle", slug=bundle.slug)
    messages.success(request, f"{bundle.title} is in your cart.")
    return redirect("orders:cart")


@login_required
@require_POST
def cart_bundle_remove(request: HttpRequest, bundle_id: int) -> HttpResponse:
    cart_remove_bundle(customer=request.user, bundle_id=bundle_id)
    return redirect("orders:cart")
