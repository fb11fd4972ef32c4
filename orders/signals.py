"""Events other domains react to. Sent only after the change has committed."""

from django.dispatch import Signal

# kwargs: order_id: int, from_status: str, to_status: str, actor: str
order_status_changed = Signal()
