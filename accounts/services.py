"""Account changes: addresses waiting for confirmation and their confirmation. Each runs as
the system on the one user it is given (a visitor who just signed up, or the owner of a
signed link, has no customer scope yet in the request that calls it)."""

import enum
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from accounts import errors
from accounts.models import AccountEmail, AccountEmailKind, ReplacedAddress
from accounts.privacy import erased_address
from accounts.selectors import (
    address_confirmed_by_another_account,
    guest_orders_waiting,
    name_drawings,
    name_drawn_as_taken,
    replaced_address_reset_window,
    replaced_address_to_reset,
)
from accounts.verification import verification_read
from delivery.tasks import fulfil_order
from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus.sessions import SessionStore
from morpheus.throttles import (
    Decision,
    sign_in_failures_forget,
    throttle_forgive_one,
    throttle_forgive_one_as_typed,
    throttle_hit,
    throttle_hit_as_typed,
)
from morpheus.transactions import take_turns
from notifications.models import EmailAddress, EmailDelivery, EmailKind
from orders import customer_orders, events, signals
from orders.actors import actor_for
from orders.buyer import BuyerDeclaration
from orders.guests import (
    GUEST_PREFIX,
    LINK_DAYS,
    guest_accounts_of,
    guest_order_link_expired,
    guest_order_link_read,
    is_erased,
    is_guest,
)
from orders.models import Order
from orders.selectors import LINKS_SENT_ON_CONFIRMATION
from orders.services import order_chargeable_check, order_create_from_cart, order_email_change
from promotions.checkout import checkout_code_apply
from promotions.selectors import order_parts

User = get_user_model()
# The change-of-address form sent again within this long of the address's last link is
# the same request (a double click, a reload of the POST): its link is on its way, and no
# second one is sent nor counted.
EMAIL_CHANGE_REPEAT_WINDOW = timedelta(minutes=1)
CONFIRMATIONS_PER_ACCOUNT = "email_resend_account"
CONFIRMATIONS_PER_ADDRESS = "email_resend_address"


TAKEN = "A user with that username already exists."
DRAWN_AS_TAKEN = (
    "This name could pass for another: it is drawn like one taken or reserved (a capital I "
    "or a 1 for an l, a 0 for an O, an r and an n for an m, letters of another alphabet "
    "drawn as Latin ones, or a joiner that changes nothing). Please choose another."
)


def account_sign_up(*, username: str, email: str, password: str) -> AbstractBaseUser:
    """A new customer account, its address waiting for confirmation (the link is emailed by
    a job). A name another sign-up took meanwhile, two racing for it, is refused like any
    taken name."""
    try:
        with transaction.atomic():
            account_name_turns_take(username=username)
            if User.objects.filter(username__iexact=username).exists():
                raise errors.UsernameTaken(TAKEN)
            if name_drawn_as_taken(typed=username):
                raise errors.UsernameTaken(DRAWN_AS_TAKEN)
            user = User.objects.create_user(username=username, email=email, password=password)
            # As the account keeps it (its domain in lower case), so that confirming it is
            # no change of address (outside probe DL-1).
            email_verification_start(user=user, email=user.email)
    except IntegrityError as exc:
        raise errors.UsernameTaken(TAKEN) from exc
    return user


def account_name_turns_take(*, username: str) -> None:
    """Until the open transaction ends, a sign-up or a staff rename to a name alike but for
    case, or drawn alike, waits here, so that it sees this one's account when it checks:
    both checked before either was saved, "alice" and "ALICE" or "aIice" sent at once made
    both (outside probe HB-1: two staff renames at once too)."""
    drawn = {f"account-name-drawn:{drawing}" for drawing in name_drawings(typed=username)}
    for name in sorted({f"account-name:{username.casefold()}", *drawn}):
        take_turns(name)  # in one order, so that no two wait for each other


