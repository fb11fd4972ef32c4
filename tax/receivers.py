"""Order placed or repriced -> the buyer's evidence and each item's VAT, inside the
transaction that places or reprices the order."""

from django.conf import settings

from orders import signals
from orders.buyer import BuyerDeclaration
from tax import services


def on_order_placed(
    sender, *, order_id: int, actor: str, declaration: BuyerDeclaration | None = None, **kwargs
) -> None:
    if settings.TAX_MODE == "none":
        return
    services.evidence_record(order_id=order_id, declaration=declaration, actor=actor)
    services.order_tax_record(order_id=order_id)


def on_order_amounts_changed(sender, *, order_id: int, **kwargs) -> None:
    if settings.TAX_MODE == "none":
        return
    services.order_tax_record(order_id=order_id)


def connect() -> None:
    signals.order_placed.connect(on_order_placed, dispatch_uid="tax.placed")
    signals.order_amounts_changed.connect(on_order_amounts_changed, dispatch_uid="tax.amounts")
