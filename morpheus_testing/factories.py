"""factory-boy factories. They write as the system, so they work in any test's RLS context."""

import hashlib
from contextlib import AbstractContextManager, nullcontext
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from catalog.models import AssetFormat, Comic, ComicAsset
from delivery.abuse import download_abuse_suspend
from delivery.models import DownloadAbuseAlert
from morpheus.db_context import Scope, scope_in_force, system_scope
from notifications.models import EmailAddress
from orders import events, services
from orders.buyer import BuyerDeclaration
from orders.models import CartItem, Order, OrderEvent
from orders.transitions import OrderStatus, path_to
from payments.models import Dispute, Payment, PaymentStatus

# What a business gives with its VAT number (the checkout's fields, a BuyerDeclaration's).
BUSINESS = {"business_name": "Acme GmbH", "billing_address": "Hauptstraße 1\n10115 Berlin"}


def as_system() -> AbstractContextManager[None]:
    """`system_scope()`, or nothing to enter when the test acts as the system already (the
    scope its fixture opens): the suite makes tens of thousands of rows, each saving a
    savepoint's two round trips."""
    return nullcontext() if scope_in_force(scope=Scope.SYSTEM) else system_scope()


class SystemScopedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with as_system():
            return super()._create(model_class, *args, **kwargs)


