"""Order placed or repriced -> the buyer's evidence and each item's VAT; back to pending with
a VAT number VIES refused meanwhile -> repriced as a consumer's, paid instead -> its flag
names the VAT not collected; refunded in full, canceled unpaid or charged back -> no longer
held for its evidence (held again when the charge-back is reversed). Inside the transaction
that changes the order."""

from django.conf import settings

from orders import signals
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.transitions import OrderStatus
from tax import checkout, selectors, services


def on_order_placed(
    sender, *, order_id: int, actor: str, declaration: BuyerDeclaration | None = None, **kwargs
) -> None:
    if settings.TAX_MODE == "none":
        return
    services.order_placed_tax_record(order_id=order_id, declaration=declaration, actor=actor)


def on_order_amounts_changed(sender, *, order_id: int, **kwargs) -> None:
    if settings.TAX_MODE == "none":
        return
    services.order_tax_record(order_id=order_id)


def on_order_status_changed(
    sender, *, order_id: int, to_status: str, actor: str, flagged_reason: str = "", **kwargs
) -> bool:
    """Whether it wrote the order's row (`order_transition` then reloads its copy)."""
    if to_status == OrderStatus.PENDING:  # a payment failed or abandoned: priced again?
        return services.vies_refused_reprice(order_id=order_id, actor=actor)
    if to_status == OrderStatus.PAID:  # paid by reverse charge while VIES refused the number?
        return services.vies_refused_paid(
            order_id=order_id, actor=actor, flagged_reason=flagged_reason
        )
    if to_status not in services.NO_LONGER_HELD:
        return False
    return services.evidence_hold_end(order_id=order_id, actor=actor)


def on_order_charged_back(sender, *, order_id: int, actor: str, **kwargs) -> None:
    services.evidence_charged_back(order_id=order_id, actor=actor)


def on_checkout_declared_again(
    sender, *, order_id: int, declaration: BuyerDeclaration, **kwargs
) -> str:
    order = Order.objects.get(pk=order_id)
    return checkout.declared_again_differences(order=order, declaration=declaration)


def on_order_declaration_asked(sender, *, order_id: int, **kwargs) -> BuyerDeclaration | None:
    evidence = selectors.order_evidence(order_id=order_id)
    if evidence is None:
        return None
    return BuyerDeclaration(
        country=evidence.declared_country,
        vat_number=evidence.vat_number,
        business_name=evidence.business_name,
        billing_address=evidence.billing_address,
    )


def connect() -> None:
    signals.order_placed.connect(on_order_placed, dispatch_uid="tax.placed")
    signals.order_amounts_changed.connect(on_order_amounts_changed, dispatch_uid="tax.amounts")
    signals.order_status_changed.connect(on_order_status_changed, dispatch_uid="tax.status")
    signals.order_charged_back.connect(on_order_charged_back, dispatch_uid="tax.charged_back")
    signals.checkout_declared_again.connect(
        on_checkout_declared_again, dispatch_uid="tax.declared_again"
    )
    signals.order_declaration_asked.connect(
        on_order_declaration_asked, dispatch_uid="tax.declaration_asked"
    )
