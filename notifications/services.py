from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.transactions import one_at_a_time, refuse_inside_transaction
from notifications.emails import compose
from notifications.models import EmailDelivery, EmailKind, EmailPreference, EmailWithheld
from notifications.selectors import stop_link_reach
from orders.guests import is_erased_or_going
from orders.models import Order

# The message's extra template context, built once the email is claimed; or why nothing is
# sent (None: no longer due).
ContextFor = Callable[[Order], Mapping[str, object] | EmailWithheld | None]


def email_claim(*, order: Order, kind: EmailKind, event_key: str) -> EmailDelivery | None:
    """The delivery record to send now, naming the address it goes to, or None when this
    email already went out."""
    with transaction.atomic():
        delivery, _ = EmailDelivery.objects.select_for_update().get_or_create(
            order=order, kind=kind, event_key=event_key, defaults={"recipient": order.email}
        )
    if delivery.sent_at:
        return None
    if delivery.recipient != order.email:  # the order's address changed while it waited
        delivery.recipient = order.email
        delivery.save(update_fields=["recipient"])
    return delivery


def email_expected(*, order_id: int, kind: EmailKind, event_key: str) -> None:
    """The delivery row of an email whose job is deferred in this transaction: the jobs of
    the order's other emails see it is coming as soon as it commits."""
    EmailDelivery.objects.get_or_create(
        order_id=order_id,
        kind=kind,
        event_key=event_key,
        defaults={"recipient": Order.objects.values_list("email", flat=True).get(pk=order_id)},
    )


def email_mark_sent(*, delivery: EmailDelivery) -> None:
    EmailDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )


def email_withhold(*, delivery: EmailDelivery, why: EmailWithheld) -> None:
    EmailDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(withheld=why)


def email_withdraw(*, order_id: int, kind: EmailKind, event_key: str) -> None:
    """An email not sent because another one told its news: its unsent row goes, so its job
    sends nothing and no record (the customer's data export) lists it as an email that went."""
    EmailDelivery.objects.filter(
        order_id=order_id, kind=kind, event_key=event_key, sent_at__isnull=True
    ).delete()


def email_send_once(
    *,
    order_id: int,
    kind: EmailKind,
    event_key: str,
    context: ContextFor,
    when_sent: Callable[[Order], None] | None = None,
) -> None:
    """Claim, compose, send, mark sent: one customer email per (order, kind, event_key),
    however often the job calling this runs, two runs at the same time included. The
    send happens outside any transaction, so a run killed between the send and the mark
    leaves the email unmarked and the job's next run sends it again: at least once. Nothing
    goes to a customer who asked for their account's erasure while the email waited (done,
    their address is a placeholder; or still to be done by its job): its delivery row stays
    unsent. `when_sent` runs in the transaction that marks it sent."""
    refuse_inside_transaction("Sending a customer email")
    with _one_sender(order_id=order_id, kind=kind, event_key=event_key):
        with system_scope():
            order = Order.objects.get(pk=order_id)
            delivery = email_claim(order=order, kind=kind, event_key=event_key)
            if delivery is None:
                return
            if is_erased_or_going(order.customer):
                email_withhold(delivery=delivery, why=EmailWithheld.ERASURE)
                return
            extra = context(order)
            if extra is None or isinstance(extra, EmailWithheld):
                email_withhold(delivery=delivery, why=extra or EmailWithheld.NO_LONGER_DUE)
                return
            message = compose(kind=kind, order=order, **extra)
        message.send()
        with system_scope():
            email_mark_sent(delivery=delivery)
            if when_sent is not None:
                when_sent(order)


@contextmanager
def _one_sender(*, order_id: int, kind: EmailKind, event_key: str) -> Iterator[None]:
    """One run at a time sends a given email: a second run waits here until the first is
    done, then finds it sent (or, if the first failed, sends it itself). Without this both
    would claim the unsent row and send, and a second fulfilment run would revoke the
    links the first is emailing.

    A PostgreSQL session-level advisory lock, taken with no transaction open (no row lock
    is held while waiting, and the send in the block must not run in one). It needs no
    expiry: a killed worker's connection closes and PostgreSQL drops its locks, so the
    job's recovered run goes ahead. (A lease column would have to outlast the slowest
    send yet expire before that recovery, and a run meeting a live lease could neither
    send nor report success.) The lock lives on the connection, so the worker must reach
    PostgreSQL directly or through a session-mode pooler, as procrastinate's LISTEN does."""
    with one_at_a_time(f"email:{order_id}:{kind.value}:{event_key}"):
        yield


def email_preference_set(*, user_id: int, file_updates: bool) -> EmailPreference:
    """The customer's choice, kept in one row per account. Written as the system on that
    one account: a guest's order-link session sees its order, not the guest's rows."""
    with system_scope():
        preference, _ = EmailPreference.objects.select_for_update().update_or_create(
            user_id=user_id, defaults={"file_updates": file_updates}
        )
    return preference


def file_update_emails_stop(*, user_id: int) -> int:
    """Through an email's stop link: no more file-update emails for the accounts it covers
    (`stop_link_reach`). How many."""
    with transaction.atomic():
        accounts = stop_link_reach(user_id=user_id).accounts
        for account in accounts:
            email_preference_set(user_id=account, file_updates=False)
    return len(accounts)
