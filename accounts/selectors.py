import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import ReplacedAddress
from morpheus.db_context import system_scope
from notifications.models import EmailAddress
from orders.guests import ERASED_PREFIX, GUEST_PREFIX, guest_accounts_of, same_address
from orders.models import Order, OrderEvent, OrderEventType
from orders.transitions import UNPAID_STATUSES


@dataclass(frozen=True)
class AddressState:
    email: str
    verified: bool
    waiting: tuple[str, ...]  # addresses sent a confirmation link, not yet confirmed


def account_made_since(*, username: str, email: str, since: datetime) -> AbstractBaseUser | None:
    """The account signed up with `username` and `email` at or after `since`, if any."""
    return (
        get_user_model()
        .objects.filter(username__iexact=username, email__iexact=email, date_joined__gte=since)
        .first()
    )


def username_of(*, user_id: int) -> str:
    return get_user_model().objects.get(pk=user_id).get_username()


def username_as_stored(*, typed: str) -> str:
    """The username of the one account named `typed` in any case; `typed` itself when no
    account is, or several are (names told apart by case alone predate sign-up's check)."""
    named = get_user_model().objects.filter(username__iexact=typed)
    stored = list(named.values_list("username", flat=True)[:2])
    return stored[0] if len(stored) == 1 else typed


def customer_accounts_named(*, typed: str) -> list[AbstractBaseUser]:
    """The customer accounts `typed` names, by username in any case or by email address (as
    mail reaches it, `same_address`), each compared as Python folds case, not as
    PostgreSQL's UPPER() does (outside probe HE-4: an address with a dotless i for the i
    found alice). Active, not staff's, and neither a guest checkout's (no one signs in to
    it: outside probe HC-1, a guest's checkout with a customer's address hid the customer)
    nor an erased one. Names told apart by case alone (older than sign-up's check) go to
    the one spelled as typed; a name that is another account's address is both (outside
    probe HE-1: "bob@…", mallory's username, gave bob's comics to mallory)."""
    customers = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=False)
        .exclude(username__startswith=GUEST_PREFIX)
        .exclude(username__startswith=ERASED_PREFIX)
    )
    by_name = [
        user
        for user in customers.filter(username__iexact=typed).order_by("pk")
        if user.username.casefold() == typed.casefold()
    ]
    by_address = [
        user
        for user in customers.filter(email__iexact=typed).order_by("pk")
        if same_address(user.email, typed) and user not in by_name
    ]
    spelled = [user for user in by_name if user.username == typed]
    if not by_address and len(by_name) > 1 and len(spelled) == 1:
        return spelled
    return [*by_name, *by_address][:2]


# Words a name must not read as: the back office's name for guest checkouts' accounts.
RESERVED_NAMES = ("guest",)
# A name's glyphs as typed, in capitals and in small letters (accounts/0007): names drawn
# alike share one of them.
_DRAWINGS = """
SELECT ARRAY[
    accounts_name_glyphs(%(typed)s), accounts_name_glyphs(upper(%(typed)s)),
    accounts_name_glyphs(lower(%(typed)s))
]
"""
# Each of the typed name's glyphs, looked up through the index of each of an account's.
_DRAWN_AS_TAKEN = """
SELECT EXISTS (
    SELECT 1 FROM unnest(%(reserved)s::text[]) AS word
    WHERE ARRAY[accounts_name_glyphs(word), accounts_name_glyphs(upper(word))] && %(glyphs)s
) OR EXISTS (
    SELECT 1 FROM {users} WHERE accounts_name_glyphs(username) = ANY(%(glyphs)s)
    AND id IS DISTINCT FROM %(excluding)s
) OR EXISTS (
    SELECT 1 FROM {users} WHERE accounts_name_glyphs(upper(username)) = ANY(%(glyphs)s)
    AND id IS DISTINCT FROM %(excluding)s
) OR EXISTS (
    SELECT 1 FROM {users} WHERE accounts_name_glyphs(lower(username)) = ANY(%(glyphs)s)
    AND id IS DISTINCT FROM %(excluding)s
)
"""


def name_drawings(*, typed: str) -> list[str]:
    """How `typed` is drawn: its glyphs as typed, in capitals and in small letters
    (`accounts_name_glyphs`). Names drawn alike share one of them."""
    with connection.cursor() as cursor:
        cursor.execute(_DRAWINGS, {"typed": typed})
        return cursor.fetchone()[0]


def name_drawn_as_taken(*, typed: str, excluding: int | None = None) -> bool:
    """Whether `typed` is drawn like an account's name (but the account `excluding`, being
    renamed) or a reserved word: one of its glyphs is one of theirs (`accounts_name_glyphs`,
    accounts/migrations/0007: "aIice" reads as alice, "FlNANCE" as FINANCE, finance in
    capitals)."""
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            _DRAWN_AS_TAKEN.format(users=users),
            {
                "glyphs": name_drawings(typed=typed),
                "reserved": list(RESERVED_NAMES),
                "excluding": excluding,
            },
        )
        return cursor.fetchone()[0]


# A name drawn in Latin letters that are not all Latin: among Latin letters, a character
# of another alphabet (`others`) drawn as one; without any, every letter drawn as one.
_DRAWN_IN_LATIN = """
SELECT CASE WHEN %(typed)s ~ '[A-Za-z]' THEN EXISTS (
    SELECT 1 FROM regexp_split_to_table(%(others)s, '') AS c
    WHERE octet_length(accounts_name_skeleton(c)) = 1
) ELSE %(typed)s ~ '[[:alpha:]]' AND octet_length(accounts_name_skeleton(%(typed)s))
    = char_length(accounts_name_skeleton(%(typed)s))
END
"""


