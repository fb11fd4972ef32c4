"""A customer's personal data: all of it as one JSON document, and its erasure.

Erasure pseudonymises: the account, the addresses orders and emails were sent to, download
addresses and agents are replaced or blanked; orders, items, amounts, payments and refunds
stay (bookkeeping law), and the order history, append-only, names customers by account id
only (`orders.actors`)."""

import re
import unicodedata
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import CharField, F, Q, QuerySet, Value
from django.utils import timezone

from accounts.models import AccountEmail, ErasureRequest, ErasureStatus, ReplacedAddress
from accounts.templatetags.storefront import event_words
from delivery.abuse import download_abuse_dismiss
from delivery.models import (
    SUSPENDED_REASONS,
    AbuseAlertStatus,
    DownloadAbuseAlert,
    DownloadEvent,
)
from delivery.retention import abuse_alerts_networks_forget
from invoicing.models import DocumentKind, Invoice
from morpheus.db_context import system_scope
from morpheus.money import format_display
from notifications.models import EmailAddress, EmailDelivery
from notifications.selectors import file_update_emails_wanted
from orders import services as order_services
from orders import signals
from orders.actors import SYSTEM, customer_actor
from orders.events import LOSS_REVERSED
from orders.guests import ERASED_PREFIX, guest_accounts_of
from orders.models import Cart, Order, OrderEvent, OrderEventType
from orders.transitions import OrderStatus
from payments.models import Payment, Refund
from payments.selectors import OrderDispute, items_paid_back, orders_disputes
from payments.services import stripe_customer_erasure_start
from promotions.models import DiscountUse
from tax.countries import country_name
from tax.models import EvidenceDecision, OrderTaxEvidence, ViesStatus

User = get_user_model()
ERASURE_ASKED = "The customer asked for their account's erasure"
# An erased account's name is ERASED_PREFIX and its id (`orders.guests`, where the apps below
# this one read it). Django's username validator refuses ':' (as for guests), so no name
# sign-up or the admin ever accepted can take it: erasure never collides, even with an
# account named like the names erasure gave before (`erased-<id>`).
# What sign-up refuses besides: a name reading as an erased account's, old scheme included
# ("erased-5", "ERASED_77", "erased" in full-width letters): "erased" not followed by a letter,
# once compatibility forms are folded (NFKC) and case dropped.
_LOOKS_ERASED = re.compile(r"erased(?![^\W\d_])")


def looks_like_an_erased_account(username: str) -> bool:
    return bool(_LOOKS_ERASED.match(unicodedata.normalize("NFKC", username).casefold()))


# Keys of the export name what they hold, not the lookups that read them.
NUMBER = F("order__number")
# The history's download link events, which the order page leaves out; a link asked for one
# comic (API, library) is named by its reason, our words with the comic's title.
LINK_WORDS = {
    "issued": "Download links issued",
    "reissued": "Download links replaced",
    "resend_asked": "Fresh download links asked for",
    "revoked": "Download links withdrawn",
    "unsuspended": "Downloads given back",
    "alert_dismissed": "Downloads checked: the links stay",
}
ONE_LINK_ACTIONS = ("issued_one", "library")
# A dispute's steps the order page leaves out (outside probe HS-3: they read "Disputed").
DISPUTE_FUNDS_WORDS = {
    "funds_withdrawn": "Dispute: the amount disputed was taken from us while your bank decides",
    "funds_reinstated": "Dispute: the amount disputed came back to us",
}
SUSPENDED_WORDS = "Downloads paused: your links were used from many places"
# The status steps the order page leaves out (its refund rows say what was paid back).
STATUS_WORDS = {OrderStatus.REFUNDED: "Refunded in full"}


def personal_data_export(*, user: AbstractBaseUser) -> dict[str, Any]:
    """Everything we hold about the customer, read through their own row-level scope, and
    the sections the apps above keep of their own (`customer_data_exported`)."""
    data = _personal_data(user)
    for _, sections in signals.customer_data_exported.send(sender=User, user_id=user.pk):
        data.update(sections)
    return data


