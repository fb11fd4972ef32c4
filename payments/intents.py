"""What Stripe's objects say (PaymentIntents, refunded charges, disputes), read the same way
from webhooks, API answers and declines.

Signed events can still be malformed (a bug at the sender, an old API version): every reader
here checks the shape it relies on and raises `MalformedStripeObject` instead of failing
later with a KeyError or a TypeError that would answer Stripe 500 for ever.
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Self


class MalformedStripeObject(ValueError):
    """A Stripe object lacks a field we rely on, or has it with the wrong type."""


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


# Stripe's ids are at most 255 characters, as are the columns that keep them.
ID_MAX_LENGTH = 255
# Amounts and timestamps are kept in PostgreSQL's bigint.
BIGINT_MAX = 2**63 - 1


def _id_of(value: Any) -> str:
    """Stripe sends an id where localstripe embeds the object: accept both."""
    if isinstance(value, Mapping):
        value = value.get("id")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MalformedStripeObject(f"expected an id, got {type(value).__name__}")
    if len(value) > ID_MAX_LENGTH:
        raise MalformedStripeObject(f"an id of {len(value)} characters")
    return value


def _stripe_object(data: Any, *, kind: str) -> Mapping[str, Any]:
    """`data` as a Stripe object with a string id, or MalformedStripeObject."""
    if not isinstance(data, Mapping):
        raise MalformedStripeObject(f"the {kind} is a {type(data).__name__}, not an object")
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise MalformedStripeObject(f"the {kind} has no id")
    if len(data["id"]) > ID_MAX_LENGTH:
        raise MalformedStripeObject(f"the {kind}'s id has {len(data['id'])} characters")
    return data


def _text(data: Mapping[str, Any], name: str) -> str:
    """An optional string field ("" when absent or null)."""
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MalformedStripeObject(f"{name} is a {type(value).__name__}, not a string")
    return value


def _int(data: Mapping[str, Any], name: str, *, default: int | None = None) -> int:
    """An integer field (amounts are integer minor units; a bool or "12" is not one), in
    the range of the bigint columns that keep it."""
    value = data.get(name)
    if value is None and default is not None:
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedStripeObject(f"{name} is not an integer: {value!r:.40}")
    if not -BIGINT_MAX <= value <= BIGINT_MAX:
        raise MalformedStripeObject(f"{name} is out of range: {value!r:.40}")
    return value


def _timestamp(data: Mapping[str, Any], name: str) -> datetime | None:
    """An optional Unix timestamp, as an aware UTC datetime."""
    if data.get(name) is None:
        return None
    try:
        return datetime.fromtimestamp(_int(data, name), tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise MalformedStripeObject(f"{name} is not a timestamp") from exc


def _mapping(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise MalformedStripeObject(f"{name} is a {type(value).__name__}, not an object")
    return value


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
    def from_stripe(cls, data: Any) -> Self:
        """Raises MalformedStripeObject when a field we judge by is missing or mistyped."""
        data = _stripe_object(data, kind="PaymentIntent")
        error = _mapping(data, "last_payment_error")
        metadata = _mapping(data, "metadata")
        if not all(isinstance(value, str) for value in metadata.values()):
            raise MalformedStripeObject("metadata values must be strings")
        return cls(
            id=data["id"],
            status=_text(data, "status"),
            amount=_int(data, "amount"),
            currency=_text(data, "currency").upper(),
            metadata=dict(metadata),
            charge_id=_id_of(data.get("latest_charge")),
            failure_code=_text(error, "decline_code") or _text(error, "code"),
            failure_message=_text(error, "message"),
        )

    @property
    def awaits_customer(self) -> bool:
        """Stripe waits for the customer to authenticate (3-D Secure) before charging."""
        return self.status in ("requires_action", "requires_confirmation")

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


def metadata_number(metadata: Any, key: str) -> int | None:
    """A number we put in an object's metadata (an attempt, a refund row's id), as an int;
    None when it is not one we could have written: anything but up to 18 ASCII digits
    ("²" and "٣" are digits to `str.isdigit`, and `int` refuses the first)."""
    value = metadata.get(key) if isinstance(metadata, Mapping) else None
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,18}", value):
        return None
    return int(value)


# Stripe's refund statuses for money still on its way: the charge counts it refunded already
# (and gives the amount back should the refund fail or be canceled).
REFUND_UNDER_WAY = frozenset({"pending", "requires_action"})


def refunds_paid_back(refunds: list[Mapping[str, Any]], *, refunded_total: int) -> int:
    """What the refunds Stripe lists of a charge paid back, of `refunded_total` (the charge's
    amount refunded): those still under way taken out, never less than the succeeded ones
    paid."""

    def amounts(statuses: Collection[str]) -> int:
        return sum(
            int(data.get("amount") or 0) for data in refunds if data.get("status") in statuses
        )

    return max(refunded_total - amounts(REFUND_UNDER_WAY), amounts({"succeeded"}))


def refund_unpaid_words(data: Mapping[str, Any]) -> str | None:
    """Why Stripe will not pay the refund `data` (Stripe's own object), in staff's words;
    None when it paid it or still may (pending, or waiting for the customer's details)."""
    status = data.get("status")
    if status == "canceled":
        return f"{refund_verdict_start(data.get('id'))}was canceled"
    if status != "failed":
        return None
    why = str(data.get("failure_reason") or "unknown")[:100]
    return f"{refund_verdict_start(data.get('id'))}failed: {why}"


# How `refund_unpaid_words` begin: a refund of ours recorded as failed with them failed by
# Stripe's own word, which is final (a refund Stripe failed or canceled never succeeds
# after), unlike one we failed for want of Stripe's answer.
REFUND_VERDICT = "Stripe's refund "


def refund_verdict_start(stripe_refund_id: object) -> str:
    """How `refund_unpaid_words` of this Stripe refund begin."""
    return f"{REFUND_VERDICT}{stripe_refund_id} "


def charge_id_of(data: Mapping[str, Any]) -> str:
    return _id_of(data.get("charge"))


def payment_intent_id_of(data: Mapping[str, Any]) -> str:
    return _id_of(data.get("payment_intent"))


@dataclass(frozen=True)
class DisputeState:
    """What a Stripe Dispute object says (every `charge.dispute.*` event carries one)."""

    id: str
    charge_id: str
    payment_intent_id: str
    status: str
    reason: str
    amount: int
    currency: str
    evidence_due_by: datetime | None

    @classmethod
    def from_stripe(cls, data: Any) -> Self:
        """Raises MalformedStripeObject when a field we rely on is missing or mistyped."""
        data = _stripe_object(data, kind="dispute")
        status = _text(data, "status")
        if not 0 < len(status) <= 32:
            raise MalformedStripeObject(f"the dispute's status is {status!r:.40}")
        amount = _int(data, "amount")
        currency = _text(data, "currency").upper()
        if amount < 0 or not re.fullmatch(r"[A-Z]{3}", currency):
            raise MalformedStripeObject(f"the dispute's amount is {amount} {currency!r}")
        return cls(
            id=data["id"],
            charge_id=charge_id_of(data),
            payment_intent_id=payment_intent_id_of(data),
            status=status,
            reason=_text(data, "reason")[:100],
            amount=amount,
            currency=currency,
            evidence_due_by=_timestamp(_mapping(data, "evidence_details"), "due_by"),
        )


def refund_checked(data: Any) -> Mapping[str, Any]:
    """The refund of `charge.refund.updated`, `refund.updated` or `refund.failed`, with the
    fields read of it checked."""
    refund = _stripe_object(data, kind="refund")
    _text(refund, "status")
    _text(refund, "failure_reason")
    _mapping(refund, "metadata")
    _int(refund, "amount", default=0)
    charge_id_of(refund)
    payment_intent_id_of(refund)
    return refund


def refunded_charge_checked(data: Any) -> Mapping[str, Any]:
    """The `charge.refunded` object, with the fields refund reconciliation reads checked."""
    charge = _stripe_object(data, kind="charge")
    _int(charge, "amount_refunded", default=0)
    payment_intent_id_of(charge)
    refunds = _mapping(charge, "refunds").get("data") or []
    if not isinstance(refunds, list):
        raise MalformedStripeObject("refunds.data is not a list")
    for refund in refunds:
        _text(_stripe_object(refund, kind="refund"), "status")
        _mapping(refund, "metadata")
        _int(refund, "amount", default=0)
    return charge