def email_verification_start(
    *,
    user: AbstractBaseUser,
    email: str,
    unless_asked_since: datetime | None = None,
    limited: bool = False,
) -> EmailAddress:
    """Record `email` as the user's, unconfirmed, and email it a confirmation link. For a
    new account and for a change of address (the account keeps its address until then).
    One new address waits at a time: asking for another retires the links of the one
    before, and an address the account gave up must be proved again. With
    `unless_asked_since`, an address still waiting that was asked for since then gets no
    second link (the same form sent twice). With `limited`, the link counts against the
    account's and the address's limits of confirmation emails; past either, nothing is
    sent nor recorded (ConfirmationEmailsLimited). The limits are counted before the
    addresses are locked, as "Send the link again" counts them: in the other order, the
    two at once from one account could each wait for the other's lock. A post that finds,
    once it holds the lock, that the same form sent at once has just sent the link takes
    its count back: the double submit counts once."""
    with system_scope():
        if limited:
            waiting = _waiting_since(user=user, email=email, since=unless_asked_since)
            if waiting is not None:
                return waiting  # its link is on its way
            _confirmation_email_count(user=user, email=email)
        address, sent = _link_send(user=user, email=email, unless_sent_since=unless_asked_since)
        if limited and not sent:
            _confirmation_email_uncount(user=user, email=email)
    return address


class LinksSentAgain(enum.Enum):
    """What "Send the link again" did."""

    SENT = "sent"
    ON_ITS_WAY = "on_its_way"  # each address waiting was sent its link within the window
    NONE_WAITING = "none_waiting"  # confirmed already (in another tab), or never asked for


def email_links_send_again(*, user: AbstractBaseUser, emails: Sequence[str]) -> LinksSentAgain:
    """ "Send the link again": each of the user's addresses waiting (`emails`, which the view
    counted against the limits of confirmation emails before this locks the addresses, as
    the change form counts them) is emailed its link again, unless its last link went out
    within EMAIL_CHANGE_REPEAT_WINDOW: the button pressed twice at once sends one link and
    counts once, the press that finds it just sent taking its counts back. An address
    confirmed meanwhile is sent nothing and counts nothing, as is a press with none."""
    since = timezone.now() - EMAIL_CHANGE_REPEAT_WINDOW
    any_sent = False
    with system_scope():
        addresses = EmailAddress.objects.select_for_update().filter(user=user)  # as _link_send
        waiting = {address.email.lower() for address in addresses if address.verified_at is None}
        for email in emails:
            sent = False
            if email.lower() in waiting:
                _, sent = _link_send(user=user, email=email, unless_sent_since=since)
            if not sent:
                throttle_forgive_one_as_typed(limit=CONFIRMATIONS_PER_ADDRESS, value=email)
            any_sent = any_sent or sent
        if not any_sent:
            throttle_forgive_one(limit=CONFIRMATIONS_PER_ACCOUNT, value=str(user.pk))
    if any_sent:
        return LinksSentAgain.SENT
    if waiting & {email.lower() for email in emails}:
        return LinksSentAgain.ON_ITS_WAY
    return LinksSentAgain.NONE_WAITING


def _link_send(
    *, user: AbstractBaseUser, email: str, unless_sent_since: datetime | None
) -> tuple[EmailAddress, bool]:
    """Under the lock of the user's addresses: `email` recorded as theirs, unconfirmed, and
    its link emailed, unless it is waiting with a link sent since `unless_sent_since` (the
    same form sent at once); the address, and whether a link was sent."""
    from accounts.tasks import send_email_verification

    addresses = EmailAddress.objects.select_for_update().filter(user=user)
    addresses.filter(verified_at__isnull=True).exclude(email__iexact=email).exclude(
        email__iexact=user.email
    ).delete()
    address = addresses.filter(email__iexact=email).first()
    if address is None:
        address = EmailAddress(user=user, email=email)
    elif address.verified_at and address.email.lower() != user.email.lower():
        address.verified_at = None
    elif _waiting_since(user=user, email=email, since=unless_sent_since) is not None:
        return address, False  # its link is on its way
    address.link_sent_at = timezone.now()
    address.save()
    send_email_verification.defer(address_id=address.pk)
    return address, True


def _waiting_since(
    *, user: AbstractBaseUser, email: str, since: datetime | None
) -> EmailAddress | None:
    """The user's address `email`, waiting for its confirmation, its last link sent after
    `since`."""
    if since is None:
        return None
    return EmailAddress.objects.filter(
        user=user, email__iexact=email, verified_at__isnull=True, link_sent_at__gt=since
    ).first()