def _downloads(user: AbstractBaseUser) -> list[dict[str, Any]]:
    """The downloads through the customer's links, and those their signed-in session made
    through another customer's. Where a download was made from (address, browser) is told
    only to whoever made it (outside probe CX-1: one customer's export showed another's
    address, used on their link, and left it out of that other's export)."""
    me = customer_actor(user.pk)
    fields = ("downloaded_at", "ip_address", "user_agent")
    rows = []
    for row in DownloadEvent.objects.filter(link__order__customer=user).values(
        *fields,
        "signed_in_as",
        first_bytes_only=F("probe"),
        order_number=F("link__order__number"),
        title=F("link__order_item__title"),
    ):
        row["by_another_account"] = row.pop("signed_in_as") not in ("", me)
        if row["by_another_account"]:
            row.update(ip_address=None, user_agent="")
        rows.append(row)
    with system_scope():  # another customer's links: nothing of their orders is told
        theirs = DownloadEvent.objects.filter(signed_in_as=me).exclude(link__order__customer=user)
        rows += [
            {**row, "order_number": None, "title": None, "by_another_account": False}
            for row in theirs.values(*fields, first_bytes_only=F("probe"))
        ]
    return rows


def _personal_data(user: AbstractBaseUser) -> dict[str, Any]:
    orders = list(
        Order.objects.filter(customer=user)
        .select_related("discount_use__discount_code")
        .prefetch_related("items", "events")
    )
    disputes = orders_disputes(orders)
    return {
        "account": {
            "id": user.pk,
            "username": user.get_username(),
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified_at", "created_at")
        ),
        "replaced_addresses": list(
            ReplacedAddress.objects.filter(user=user).values("email", "replaced_at")
        ),
        "orders": [_order(order, disputes.get(order.pk)) for order in orders],
        "payments": list(
            Payment.objects.filter(order__customer=user).values(
                "attempt",
                "amount",
                "currency",
                "status",
                "card_brand",
                "card_last4",
                "created_at",
                order_number=NUMBER,
            )
        ),
        "refunds": list(
            Refund.objects.filter(order__customer=user).values(
                "amount", "currency", "status", "reason", "created_at", order_number=NUMBER
            )
        ),
        "invoices_and_credit_notes": [
            _document(row)
            for row in Invoice.objects.issued()
            .filter(order__customer=user)
            .values(
                "number",
                "kind",
                "issued_at",
                "currency",
                "total_amount",
                "buyer",
                order_number=NUMBER,
            )
        ],
        "vat_declarations": list(
            OrderTaxEvidence.objects.filter(order__customer=user).values(
                "declared_country",
                "vat_number",
                "business_name",
                "billing_address",
                "card_country",
                "ip_country",
                order_number=NUMBER,
            )
        ),
        "email_preferences": {"file_updates": file_update_emails_wanted(user_id=user.pk)},
        "downloads": _downloads(user),
        "emails_sent": [
            *EmailDelivery.objects.filter(order__customer=user, sent_at__isnull=False).values(
                "kind", "recipient", "sent_at", order_number=NUMBER
            ),
            *AccountEmail.objects.filter(user=user)
            .order_by("sent_at", "pk")
            .values(
                "kind", "recipient", "sent_at", order_number=Value(None, output_field=CharField())
            ),
        ],
    }


def _document(row: dict[str, Any]) -> dict[str, Any]:
    """An invoice, credit note or debit note with its total as the document reads: a debit
    note's is what it charges again, positive (stored negative, as what it takes off the
    invoice's credits)."""
    if row["kind"] == DocumentKind.DEBIT_NOTE:
        row["total_amount"] = -row["total_amount"]
    return row


