"""How staff pages show times and who did something.

The history stores actors as raw ids (`customer:42`, `staff:sam`, `stripe:evt_…`, `system`,
see `orders.actors`); staff read them as people and systems, with the raw id kept for a
hover (the templates put it in a `title`)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from orders.actors import SYSTEM
from orders.guests import GUEST_PREFIX

TIME_FORMAT = "%Y-%m-%d %H:%M"

# Systems named by the part after "system:" (the job or command that acted).
SYSTEM_JOBS = {
    "reconcile_payments": "Worker (payment check)",
    "demo_purchase": "Demo purchase",
    "vat_evidence": "VAT evidence check",
    "downloads": "Download check",
    "stamping": "Worker (stamped copy)",
}
# Stripe objects by the prefix of their id: what reached us from Stripe.
STRIPE_SOURCES = {
    "evt_": "Stripe webhook",
    "pi_": "Stripe (payment checked)",
    "re_": "Stripe (refund confirmed)",
    "refund-refused": "Stripe (refund refused)",
}


def when(moment: datetime | None) -> str | None:
    """A time to the minute, in the site's zone: orders of one hour stay apart."""
    if moment is None:
        return None
    return timezone.localtime(moment).strftime(TIME_FORMAT)


def customer_orders_link(customer) -> str:
    """A customer's name, linked to their orders: every staff member may open that list
    (the account's own page is for whoever manages accounts, and answers 403 to others)."""
    username = customer.get_username()
    url = f"{reverse('admin:orders_order_changelist')}?{urlencode({'customer': username})}"
    return format_html('<a href="{}">{}</a>', url, customer_name(username))


def customer_name(username: str) -> str:
    """A customer as staff read them: a guest's account is "Guest", not its made-up name."""
    return "Guest" if username.startswith(GUEST_PREFIX) else username


def actor_label(raw: str) -> str:
    """Who did something, in words, without looking their account up ("Staff: finance",
    "Stripe webhook"): for lists, where a name per row would cost a query per row."""
    return ActorNames(())(raw).label


@dataclass(frozen=True)
class Actor:
    label: str
    raw: str


def _stripe(reference: str) -> str:
    for prefix, label in STRIPE_SOURCES.items():
        if reference.startswith(prefix):
            return label
    return "Stripe"


def _person(user, fallback: str) -> str:
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()


class ActorNames:
    """Labels for the actors of one page, their accounts read in one query each for
    customers (by id) and staff (by username)."""

    def __init__(self, raw_actors: Iterable[str]):
        kinds: dict[str, set[str]] = {"customer": set(), "staff": set()}
        for raw in raw_actors:
            kind, _, ref = raw.partition(":")
            if kind in kinds and ref:
                kinds[kind].add(ref)
        users = get_user_model().objects
        ids = [int(ref) for ref in kinds["customer"] if ref.isdigit()]
        self.customers = {str(u.pk): u for u in users.filter(pk__in=ids)} if ids else {}
        names = kinds["staff"]
        staff = users.filter(username__in=names) if names else []
        self.staff = {user.get_username(): user for user in staff}

    def __call__(self, raw: str) -> Actor:
        return Actor(self.label(raw), raw)

    def label(self, raw: str) -> str:
        kind, _, ref = raw.partition(":")
        if kind == "customer":
            # A guest as the list names one (outside probe FW-2: "guest:1573… (customer)").
            return f"{customer_name(_person(self.customers.get(ref), 'A customer'))} (customer)"
        if kind == "staff":
            return f"Staff: {_person(self.staff.get(ref), ref)}"
        if kind == "stripe":
            return _stripe(ref)
        if kind == SYSTEM:
            return SYSTEM_JOBS.get(ref, "Worker")
        if kind == "download-link":
            return f"Download link #{ref}"
        if kind == "database":
            return f"Database ({ref})"
        return raw
