"""What a Stripe PaymentIntent says, read the same way from webhooks, API answers and declines."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Self


class Outcome(StrEnum):
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


OUTCOME_BY_EVENT_TYPE = {
    "payment_intent.processing": Outcome.PROCESSING,
    "payment_intent.succeeded": Outcome.SUCCEEDED,
    "payment_intent.payment_failed": Outcome.FAILED,
    "payment_intent.canceled": Outcome.CANCELED,
}


def _id_of(value: Any) -> str:
    """Stripe sends an id where localstripe embeds the object: accept both."""
    if isinstance(value, Mapping):
        return str(value.get("id") or "")
    return str(value or "")


@dataclass(frozen=True)
class IntentState:
    id: str
    status: str
    amount: int
    currency: str
    metadata: Mapping[str, str] = field(default_factory=dict)
    charge_id: str = ""
    failure_code: str = ""
    failure_message: str = ""

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any]) -> Self:
        error = data.get("last_payment_error") or {}
        return cls(
            id=str(data["id"]),
            status=str(data.get("status") or ""),
            amount=int(data.get("amount") or 0),
            currency=str(data.get("currency") or "").upper(),
            metadata=dict(data.get("metadata") or {}),
            charge_id=_id_of(data.get("latest_charge")),
            failure_code=str(error.get("decline_code") or error.get("code") or ""),
            failure_message=str(error.get("message") or ""),
        )

    @property
    def outcome(self) -> Outcome | None:
        """The outcome Stripe's current status stands for; None while it is undecided."""
        if self.status == "requires_payment_method" and (self.failure_code or self.failure_message):
            return Outcome.FAILED
        return {
            "processing": Outcome.PROCESSING,
            "succeeded": Outcome.SUCCEEDED,
            "canceled": Outcome.CANCELED,
        }.get(self.status)


def charge_id_of(data: Mapping[str, Any]) -> str:
    return _id_of(data.get("charge"))


def payment_intent_id_of(data: Mapping[str, Any]) -> str:
    return _id_of(data.get("payment_intent"))
