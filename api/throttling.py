from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from api.schema import IDEMPOTENCY_KEY_HEADER
from api.selectors import idempotency_key_answered
from morpheus.throttles import Decision, throttle_hit
from morpheus.transactions import take_turns


class OrderCreateThrottle(BaseThrottle):
    """Orders created per customer, counted in the store every web process shares
    (morpheus/throttles.py, rate THROTTLE_API_ORDER_CREATE); a request replaying an
    `Idempotency-Key` that answered an order is not counted."""

    decision: Decision | None = None
    # Let through uncounted as a replay: until its answer is the order its key placed.
    replay_uncounted = False

    def allow_request(self, request: Request, view: APIView) -> bool:
        key = request.headers.get(IDEMPOTENCY_KEY_HEADER)
        if key:
            # Requests sending one key take turns until each one's transaction ends, so a
            # replay sent at the same moment as the first sees the order it placed.
            take_turns(f"idempotency-key:{request.user.pk}:{key}")
            if idempotency_key_answered(user=request.user, key=key):
                self.replay_uncounted = True  # a replay places no order: none of the limit
                return True
        self.decision = throttle_hit(limit="api_order_create", value=str(request.user.pk))
        return self.decision.allowed

    def count_refused_replay(self, request: Request) -> Decision | None:
        """A document refused under a key that placed an order (another document, a bad
        one) was no replay: it counts as any refused document does (outside probe GA-1: a
        client looping with one used key was never held back)."""
        if not self.replay_uncounted:
            return None
        return throttle_hit(limit="api_order_create", value=str(request.user.pk))

    def wait(self) -> float | None:
        return self.decision.retry_after_seconds if self.decision else None