def _order(order: Order, dispute: OrderDispute | None) -> dict[str, Any]:
    # What each item got back in all (refunds of amounts too, which record nothing on the
    # items), as the API gives it: refunds that did not reach the customer count for nothing.
    paid_back = items_paid_back(order)
    return {
        "number": order.number,
        "status": order.status,
        "email": order.email,
        "currency": order.currency,
        "total_amount": order.total_amount,
        "refunded_amount": order.refunded_amount,
        # As its page says "Discount (WELCOME10) -€0.40" (outside probe HR-3: the export's
        # items did not add up to its total).
        "discount_code": use.discount_code.code if (use := _discount_use(order)) else None,
        "discount_amount": order.discount_amount,
        # The VAT added on top of net prices, and that taken off for a business's reverse
        # charge (outside probe HZ-4: the items came to 7.14 against a total of 6.67).
        "tax_added_amount": order.tax_added_amount,
        "tax_removed_amount": order.tax_removed_amount,
        # What lost disputes took back through the customer's bank (outside probe HS-3: the
        # order's amounts did not add up without it).
        "dispute_lost_amount": dispute.lost_amount if dispute else 0,
        "created_at": order.created_at,
        "paid_at": order.paid_at,
        "items": [
            {
                "title": i.title,
                "unit_amount": i.unit_amount,
                "discount_amount": i.discount_amount,
                "refunded_amount": paid_back.get(i.pk, 0),
            }
            for i in order.items.all()  # as bought (`OrderItem`'s ordering)
        ],
        "history": _history(order),
    }


def _discount_use(order: Order) -> DiscountUse | None:
    try:
        return order.discount_use
    except DiscountUse.DoesNotExist:
        return None


def _history(order: Order) -> list[dict[str, Any]]:
    """The order's events as its page tells them, with their codes (the VAT hold it shows
    too, outside probe HX-5, but no other staff flag, nor staff notes): of comics staff gave,
    not the placing and paying the page leaves out (outside probe CE-3: the customer, who
    placed nothing, read "Order placed" and "Confirmed" in their own data)."""
    events = list(order.events.all())
    given = any(event.type == OrderEventType.COMP for event in events)
    return [
        {
            "type": e.type,
            "what": _event_words(e, order, given=given),
            "from": e.from_status,
            "to": e.to_status,
            "at": e.created_at,
        }
        for e in events
        if e.type != "note"
        and (e.type != "flagged" or event_words(e, order))  # the VAT hold the page shows
        and not _withdrew_no_link(e)
        and not (given and _left_out_of_a_gift(e, order))
    ]


def _left_out_of_a_gift(event: OrderEvent, order: Order) -> bool:
    return not event_words(event, order, given=True) and bool(event_words(event, order))


def _event_words(event: OrderEvent, order: Order, *, given: bool) -> str:
    """The event in the order page's words, else the download links' own, else its kind."""
    if words := event_words(event, order, given=given):
        return words
    if event.type == OrderEventType.STATUS_CHANGED and event.to_status in STATUS_WORDS:
        return STATUS_WORDS[event.to_status]
    data = event.data or {}
    if event.type == OrderEventType.DISPUTED and data.get("action") == LOSS_REVERSED:
        back = format_display(-int(data.get("amount", 0)), order.currency)
        return f"Dispute won after all: {back} came back to us"
    if event.type == OrderEventType.DISPUTED:
        return DISPUTE_FUNDS_WORDS.get(data.get("action", ""), "Disputed")
    if event.type == OrderEventType.VAT:
        return _vat_words(data)
    if event.type == OrderEventType.BUNDLE:
        return event.reason  # "Bundle The Dreamlands Trilogy", as its pricing named it
    if event.type == OrderEventType.DISCOUNT and "code" in data:
        if data.get("released"):
            return f"Discount code {data['code']} released: the order ended unpaid"
        off = format_display(int(data.get("amount", 0)), order.currency)
        return f"Discount code {data['code']}: {off} off"
    if event.type == OrderEventType.REFUND and data.get("external"):
        return f"Refund of {format_display(data['amount'], order.currency)} made at Stripe"
    if event.type == OrderEventType.DOWNLOAD_LINKS:
        action = data.get("action", "")
        if action in ONE_LINK_ACTIONS:
            return event.reason
        if action == "revoked" and event.reason.startswith(SUSPENDED_REASONS):
            return SUSPENDED_WORDS
        if action in LINK_WORDS:
            return LINK_WORDS[action]
    return event.get_type_display()