class UserFactory(SystemScopedFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"reader{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def email_verified(user, create, extracted, **kwargs):
        """Customers have proved their address unless built with email_verified=False."""
        if create and extracted is not False and user.email:
            with as_system():
                EmailAddress.objects.create(user=user, email=user.email, verified_at=timezone.now())


class StaffFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    is_superuser = True


class ComicFactory(SystemScopedFactory):
    class Meta:
        model = Comic
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Dream Issue #{n}")
    slug = factory.Sequence(lambda n: f"dream-issue-{n}")
    description = "An AI-generated comic."
    price_amount = 499
    currency = "EUR"
    # Factory files are not real PDFs; stamping tests attach real ones and switch it on.
    stamp_downloads = False

    @factory.post_generation
    def file(comic, create, extracted, **kwargs):
        """For sale, a comic has a file to deliver: a PDF unless built with file=False."""
        if create and extracted is not False:
            ComicAssetFactory(comic=comic)


class ComicAssetFactory(SystemScopedFactory):
    class Meta:
        model = ComicAsset

    class Params:
        content = factory.LazyAttribute(lambda a: f"%PDF-1.4 comic {a.comic.slug}\n".encode())

    comic = factory.SubFactory(ComicFactory, file=False)
    format = AssetFormat.PDF
    content_type = "application/pdf"
    file_name = factory.LazyAttribute(lambda a: f"{a.comic.slug}.pdf")
    file = factory.LazyAttribute(lambda a: ContentFile(a.content, name=a.file_name))
    size_bytes = factory.LazyAttribute(lambda a: len(a.content))
    sha256 = factory.LazyAttribute(lambda a: hashlib.sha256(a.content).hexdigest())


class PaymentFactory(SystemScopedFactory):
    """An attempt for `order` (required), for its total, keyed as the service keys it;
    `succeeded=True`: the one that paid it, with its PaymentIntent (for Stripe's events)."""

    class Meta:
        model = Payment

    class Params:
        succeeded = factory.Trait(
            status=PaymentStatus.SUCCEEDED,
            succeeded_at=factory.LazyFunction(timezone.now),
            stripe_payment_intent_id=factory.LazyAttribute(lambda p: f"pi_paid_{p.order.pk}"),
        )

    attempt = 1
    idempotency_key = factory.LazyAttribute(lambda p: f"payment-{p.order.number}-{p.attempt}")
    amount = factory.LazyAttribute(lambda p: p.order.total_amount)
    currency = factory.LazyAttribute(lambda p: p.order.currency)


class DisputeFactory(SystemScopedFactory):
    """A dispute of `payment` (required) for all it charged, waiting for our answer."""

    class Meta:
        model = Dispute

    stripe_dispute_id = factory.Sequence(lambda n: f"dp_factory{n}")
    order = factory.LazyAttribute(lambda d: d.payment.order)
    amount = factory.LazyAttribute(lambda d: d.payment.amount)
    currency = factory.LazyAttribute(lambda d: d.payment.currency)
    reason = "fraudulent"
    status = "needs_response"


def create_order(
    *,
    customer=None,
    comics: list[Comic] | None = None,
    status: str = OrderStatus.PENDING,
    declaration: BuyerDeclaration | None = None,
) -> Order:
    """A real order, made through the services (with what the buyer declares for VAT), then
    the canonical path: a direct purchase of `comics`, or, when the customer's cart holds
    comics already, a checkout of the cart with `comics` added (the direct purchase is a
    third cheaper: the suite makes about 1,500 orders)."""
    customer = customer or UserFactory()
    comics = comics if comics is not None else [ComicFactory()]
    with as_system():
        if comics and not CartItem.objects.filter(cart__customer=customer).exists():
            order = services.order_create_for_comics(
                customer=customer, comics=comics, actor="test:factory", declaration=declaration
            )
            return order_move(order, to=status)
        for comic in comics:
            services.cart_add_comic(customer=customer, comic=comic)
        order = services.order_create_from_cart(
            customer=customer, actor="test:factory", declaration=declaration
        )
    return order_move(order, to=status)


def create_order_held_for_its_vat_evidence(*, customer, comics: list[Comic]) -> Order:
    """A paid order whose card's country (FR) contradicts the country declared at checkout
    (DE): held from fulfilment until Finance decides (its fulfilment job has run and left it
    paid)."""
    from delivery.tasks import fulfil_order
    from morpheus_testing.jobs import run_queued_jobs
    from tax.services import evidence_card_country_record

    order = create_order(
        customer=customer,
        comics=comics,
        declaration=BuyerDeclaration(country="DE"),
        status=OrderStatus.PROCESSING,
    )
    evidence_card_country_record(order_id=order.pk, card_country="FR", actor="stripe:evt_1")
    with as_system():
        order.refresh_from_db()
    order_move(order, to=OrderStatus.PAID)
    run_queued_jobs(names={fulfil_order.name})
    with as_system():
        order.refresh_from_db()
    return order


def business_declared_last(customer) -> Order:
    """`customer`'s last order: a German business's, its VAT number confirmed by VIES."""
    from tax.models import OrderTaxEvidence, ViesStatus

    placed = create_order(
        customer=customer,
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
    )
    with as_system():
        OrderTaxEvidence.objects.filter(order=placed).update(
            vies_status=ViesStatus.VALID, vies_checked_at=timezone.now()
        )
    return placed


def create_order_beside_cart(*, customer, comics: list[Comic], status: str) -> Order:
    """An order made for `comics` directly (as in another tab, or through the API), the
    customer's cart left as it is, then taken along the canonical path to `status`."""
    with as_system():
        order = services.order_create_for_comics(
            customer=customer, comics=comics, actor="test:factory"
        )
    return order_move(order, to=status)


def order_move(order: Order, *, to: str) -> Order:
    """Take the order along the canonical path from its status to `to`."""
    with as_system():
        for step in path_to(to, start=order.status):
            services.order_transition(
                order=order, name=step.name, actor="test:factory", reason="test setup"
            )
    return order


def record_card_declined(order: Order) -> OrderEvent:
    """The history row payments writes when Stripe reports a declined card."""
    return events.payment_failed(
        order=order,
        actor="stripe:evt_1",
        reason="Your card was declined.",
        payment_intent="pi_1",
        attempt=1,
        code="card_declined",
        customer_message="The bank declined the card.",
    )


class DownloadAbuseAlertFactory(SystemScopedFactory):
    """An open alert on an order whose links were used from 5 networks within the hour."""

    class Meta:
        model = DownloadAbuseAlert

    networks = 5
    downloads = 5
    window_start = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    window_end = factory.LazyFunction(timezone.now)
    detected_at = factory.LazyFunction(timezone.now)


def order_links_suspend(order: Order) -> DownloadAbuseAlert:
    """The order's links suspended for sharing, as Support's action on its alert does."""
    alert = DownloadAbuseAlertFactory(order=order)
    download_abuse_suspend(alert=alert, actor="staff:support")
    return alert