def _confirmation_email_count(*, user: AbstractBaseUser, email: str) -> None:
    """Counted per account, whatever the address (alternating two addresses must not mail
    both without limit), then per address, whichever accounts name it; the counters of
    "Send the link again" (`THROTTLE_EMAIL_RESEND_*`). Counted in the caller's transaction:
    the same form sent at once waits for the first's count to commit."""
    by_account = throttle_hit(limit=CONFIRMATIONS_PER_ACCOUNT, value=str(user.pk))
    if not by_account.allowed:
        rate = settings.THROTTLE_RATES[CONFIRMATIONS_PER_ACCOUNT]
        raise errors.ConfirmationEmailsLimited(
            f"You have asked for {rate.limit} confirmation emails in the last "
            f"{rate.period()}: try again after {_again_at(by_account)}.",
            retry_after_seconds=by_account.retry_after_seconds,
        )
    by_address = throttle_hit_as_typed(limit=CONFIRMATIONS_PER_ADDRESS, value=email)
    if not by_address.allowed:
        rate = settings.THROTTLE_RATES[CONFIRMATIONS_PER_ADDRESS]
        raise errors.ConfirmationEmailsLimited(
            f"We have sent {email} {rate.limit} confirmation emails in the last "
            f"{rate.period()}: try again after {_again_at(by_address)}.",
            retry_after_seconds=by_address.retry_after_seconds,
        )


def _confirmation_email_uncount(*, user: AbstractBaseUser, email: str) -> None:
    """Takes back what `_confirmation_email_count` counted (both, as it was allowed)."""
    throttle_forgive_one(limit=CONFIRMATIONS_PER_ACCOUNT, value=str(user.pk))
    throttle_forgive_one_as_typed(limit=CONFIRMATIONS_PER_ADDRESS, value=email)


def _again_at(decision: Decision) -> str:
    """The minute the limit's window ends, rounded up ("14:05 UTC"), with its day when
    that is not today."""
    now = timezone.now()
    at = now + timedelta(seconds=decision.retry_after_seconds)
    if at.second or at.microsecond:
        at = at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    day = "" if at.date() == now.date() else f"{at.day} {at:%b} "
    return f"{day}{at:%H:%M} UTC"


def email_change_request(*, user: AbstractBaseUser, email: str) -> EmailAddress:
    """A double submit of the change form sends one link; asking again later sends another,
    within the limits of confirmation emails (raises ConfirmationEmailsLimited past them).
    The address is kept as sign-up keeps one, its domain in lower case (outside probe DM-2)."""
    email = User.objects.normalize_email(email)
    if email.lower() == user.email.lower():
        raise errors.EmailUnchanged(f"{email} is already your address.")
    since = timezone.now() - EMAIL_CHANGE_REPEAT_WINDOW
    return email_verification_start(user=user, email=email, unless_asked_since=since, limited=True)


def email_verify(*, token: str) -> AbstractBaseUser:
    """Confirm the address a signed link names: it becomes the account's address, and the
    download emails held for it go out."""
    user_id, email = verification_read(token)
    return _email_confirm(user_id=user_id, email=email)


def email_confirm_by_password_reset(*, user_id: int) -> AbstractBaseUser:
    """A password reset went through the link emailed to the account's address: that
    proves the address as a confirmation link would."""
    with system_scope():
        email = User.objects.filter(pk=user_id).values_list("email", flat=True).first()
    return _email_confirm(user_id=user_id, email=email or "")


def address_restore_by_password_reset(*, user_id: int, replaced_address_id: int) -> str | None:
    """A new password was set through the reset link emailed to an address the account
    replaced lately: that proves the mailbox, so the account gets the address back. The
    addresses it had been moved to since (by whoever had the password, perhaps) are dropped
    from the account: they are told nothing and promised no reset of their own, so none can
    take the account again. Returns the address restored; None when the promise has run out or
    another account has confirmed that address since (the password is set all the same)."""
    with system_scope():
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
        replaced = replaced_address_to_reset(replaced_address_id=replaced_address_id)
        if user is None or replaced is None or replaced.user_id != user.pk:
            return None
        # The addresses it moved through since, with their promises: each was the taker's
        # (outside probe FC-1: the first of two kept its promise and took the account back).
        moved_through = ReplacedAddress.objects.filter(
            Q(email__iexact=replaced.email) | Q(replaced_at__gt=replaced.replaced_at), user=user
        )
        since = Q()
        for email in moved_through.exclude(email__iexact=replaced.email).values_list(
            "email", flat=True
        ):
            since |= Q(email__iexact=email)
        # Dropped before the restored address is confirmed, so no notice finds it to tell.
        EmailAddress.objects.filter(user=user).exclude(email__iexact=replaced.email).filter(
            Q(verified_at__isnull=True) | Q(email__iexact=user.email) | since
        ).delete()
        address = EmailAddress.objects.select_for_update().filter(
            user=user, email__iexact=replaced.email
        ).first() or EmailAddress.objects.create(user=user, email=replaced.email)
        moved_through.delete()
        _address_confirmed(user=user, address=address)
    return address.email


