import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalog.selectors import comics_for_sale
from demo.content import seed_demo
from morpheus.db_context import system_scope
from morpheus.money import format_money
from orders import selectors as order_selectors
from orders import services as order_services
from orders.models import Order
from orders.transitions import UNPAID_STATUSES, OrderStatus
from payments.models import Payment, PaymentStatus
from payments.services import payment_start

ACTOR = "system:demo_purchase"
VISA_4242 = "pm_card_visa"  # Stripe's test PaymentMethod for card 4242 4242 4242 4242
POLL_INTERVAL_SECONDS = 0.2
DEMO_CUSTOMER = "alice"


class Command(BaseCommand):
    help = (
        "Buy the first demo comic the demo customer alice does not own yet through the "
        "configured Stripe with card 4242 4242 4242 4242 (a worker sends it to Stripe), wait "
        "for the webhook, and print the order's history."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="seconds to wait for the webhook"
        )
        parser.add_argument(
            "--fulfilment-timeout",
            type=float,
            default=15.0,
            help="further seconds to wait for the fulfilment job (needs a running worker)",
        )

    def handle(self, *args, timeout: float, fulfilment_timeout: float, **options):
        with system_scope():
            customer, comic = _demo_customer_and_comic()
            # A direct purchase: whatever alice left in her cart stays there.
            order = order_services.order_create_for_comics(
                customer=customer, comics=[comic], actor=ACTOR
            )
        total = format_money(order.total_amount, order.currency)
        self.stdout.write(f"Order {order.number}: {comic.title}, {total}")
        with system_scope():
            payment = payment_start(order=order, actor=ACTOR, payment_method_id=VISA_4242)
        payment = _wait_for_stripe(payment.pk, deadline=time.monotonic() + timeout)
        self.stdout.write(f"PaymentIntent {payment.stripe_payment_intent_id}: {payment.status}")
        if payment.status == PaymentStatus.CREATING:
            raise CommandError(
                f"No worker sent payment attempt {payment.attempt} to Stripe within "
                f"{timeout:.0f} s: is `make run` (or `manage.py procrastinate worker`) running?"
            )
        if payment.status == PaymentStatus.FAILED:
            raise CommandError(
                f"Stripe refused the payment ({payment.failure_code}): {payment.failure_message}"
            )
        settled = [s for s in OrderStatus if s not in UNPAID_STATUSES]
        order = _wait_for(order.pk, settled, deadline=time.monotonic() + timeout)
        if order.status == OrderStatus.PAID:
            done = (OrderStatus.FULFILLED, OrderStatus.DELIVERED)
            order = _wait_for(order.pk, done, deadline=time.monotonic() + fulfilment_timeout)
        self._print_history(order)
        if order.status in UNPAID_STATUSES:
            raise CommandError(
                f"Stripe took the payment but no webhook came within {timeout:.0f} s: is the "
                "webhook registered with Stripe (`make run` registers it with localstripe)?"
            )

    def _print_history(self, order: Order) -> None:
        self.stdout.write(f"History of {order.number} (now {order.status}):")
        with system_scope():
            for event in order.events.all():
                move = f" {event.from_status} -> {event.to_status}" if event.to_status else ""
                self.stdout.write(
                    f"  {event.created_at:%H:%M:%S.%f} {event.type}{move} "
                    f"by {event.actor}: {event.reason}"
                )


def _wait_for_stripe(payment_id: int, *, deadline: float) -> Payment:
    """The attempt once the worker's job has had Stripe's answer (or at the deadline)."""
    while True:
        with system_scope():
            payment = Payment.objects.get(pk=payment_id)
        if payment.status != PaymentStatus.CREATING or time.monotonic() >= deadline:
            return payment
        time.sleep(POLL_INTERVAL_SECONDS)


def _wait_for(order_id: int, statuses, *, deadline: float) -> Order:
    while True:
        with system_scope():
            order = Order.objects.get(pk=order_id)
        if order.status in statuses or time.monotonic() >= deadline:
            return order
        time.sleep(POLL_INTERVAL_SECONDS)


def _demo_customer_and_comic():
    """The demo data's first customer and the first comic with a price that they do not own
    yet nor are paying for (the demo data is loaded if missing): run again, the command buys
    the next one, since a comic is never sold twice to its owner."""
    seed_demo()
    customer = get_user_model().objects.get(username=DEMO_CUSTOMER)
    candidates = list(comics_for_sale().filter(price_amount__gt=0).order_by("pk"))
    ids = [comic.pk for comic in candidates]
    taken = order_selectors.comics_owned(customer=customer, comic_ids=ids) | set(
        order_selectors.comics_being_paid(customer=customer, comic_ids=ids)
    )
    comic = next((comic for comic in candidates if comic.pk not in taken), None)
    if comic is None:
        raise CommandError(
            f"{DEMO_CUSTOMER} already owns every demo comic with a price: "
            "nothing left to buy (sign in and see the library)."
        )
    return customer, comic
