from django.dispatch import Signal

# kwargs: order_id: int, actor: str. Finance accepted a held order's VAT evidence: it may
# be fulfilled now. Sent inside the decision's transaction (receivers defer jobs).
vat_hold_released = Signal()