class AddressToConfirm(NamedTuple):
    email: str
    username: str
    # Another account's confirmed address: its mailbox's owner is asked to give it to this
    # account too (a mailbox may change hands, so this is asked, not refused).
    another_accounts: bool
    # Beside another account's: the orders bought as a guest with it that no account has
    # added yet, which confirming it adds to this account (outside probe HM-1: unsaid).
    guest_orders: int


def email_verification_check(*, token: str) -> AddressToConfirm:
    """What a confirmation link would confirm, for which account, confirming nothing (the
    page its button is on); raises as `email_verify` would."""
    user_id, email = verification_read(token)
    with system_scope():
        address = EmailAddress.objects.filter(user_id=user_id, email__iexact=email).first()
        user = User.objects.filter(pk=user_id, is_active=True).first()
    _link_check(address, user)
    another_accounts = address_confirmed_by_another_account(email=email, user_id=user_id)
    return AddressToConfirm(
        email=address.email,  # as the account shows it (outside probe DM-2: the link's form)
        username=user.get_username(),
        another_accounts=another_accounts,
        guest_orders=guest_orders_waiting(email=address.email).placed if another_accounts else 0,
    )


def _link_check(address: EmailAddress | None, user: AbstractBaseUser | None) -> None:
    if address is None or user is None:
        raise errors.VerificationLinkInvalid("This confirmation link is no longer valid.")
    if address.verified_at and address.email.lower() != user.email.lower():
        # A link to an address the account has since replaced: it must not take it back.
        raise errors.VerificationLinkInvalid("This confirmation link is no longer valid.")


def _email_confirm(*, user_id: int, email: str) -> AbstractBaseUser:
    with system_scope():
        address = (
            EmailAddress.objects.select_for_update()
            .filter(user_id=user_id, email__iexact=email)
            .first()
        )
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
        _link_check(address, user)
        _address_confirmed(user=user, address=address)
    return user


def _address_confirmed(*, user: AbstractBaseUser, address: EmailAddress) -> None:
    """`address` (locked, as `user` is) is proved: it becomes the account's address, and
    what waited for it follows. Every path that proves an address ends here (a confirmation
    link, a password reset through the account's address or through the one it replaced)."""
    newly_confirmed = address.verified_at is None
    if newly_confirmed:
        address.verified_at = timezone.now()
        address.save(update_fields=["verified_at"])
    replaced = user.email.lower() != address.email.lower()
    if replaced:  # the new address replaces the old: others retire
        EmailAddress.objects.filter(user=user, verified_at__isnull=True).delete()
        _tell_the_old_address(user)
        user.email = address.email
        user.save(update_fields=["email"])
    guest_orders_claim(user=user, email=address.email)
    # A link opened again (a mail scanner, then the reader) moves and queues nothing.
    if newly_confirmed or replaced:
        _orders_follow_the_address(user=user, email=address.email, replaced=replaced)
    if newly_confirmed:
        _send_held_download_emails(user_id=user.pk, email=address.email)


def _orders_follow_the_address(*, user: AbstractBaseUser, email: str, replaced: bool) -> None:
    """The account's orders placed with an address it no longer has (one never confirmed,
    which a confirmed address retires, or the one a reset through the replaced address
    dropped) take the address just confirmed: their download links waited for a
    confirmation that can no longer come, and their mail goes to a mailbox the customer
    proved rather than one they never did. When it `replaced` the account's address, every
    order takes it: the customer left the old mailbox, confirmed or not (outside probe
    DX-1: fresh download links went to the address they had just replaced)."""
    orders = Order.objects.filter(customer=user)
    if replaced:
        orders = orders.exclude(email_lower=email.lower())
    else:
        addresses = EmailAddress.objects.filter(user=user).annotate(lower=Lower("email"))
        orders = orders.exclude(email_lower__in=addresses.values("lower"))
    for order in orders:
        order_email_change(
            order=order,
            email=email,
            actor=actor_for(user),
            reason="Its address is no longer the account's: the address it confirmed replaced it.",
        )


