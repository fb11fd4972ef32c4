import string
import unicodedata

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.crypto import salted_hmac

from catalog.models import Comic
from morpheus.models import currency_is_iso
from morpheus.printable import BLANK
from orders.guests import mailbox
from orders.models import Cart, Order, OrderItem

CODE_CHARACTERS = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
    "Letters A to Z, digits, '-' and '_' only, no spaces: customers type it.",
)
_IN_CODES = frozenset(string.ascii_uppercase + string.digits + "-_")


def code_spelled(typed: str) -> str:
    """A code as typed, spelled as the shop spells its codes: full-width letters as the usual
    ones, in capitals, without what pasting brings along: spaces, punctuation and marks that
    print nothing (outside probes GO-5, GR-5: a right-to-left mark, a variation selector, a
    Hangul filler or a no-break space in WELCOME10 made it "No such code", and counted as a
    wrong guess). A letter, digit or symbol that no code holds stays (Ü, €, an emoji): the
    code is then none of the shop's, as typed (outside probes HQ-1, HQ-2: `ÜBER` was looked
    up as BER, and `€€€` spelled nothing, which dropped the cart's code without a word)."""
    return "".join(c for c in unicodedata.normalize("NFKC", typed).upper() if _in_a_code(c))


def code_typed(typed: str) -> str:
    """A code field's code: as the shop spells it (`code_spelled`) or, when nothing in it
    spells one but something shows (`$$$`, `!!!`), what shows, no code of the shop's (outside
    probe HR-1: `$$$` dropped the cart's code as an emptied field does, and placed an API
    order at full price); "" for a field of spaces and marks that print nothing (GT-7)."""
    return code_spelled(typed) or code_shown(typed)


def code_shown(typed: str) -> str:
    """What a code field shows, to quote it: without what prints nothing (controls and
    format characters too), its spaces as one."""
    shows = (c for c in BLANK.sub("", typed) if unicodedata.category(c)[0] != "C")
    return " ".join("".join(shows).split())


def _in_a_code(char: str) -> bool:
    if char in _IN_CODES:
        return True
    shown = not char.isascii() and unicodedata.category(char)[0] in "LNS"
    return shown and not BLANK.match(char)


# The cancel's reason in the order's history when its customer checks out again
# (`checkout.order_back_to_cart`), by which a second "check out again" knows it was done.
CHECKED_OUT_AGAIN = "Canceled by the customer to check out again"


class DiscountCode(models.Model):
    """A code customers type at checkout: a percentage off, or an amount off in the order's
    currency (one `DiscountCodeCurrency` row per currency it accepts)."""

    code = models.CharField(
        max_length=40,
        unique=True,
        validators=[CODE_CHARACTERS],
        help_text="Stored upper case.",
    )
    description = models.CharField(max_length=200, blank=True)
    percent_off = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1-100; leave empty for an amount off per currency."
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    max_uses_per_customer = models.PositiveIntegerField(null=True, blank=True, default=1)
    uses_count = models.PositiveIntegerField(default=0, editable=False)
    comics = models.ManyToManyField(
        Comic,
        blank=True,
        related_name="+",
        help_text="Only these comics (and the bundles below); none of either: everything.",
    )
    bundles = models.ManyToManyField(
        "Bundle",
        blank=True,
        related_name="+",
        help_text="Only comics bought as these bundles (and the comics above).",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_off__isnull=True) | Q(percent_off__gte=1, percent_off__lte=100),
                name="discount_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(max_uses__isnull=True) | Q(uses_count__lte=F("max_uses")),
                name="discount_uses_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(code=models.functions.Upper("code")), name="code_upper"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DiscountCodeCurrency(models.Model):
    """What a code takes off in one currency (0 for a percentage code) and the smallest
    basket it applies to."""

    discount_code = models.ForeignKey(
        DiscountCode, on_delete=models.CASCADE, related_name="currencies"
    )
    currency = models.CharField(max_length=3)
    amount_off = models.PositiveBigIntegerField(default=0, help_text="Minor units.")
    min_basket_amount = models.PositiveBigIntegerField(default=0, help_text="Minor units.")

    class Meta:
        verbose_name = "term in a currency"
        verbose_name_plural = "terms per currency"
        constraints = [
            models.UniqueConstraint(
                fields=["discount_code", "currency"], name="one_row_per_currency"
            ),
            currency_is_iso("discount_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.discount_code} in {self.currency}"


def erased_address_digest(email: str) -> str:
    """What an erased customer's code uses keep of the address: a digest keyed with the
    site's secret, one per mailbox (`orders.guests.same_address`)."""
    return salted_hmac("promotions.erased-address", mailbox(email), algorithm="sha256").hexdigest()


class DiscountUse(models.Model):
    """One order's use of a code, with what it took off; released when the order is
    canceled (by hand or expired), which gives the use back."""

    discount_code = models.ForeignKey(DiscountCode, on_delete=models.PROTECT, related_name="uses")
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="discount_use")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    # Set when the customer is erased: a keyed digest of the address the use counted by
    # (`erased_address_digest`), not the address, so that signing up again with it does
    # not use a code once per customer twice.
    erased_address = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["discount_code", "customer"])]

    def __str__(self) -> str:
        return f"{self.discount_code} on order {self.order.number}"


class Bundle(models.Model):
    """A series sold as one product: its own price for several comics. An order expands it
    into one item per comic, the price shared across them."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    price_amount = models.PositiveIntegerField(help_text="Price in minor units (cents).")
    currency = models.CharField(max_length=3, default="EUR")
    comics = models.ManyToManyField(Comic, related_name="+")
    allows_completion = models.BooleanField(
        default=True,
        help_text="Owners of some of its comics pay the rest's share of the bundle price.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [currency_is_iso("bundle_currency_iso")]

    def __str__(self) -> str:
        return self.title


class CartBundle(models.Model):
    """A bundle in a customer's cart, bought with the cart's comics at checkout."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="+")
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "bundle"], name="bundle_once_per_cart"),
        ]

    def __str__(self) -> str:
        return f"{self.bundle} in {self.cart}"


class BundleItem(models.Model):
    """An order item bought as part of a bundle: its price is its share of the bundle's."""

    order_item = models.OneToOneField(OrderItem, on_delete=models.CASCADE, related_name="+")
    bundle = models.ForeignKey(Bundle, on_delete=models.PROTECT, related_name="+")
    # The bundle's title as the order was placed: the order's pages, emails and invoice
    # name it so whatever it is renamed to later, as the item keeps the comic's title.
    title = models.CharField(max_length=200, editable=False)

    def __str__(self) -> str:
        return f"Item {self.order_item_id} of {self.title}"
