"""Demo content: a few comics with real small files, staff (a superuser, one Support and
one Finance member) and two customers."""

import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from backoffice.staff_groups import FINANCE, SUPPORT
from catalog.models import AssetFormat, Comic, ComicAsset
from demo.files import comic_cbz, comic_pdf
from notifications.models import EmailAddress
from promotions.models import Bundle, DiscountCode, DiscountCodeCurrency

DEMO_PASSWORD = "morpheus-demo"  # noqa: S105 - printed for the demo's users on purpose
PASSWORD_CHANGED = "(its own password, changed since the demo began)"  # noqa: S105

COMICS = [
    ("The Sleepwalker's Atlas", "A cartographer maps the city she only sees in dreams.", 499),
    ("Neon Tide", "A lighthouse keeper trades memories with the sea.", 699),
    ("Paper Moons", "Two kids fold a moon that will not stop rising.", 399),
    ("Ghost in the Margins", "Annotations start answering back.", 899),
    ("Dream Diary: Free Sample", "Six free pages from the sketchbook of the series.", 0),
]
# A demo bundle: the first three comics for less than their sum (1,597).
BUNDLE = ("The Dreamlands Trilogy", 1299, 3)
# A code that takes a percentage off the bundle's comics only: (code, percent off).
BUNDLE_CODE = ("TRILOGY20", 20)
# Demo discount codes: (code, percent off or None, EUR amount off, minimum EUR basket).
DISCOUNT_CODES = [
    ("WELCOME10", 10, 0, 0),
    ("FIVEOFF", None, 500, 1000),
]
SUPERUSER = "superuser"
CUSTOMER = "customer"
# (username, role): a staff group's name, SUPERUSER or CUSTOMER.
USERS = [
    ("staff", SUPERUSER),
    ("support", SUPPORT),
    ("finance", FINANCE),
    ("alice", CUSTOMER),
    ("bob", CUSTOMER),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str

    @property
    def is_staff(self) -> bool:
        return self.role != CUSTOMER


def _attach(comic: Comic, fmt: AssetFormat, content: bytes, content_type: str) -> None:
    name = f"{comic.slug}.{fmt.value}"
    ComicAsset.objects.create(
        comic=comic,
        format=fmt,
        file=ContentFile(content, name=name),
        file_name=name,
        content_type=content_type,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _seed_discount_codes() -> None:
    for code, percent_off, amount_off, min_basket in DISCOUNT_CODES:
        discount, created = DiscountCode.objects.get_or_create(
            code=code, defaults={"percent_off": percent_off, "max_uses_per_customer": 1}
        )
        if created:
            DiscountCodeCurrency.objects.create(
                discount_code=discount,
                currency="EUR",
                amount_off=amount_off,
                min_basket_amount=min_basket,
            )


def _seed_bundle() -> None:
    from django.utils.text import slugify

    title, price, count = BUNDLE
    bundle, created = Bundle.objects.get_or_create(
        slug=slugify(title), defaults={"title": title, "price_amount": price}
    )
    if created:
        slugs = [slugify(comic_title) for comic_title, _, _ in COMICS[:count]]
        bundle.comics.set(Comic.objects.filter(slug__in=slugs))
    code, percent_off = BUNDLE_CODE
    discount, created = DiscountCode.objects.get_or_create(
        code=code, defaults={"percent_off": percent_off, "max_uses_per_customer": 1}
    )
    if created:
        discount.bundles.set([bundle])


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    """Idempotent: run it as often as you like."""
    from django.utils.text import slugify

    for title, description, price in COMICS:
        comic, created = Comic.objects.get_or_create(
            slug=slugify(title),
            defaults={"title": title, "description": description, "price_amount": price},
        )
        if created:
            _attach(comic, AssetFormat.PDF, comic_pdf(title, pages=6), "application/pdf")
            _attach(
                comic, AssetFormat.CBZ, comic_cbz(title, pages=6), "application/vnd.comicbook+zip"
            )
    _seed_discount_codes()
    _seed_bundle()
    logins = []
    for username, role in USERS:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@morpheus.example",
                "is_staff": role != CUSTOMER,
                "is_superuser": role == SUPERUSER,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(*Group.objects.filter(name=role))
            EmailAddress.objects.create(user=user, email=user.email, verified_at=timezone.now())
        unchanged = created or user.check_password(DEMO_PASSWORD)
        logins.append(DemoLogin(username, DEMO_PASSWORD if unchanged else PASSWORD_CHANGED, role))
    return logins