def _tell_the_old_address(user: AbstractBaseUser) -> None:
    """Only an address the account had confirmed is told (an unconfirmed one may be a
    stranger's), and only such an address is sent the password resets asked for with it,
    for a while (`accounts.selectors.replaced_addresses_to_reset`)."""
    from accounts.tasks import send_address_changed

    old = EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified_at__isnull=False
    ).first()
    if old is None:
        return
    now = timezone.now()
    ReplacedAddress.objects.filter(
        user=user, replaced_at__lt=now - replaced_address_reset_window()
    ).delete()  # their promise has run out: nothing needs them
    ReplacedAddress.objects.create(user=user, email=old.email, replaced_at=now)
    send_address_changed.defer(old_address_id=old.pk)


def _send_held_download_emails(*, user_id: int, email: str) -> None:
    """Fulfilment emails its links only to a verified address: run it again for the orders
    whose links were never sent (it re-issues links that nobody has seen)."""
    sent = EmailDelivery.objects.filter(
        kind=EmailKind.DOWNLOADS_READY, event_key="fulfilled", sent_at__isnull=False
    ).values("order_id")
    held = (
        Order.objects.filter(LINKS_SENT_ON_CONFIRMATION, customer_id=user_id, email__iexact=email)
        .exclude(pk__in=sent)
        .values_list("pk", flat=True)
    )
    for order_id in held:
        fulfil_order.defer(order_id=order_id)


def password_replaced(*, user_id: int) -> int:
    """The customer's password was replaced: the wrong passwords counted against the account
    are forgotten, and the credentials other apps keep for them stop working (see
    `orders.signals.customer_password_replaced`); how many did. The account's address is
    told, in case its owner did not make the change."""
    from accounts.tasks import send_password_changed

    with system_scope():
        username = User.objects.values_list("username", flat=True).get(pk=user_id)
        sign_in_failures_forget(username=username)
        answers = signals.customer_password_replaced.send(sender=None, user_id=user_id)
    send_password_changed.defer(user_id=user_id, changed_at=timezone.now().isoformat())
    return sum(stopped for _, stopped in answers)


# What a new password set on the account page leaves under the session key its sign-in
# moved from, for a minute: the same form posted again (a double click) still carries that
# key, now signed in to nothing, and is answered as the first was. It holds no sign-in,
# only the form's one-off token, so the key alone (or another form's post) opens nothing.
CHANGED_BY_FORM = "accounts.password_changed_by_form"
PASSWORD_TRAIL_SECONDS = 60


def password_change_leave_trail(*, replaced_key: str | None, attempt: str) -> None:
    """Under the key the new password's sign-in replaced: the token of the form
    (`attempt`) that changed it. A post without one leaves none."""
    if replaced_key is not None and attempt:
        SessionStore.create_under(
            replaced_key, {CHANGED_BY_FORM: attempt}, seconds=PASSWORD_TRAIL_SECONDS
        )


def password_changed_by_this_form(*, session: SessionBase, attempt: str) -> bool:
    """Whether the session key this post carries was replaced a moment ago by a new password
    sent from the same form (`attempt`, its page's token)."""
    key = session.session_key
    if key is None or not attempt:
        return False
    left = type(session)(session_key=key).load().get(CHANGED_BY_FORM, "")
    return constant_time_compare(attempt, left)


def account_email_record(
    *, user_id: int, kind: AccountEmailKind, recipient: str, link_state: str = ""
) -> AccountEmail:
    """An account email that went, for the customer's data export: recorded once the send
    succeeded, in a transaction of its own. Erasure locks the account too; one done since
    the send is recorded with the address erasure wrote (its real one must not outlive it)."""
    with system_scope():
        user = User.objects.select_for_update(no_key=True).get(pk=user_id)
        if is_erased(user):
            recipient = erased_address(user_id=user_id)
        return AccountEmail.objects.create(
            user=user,
            kind=kind,
            recipient=recipient,
            sent_at=timezone.now(),
            link_state=link_state,
        )


def guest_account_create(*, email: str) -> AbstractBaseUser:
    """A guest's own account, which no one can sign in to (no password, a name sign-up
    refuses): it owns the guest's order, so the customer's row-level security rules apply."""
    with system_scope():
        return User.objects.create_user(
            username=f"{GUEST_PREFIX}{secrets.token_hex(8)}", email=email, password=None
        )