# What VIES said of the customer's VAT number, as their export names it.
VIES_WORDS = {
    ViesStatus.VALID: "VAT number confirmed by VIES",
    ViesStatus.INVALID: "VAT number refused by VIES",
    ViesStatus.UNANSWERED: "VAT number could not be checked with VIES",
}


def _vat_words(data: dict[str, Any]) -> str:
    """A VAT evidence event the order page leaves out (outside probe HY-2: it read "VAT
    evidence" alone), in the customer's words; its reason is staff's."""
    if "card_country" in data:
        return f"Card issued in {country_name(data['card_country'])}, recorded for VAT"
    if "rate_changed" in data:
        return data["rate_changed"]  # what the order's pages told the customer
    if data.get("vies") in VIES_WORDS:
        return VIES_WORDS[data["vies"]]
    if data.get("decision") == EvidenceDecision.REFUND:
        return "Refund decided: the evidence did not support the country you declared, for VAT"
    return "Evidence of the country you live in recorded, for VAT"


def _withdrew_no_link(event: OrderEvent) -> bool:
    """An item refund recorded before it stopped no link (the order never had one) as
    links withdrawn: it withdrew nothing."""
    data = event.data or {}
    return data.get("action") == "revoked" and data.get("links") == 0


def erasure_request(*, user: AbstractBaseUser) -> ErasureRequest:
    """Record the request, cancel the unpaid orders of the account and of the guest
    accounts erased with it (a payment under way for one charges nothing) and queue the
    erasure; the account can no longer sign in. Asked again (the form sent twice, even at
    once), the account's request is the one there is."""
    from accounts.tasks import erase_account

    with system_scope():
        locked = User.objects.select_for_update().get(pk=user.pk)
        asked = ErasureRequest.objects.filter(user=locked).first()
        if asked is not None:
            return asked
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        request = ErasureRequest.objects.create(user=locked)
        for account in [locked, *_guests_of_confirmed_addresses(locked)]:
            _unpaid_orders_cancel(account, asked_by=locked)
        erase_account.defer(erasure_id=request.pk)
    return request


def _unpaid_orders_cancel(account: AbstractBaseUser, *, asked_by: AbstractBaseUser) -> None:
    """Nothing is paid for an account being erased (outside probe BN-1: a payment under
    way went through after the erasure, for an order nobody could receive)."""
    order_services.customer_unpaid_orders_cancel(
        customer_id=account.pk, actor=customer_actor(asked_by.pk), reason=ERASURE_ASKED
    )


def guest_erasure_request(*, guest: AbstractBaseUser, address_proved: bool) -> ErasureRequest:
    """A guest's erasure; with `address_proved` (their session came through the link
    emailed to the address), the other guest accounts of that address too: the same
    person's other checkouts, abandoned or paid, each with its own request. A session that
    only checked out has proved nothing, and erases its own order alone (anyone may type
    an address at checkout)."""
    accounts = [guest, *(_other_guests_of_the_address(guest) if address_proved else [])]
    with transaction.atomic():
        # In the order of their keys: two of them erasing at once lock alike.
        requests = {a.pk: erasure_request(user=a) for a in sorted(accounts, key=lambda a: a.pk)}
    return requests[guest.pk]


def _other_guests_of_the_address(guest: AbstractBaseUser) -> list[AbstractBaseUser]:
    with system_scope():
        return list(guest_accounts_of(email=guest.email).exclude(pk=guest.pk))