def name_drawn_in_latin(*, typed: str) -> bool:
    """Whether `typed` is drawn in Latin letters some or all of which are another
    alphabet's (outside probes GP-1, GR-1, GT-1: "alice" in Cyrillic letters, "ALICE" in
    Lisu ones, "f\u0661nance" with an Arabic-Indic one). A Latin letter beyond ASCII is
    Latin (outside probe GX-2: the Turkish İ of "İpek" was taken for another alphabet's)."""
    others = "".join(
        c
        for c in unicodedata.normalize("NFKC", typed)
        if not c.isascii() and not unicodedata.name(c, "").startswith("LATIN ")
    )
    with connection.cursor() as cursor:
        cursor.execute(_DRAWN_IN_LATIN, {"typed": typed, "others": others})
        return cursor.fetchone()[0]


def account_address_state(*, user: AbstractBaseUser) -> AddressState:
    addresses = list(EmailAddress.objects.filter(user=user).order_by("created_at"))
    current = user.email.lower()
    return AddressState(
        email=user.email,
        verified=any(a.verified_at and a.email.lower() == current for a in addresses),
        waiting=tuple(a.email for a in addresses if a.verified_at is None),
    )


@dataclass(frozen=True)
class GuestOrdersWaiting:
    """The orders placed as a guest with an address that have not joined an account, how
    many of them are not paid yet (awaiting payment, or a payment under way), and how many
    cost nothing: those are never said to be unpaid (outside probe BR-4: a free order of a
    comic the account owned read "not paid yet")."""

    placed: int
    unpaid: int
    free: int = 0

    def __bool__(self) -> bool:
        return self.placed > 0


def guest_orders_waiting(*, email: str) -> GuestOrdersWaiting:
    """The orders placed as a guest with `email` that have not joined an account (read as
    the system: they belong to guest accounts; only the confirmed owner of the address is
    told), paid or not."""
    with system_scope():
        orders = Order.objects.filter(customer__in=guest_accounts_of(email=email))
        return GuestOrdersWaiting(
            placed=orders.count(),
            unpaid=orders.filter(status__in=UNPAID_STATUSES, total_amount__gt=0).count(),
            free=orders.filter(total_amount=0).count(),
        )


def guest_orders_kept(*, guest: AbstractBaseUser) -> bool:
    """Whether the guest still has an order of theirs (as their session sees it): one not
    joined to an account since."""
    return Order.objects.filter(customer=guest).exists()


def guest_orders_joined(*, user: AbstractBaseUser) -> bool:
    """Whether any order bought as a guest has joined `user`'s account."""
    return OrderEvent.objects.filter(
        order__customer=user, type=OrderEventType.CLAIMED, data__user=user.pk
    ).exists()


def replaced_address_reset_window() -> timedelta:
    return timedelta(days=settings.REPLACED_ADDRESS_RESET_DAYS)


def replaced_addresses_to_reset(*, email: str) -> list[ReplacedAddress]:
    """The addresses equal to `email` that an active account replaced within the window and
    does not use again, one per account: a password reset asked for with `email` is sent to
    it for that account too, as the notice of the change promised. Not when another account
    has since proved `email` its own (confirmed it as its address after the change): a
    mailbox can change hands, and a reset for the old account would then hand it to a
    stranger; that owner recovers through support instead. An address merely given at
    sign-up, unconfirmed, does not count: the taker could block the recovery that way; nor
    one confirmed before the change, by the mailbox the account itself had then."""
    with system_scope():
        replaced = (
            _promised(ReplacedAddress.objects.filter(email__iexact=email))
            .order_by("user_id", "-replaced_at")
            .distinct("user_id")
        )
        return [
            each
            for each in replaced
            if not _proved_by_another_account(each.email, since=each.replaced_at)
        ]


def replaced_address_to_reset(*, replaced_address_id: int) -> ReplacedAddress | None:
    """The replaced address, with its account, while a reset may still be sent to it (the
    job checks again what the request found)."""
    with system_scope():
        replaced = (
            _promised(ReplacedAddress.objects.filter(pk=replaced_address_id))
            .select_related("user")
            .first()
        )
        if replaced is None or _proved_by_another_account(
            replaced.email, since=replaced.replaced_at
        ):
            return None
    return replaced


def _promised(replaced: QuerySet[ReplacedAddress]) -> QuerySet[ReplacedAddress]:
    since = timezone.now() - replaced_address_reset_window()
    return replaced.filter(replaced_at__gte=since, user__is_active=True).exclude(
        user__email__iexact=F("email")
    )


def address_confirmed_by_another_account(*, email: str, user_id: int) -> bool:
    """Whether an active account other than `user_id`'s uses `email` as its address and has
    confirmed it."""
    with system_scope():
        return _proved_by_another_account(email, excluding_user_id=user_id)


def _proved_by_another_account(
    email: str, *, excluding_user_id: int | None = None, since: datetime | None = None
) -> bool:
    """Whether an active account uses `email` as its address and has confirmed it (after
    `since`, if given; the account that replaced it no longer uses it). An address that only
    upper-cases alike is another mailbox (`orders.guests.same_address`)."""
    confirmed = EmailAddress.objects.filter(
        email__iexact=email,
        verified_at__isnull=False,
        user__email__iexact=email,
        user__is_active=True,
    ).exclude(user_id=excluding_user_id)
    if since is not None:
        confirmed = confirmed.filter(verified_at__gt=since)
    return any(
        same_address(theirs, email) and same_address(used, email)
        for theirs, used in confirmed.values_list("email", "user__email")
    )