# What the guest checkout that replaced a visitor's session leaves under its key for a
# minute: the same form, posted again at once, still carries that key and follows it to
# the order (a browser shows the last answer to a double click, and may drop the first's
# new session). Following it signs in as the guest, so it is bound to the form's one-off
# token too: the key alone (planted in the visitor's browser, or read off it) follows nowhere.
PLACED_BY_CHECKOUT = "accounts.guest_checkout_placed"
CHECKOUT_TRAIL_SECONDS = 60


class GuestCheckoutTurn(NamedTuple):
    may_check_out: bool
    placed: dict | None  # {"guest": id, "order": number}: what the first of the posts made


def guest_checkout_claim(*, session: SessionBase) -> GuestCheckoutTurn:
    """Whether this request may turn the visitor's cart into a guest order. A checkout
    signs the visitor in as its guest, which replaces their session: the same form posted
    twice at once read the same session and cart, and each made an order. Checkouts from
    one session take turns (a lock on its key until the request's transaction ends); the
    ones whose turn comes after the order was made make none, and find what it was."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A guest checkout is claimed inside the request's transaction.")
    key = session.session_key
    if key is None:
        return GuestCheckoutTurn(True, None)
    take_turns(f"guest-checkout:{key}")
    if not session.exists(key):
        return GuestCheckoutTurn(False, None)
    placed = type(session)(session_key=key).load().get(PLACED_BY_CHECKOUT)
    return GuestCheckoutTurn(placed is None, placed)


def guest_checkout_leave_trail(
    *, replaced_key: str | None, attempt: str, guest: AbstractBaseUser, order: Order
) -> None:
    """Under the key the checkout's sign-in replaced: the guest and order it made, for the
    posts of the same form (`attempt`, the token its page was rendered with). A post
    without one leaves none."""
    if replaced_key is not None and attempt:
        SessionStore.create_under(
            replaced_key,
            {PLACED_BY_CHECKOUT: {"guest": guest.pk, "order": order.number, "attempt": attempt}},
            seconds=CHECKOUT_TRAIL_SECONDS,
        )


def guest_checkout_follower(*, placed: dict, attempt: str) -> AbstractBaseUser | None:
    """The guest a trail names, while it is still a guest owning that order, for a post of
    the form that made it (`attempt`, its page's token): none for any other."""
    if not attempt or not constant_time_compare(attempt, placed.get("attempt", "")):
        return None
    with system_scope():
        return User.objects.filter(
            pk=placed["guest"], username__startswith=GUEST_PREFIX, orders__number=placed["order"]
        ).first()


# What signing out a guest checkout's session leaves under its key for a minute: the comics
# it moved from the guest's cart into the visitor's, and the bundles it left out. "Sign out"
# pressed twice at once sends that key twice: the second finds the guest's cart emptied by
# the first, and its own new session is given the same cart (a browser keeps whichever
# answer it handles last). It holds no sign-in, only what the cart held.
SIGNED_OUT_CART = "accounts.guest_signed_out_cart"
SIGN_OUT_TRAIL_SECONDS = 60
SIGN_UP_TRAIL_SECONDS = 60


class SignedOutCart(NamedTuple):
    comic_ids: list[int]
    bundle_titles: list[str]


def guest_sign_out_claim(*, session: SessionBase) -> SignedOutCart | None:
    """Sign-outs of one session take turns (a lock on its key until the request's
    transaction ends); what an earlier one moved out of a guest's cart, while its trail
    lasts: None when this is the first."""
    key = session.session_key
    if key is None:
        return None
    take_turns(f"sign-out:{key}")
    left = type(session)(session_key=key).load().get(SIGNED_OUT_CART)
    return None if left is None else SignedOutCart(**left)


def guest_sign_out_leave_trail(*, replaced_key: str | None, cart: SignedOutCart) -> None:
    """Under the key the sign-out replaced: what the guest's cart held, for the sign-outs
    sent at once with that key."""
    if replaced_key is not None:
        SessionStore.create_under(
            replaced_key, {SIGNED_OUT_CART: cart._asdict()}, seconds=SIGN_OUT_TRAIL_SECONDS
        )


# What a sign-up leaves for a minute under the key its sign-in replaced: the account the
# form made, which that form sent again (a double click) goes on to.
SIGNED_UP_BY_FORM = "accounts.signed_up_by_form"


def sign_up_leave_trail(*, replaced_key: str | None, account: AbstractBaseUser) -> None:
    if replaced_key is not None:
        SessionStore.create_under(
            replaced_key, {SIGNED_UP_BY_FORM: account.pk}, seconds=SIGN_UP_TRAIL_SECONDS
        )


def signed_up_from(*, session_key: str | None) -> int | None:
    """The account a sign-up from the session under this key made in the last minute: read
    afresh, since a sign-up sent at once read its session before the other's committed."""
    if session_key is None:
        return None
    return SessionStore(session_key=session_key).load().get(SIGNED_UP_BY_FORM)


class GuestOrder(NamedTuple):
    order: Order
    code_refusal: str  # why the code typed in the cart was not applied; "" when it was


def guest_order_place(
    *, guest: AbstractBaseUser, declaration: BuyerDeclaration | None = None, code: str = ""
) -> GuestOrder:
    """The guest's cart (merged from the visitor's when they were signed in) as an order,
    with the code the cart showed, as a signed-in checkout takes it (`checkout_code_apply`:
    a code that no longer applies leaves the order at full price, saying why, but refuses a
    business's order it would bring under the card minimum); `declaration` is what the guest
    said at checkout for VAT, as a signed-in buyer does."""
    actor = actor_for(guest)
    code_refusal = ""
    with rls_scope(scope=Scope.CUSTOMER, user_id=guest.pk):
        order = order_create_from_cart(customer=guest, actor=actor, declaration=declaration)
        if code:
            order, code_refusal = checkout_code_apply(
                order=order,
                code=code,
                customer=guest,
                actor=actor,
                business=bool(declaration and declaration.vat_number.strip()),
            )
        order_chargeable_check(order=order, parts=order_parts(order=order))
    return GuestOrder(order, code_refusal)


# Outside probe FI-2: the comics are still the buyer's, through an account.
COMICS_KEPT = (
    "Your comics are still yours: sign up with the email address you ordered with (or add it "
    "to your account) and confirm it, and the order joins your account, downloads included."
)
# Outside probe GQ-5: a link a mail program cut looks forged, and was left with no way on.
ORDER_LINK_BROKEN = (
    "This order link is not valid: part of it may have been cut or changed on its way. Open "
    f"it again from the email, the whole link. {COMICS_KEPT}"
)


def guest_from_order_link(*, token: str) -> tuple[AbstractBaseUser, Order]:
    """The guest a signed order link names, while that guest still owns the order, and
    the order."""
    read = guest_order_link_read(token)
    if read is None and guest_order_link_expired(token):
        raise errors.OrderLinkUnusable(
            f"This order link has expired: order links work for {LINK_DAYS} days. {COMICS_KEPT}"
        )
    if read is None:
        raise errors.OrderLinkUnusable(ORDER_LINK_BROKEN)
    order_id, guest_id = read
    with system_scope():
        guest = User.objects.filter(pk=guest_id).first()
        order = Order.objects.filter(pk=order_id).only("number", "customer_id").first()
    if guest is not None and is_erased(guest):
        raise errors.VerificationLinkInvalid(
            "This order's personal details were erased, as its buyer asked, so its link no "
            "longer opens it."
        )
    if guest is None or not guest.is_active or not is_guest(guest):
        raise errors.OrderLinkUnusable(ORDER_LINK_BROKEN)
    if order is None:
        raise errors.OrderLinkUnusable(ORDER_LINK_BROKEN)
    if order.customer_id != guest_id:
        raise errors.GuestOrderClaimed(
            customer_orders.MOVED,
            order_id=order.pk,
            number=order.number,
        )
    return guest, order


def guest_orders_claim(*, user: AbstractBaseUser, email: str) -> int:
    """Orders bought as a guest with `email` join `user`, whose confirmed address it is.
    Returns how many."""
    with system_scope():
        orders = Order.objects.select_for_update().filter(
            customer__in=guest_accounts_of(email=email)
        )
        claimed = 0
        for order in orders:
            guest_id = order.customer_id
            order.customer = user
            order.version += 1
            order.save(update_fields=["customer", "version", "updated_at"])
            events.joined_account(
                order=order, actor=actor_for(user), guest_id=guest_id, user_id=user.pk
            )
            claimed += 1
    return claimed