def account_erase(*, erasure_id: int) -> None:
    """Pseudonymise the account of an erasure request, and the guest accounts that bought
    with an address it confirmed (their orders may have joined it; their unpaid ones are
    canceled); once (a completed one is left)."""
    with system_scope():
        erasure = ErasureRequest.objects.select_for_update().get(pk=erasure_id)
        if erasure.status == ErasureStatus.COMPLETED:
            return
        user = User.objects.select_for_update().get(pk=erasure.user_id)
        for account in [user, *_guests_of_confirmed_addresses(user)]:
            # Ended when it asked, unless bought since (or asked before that was done).
            _unpaid_orders_cancel(account, asked_by=user)
            _pseudonymise(account)
        erasure.status, erasure.completed_at = ErasureStatus.COMPLETED, timezone.now()
        erasure.save(update_fields=["status", "completed_at"])


def _guests_of_confirmed_addresses(user: AbstractBaseUser) -> list[AbstractBaseUser]:
    """Guest accounts with an address `user` has proved to own. An address given at
    sign-up but never confirmed may be someone else's: their guest orders stay theirs, as
    they would stay out of `guest_orders_claim`."""
    confirmed = EmailAddress.objects.filter(user=user, verified_at__isnull=False)
    guests = User.objects.none()
    for email in confirmed.values_list("email", flat=True):
        guests |= guest_accounts_of(email=email)
    return list(guests.select_for_update())


def erasures_resume(*, requested_before: datetime) -> int:
    """Queue again the erasures asked for before `requested_before` and still not done (a
    job that failed): erasing is done once however often it runs. Returns how many."""
    from accounts.tasks import erase_account

    with system_scope():
        waiting = ErasureRequest.objects.filter(
            status=ErasureStatus.REQUESTED, requested_at__lt=requested_before
        ).values_list("pk", flat=True)
        erasure_ids = list(waiting)
        for erasure_id in erasure_ids:
            erase_account.defer(erasure_id=erasure_id)
    return len(erasure_ids)


def erased_address(*, user_id: int) -> str:
    """What erasure writes where the account's addresses were."""
    return f"erased-{user_id}@erased.invalid"


def _abuse_alerts_forget(orders: QuerySet[Order]) -> None:
    """The networks the customer downloaded from leave their orders' link abuse alerts (the
    alerts keep how many), and an open one is dismissed: no one is left to tell or to
    suspend (outside probe DX-2: it kept them, open)."""
    alerts = DownloadAbuseAlert.objects.filter(order__in=orders)
    abuse_alerts_networks_forget(alerts)
    for alert in alerts.filter(status=AbuseAlertStatus.OPEN):
        download_abuse_dismiss(alert=alert, actor=SYSTEM)


def _business_details_forget(orders: QuerySet[Order]) -> None:
    """The business name and billing address typed at the checkout of orders never paid (no
    supply, no invoice, nothing to declare) are blanked (outside probe HD-1: staff still read
    them on the canceled orders of an erased account); their VAT number stays, a business's
    registration the order's reverse charge rests on. A paid order's stay with its invoice,
    which states them as issued, as the VAT evidence of that supply."""
    OrderTaxEvidence.objects.filter(order__in=orders, order__paid_at__isnull=True).update(
        business_name="", billing_address=""
    )


def _pseudonymise(user: AbstractBaseUser) -> None:
    pseudonym = f"{ERASED_PREFIX}{user.pk}"
    address = erased_address(user_id=user.pk)
    orders = Order.objects.filter(customer=user)
    orders.update(email=address)
    EmailDelivery.objects.filter(order__in=orders).update(recipient=address)
    AccountEmail.objects.filter(user=user).update(recipient=address)
    DownloadEvent.objects.filter(
        Q(link__order__in=orders) | Q(signed_in_as=customer_actor(user.pk))
    ).update(ip_address=None, user_agent="")
    _abuse_alerts_forget(orders)
    _business_details_forget(orders)
    EmailAddress.objects.filter(user=user).delete()
    ReplacedAddress.objects.filter(user=user).delete()
    Cart.objects.filter(customer=user).delete()
    signals.customer_erased.send(sender=ErasureRequest, user_id=user.pk)
    stripe_customer_erasure_start(user=user)
    user.username, user.email = pseudonym, ""
    user.first_name = user.last_name = ""
    user.last_login = None
    user.is_active = False
    user.set_unusable_password()
    user.save()
