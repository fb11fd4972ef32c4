"""VAT on digital goods: the rates as data (Finance edits them in the admin, each with the
dates it applies), and each order item's VAT, computed once when the order is placed."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from orders.models import Order, OrderItem
from tax.countries import country_code_shown


class TaxCategory(models.TextChoices):
    STANDARD = "standard", "Standard rate"
    EBOOK = "ebook", "E-books and digital publications"


class RateType(models.TextChoices):
    """How a one-stop-shop return types a supply's rate. Reverse-charge sales to EU
    businesses elsewhere are declared on the EC sales list instead."""

    STANDARD = "standard", "Standard rate"
    REDUCED = "reduced", "Reduced rate"
    REVERSE_CHARGE = "reverse charge", "Reverse charge"


class TaxRule(models.Model):
    """The VAT rate of a category in a country from `valid_from` until the day before
    `valid_to` (open-ended when empty). A country without a rule for a category uses its
    standard rate; a country without any rule charges no VAT (outside the schemes)."""

    country = models.CharField(max_length=2, help_text="ISO 3166 code: DE, FR, GB, NO, CH...")
    category = models.CharField(max_length=16, choices=TaxCategory.choices)
    rate = models.DecimalField(max_digits=5, decimal_places=2, help_text="Percent, e.g. 19.00")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["country", "category", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "category", "valid_from"], name="one_rule_per_start"
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lt=100), name="tax_rate_percent"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="tax_rule_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="tax_rule_country_iso"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.category} {percent(self.rate)} % from {self.valid_from}"


class ItemTax(models.Model):
    """An order item's VAT, fixed when the order was placed and never recomputed:
    gross (the item's price) = net + tax."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="+")
    item = models.OneToOneField(OrderItem, on_delete=models.CASCADE, related_name="tax")
    country = models.CharField(max_length=2, blank=True)
    category = models.CharField(max_length=16, choices=TaxCategory.choices)
    rate = models.DecimalField(max_digits=5, decimal_places=2)
    # Empty on items recorded before it was (or by the previous release while it was
    # replaced): the VAT report types those by the rates in force on the day of supply.
    rate_type = models.CharField(max_length=16, choices=RateType.choices, blank=True, db_default="")
    gross = models.BigIntegerField()
    net = models.BigIntegerField()
    tax = models.BigIntegerField()
    # The item's price before its discount, exclusive of VAT as `net` is (the price less the
    # VAT in it, or what a business pays for it by reverse charge): the invoice's unit price,
    # whose discount is then unit_net - net. Null on items recorded before it was.
    unit_net = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(gross=F("net") + F("tax")), name="item_gross_is_net_plus_tax"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {percent(self.rate)} % {self.country}"


class ViesStatus(models.TextChoices):
    NONE = "", "No VAT number"
    UNVERIFIED = "unverified", "Not yet confirmed by VIES"
    VALID = "valid", "Confirmed by VIES"
    INVALID = "invalid", "Refused by VIES"
    # Its checks ended without an answer: the order is flagged for Finance to check it.
    UNANSWERED = "unanswered", "VIES never answered: Finance to check"


class EvidenceDecision(models.TextChoices):
    NONE = "", "Nothing to decide"
    HELD = "held", "Held for Finance"
    ACCEPTED = "accepted", "Declared country accepted"
    REFUND = "refund", "To be refunded"


class OrderTaxEvidence(models.Model):
    """Where the buyer is, as evidence for the VAT charged: the country they declared at
    checkout (the VAT follows it, as does their VAT number's reverse charge; an order placed
    without the cart's form takes both from their last order), the card's issuing country
    Stripe reports and, when a GeoIP database is configured, the country of the IP address
    they ordered from. When neither of the others supports the declared country and one
    contradicts it, the order is held from fulfilment until Finance decides."""

    order = models.OneToOneField(
        Order, on_delete=models.CASCADE, primary_key=True, related_name="tax_evidence"
    )
    declared_country = models.CharField(max_length=2)
    card_country = models.CharField("card issued in", max_length=2, blank=True)
    ip_country = models.CharField(
        "IP address country",
        max_length=2,
        blank=True,
        help_text="Where the address the order was placed from is; empty when not known.",
    )
    vat_number = models.CharField(
        "VAT number",
        max_length=20,
        blank=True,
        help_text="The buyer's, as checked: country prefix and digits, no spaces.",
    )
    # db_default: the rows from before them (and those the previous release inserts while
    # this one is deployed) name no business.
    business_name = models.CharField(
        max_length=200,
        db_default="",
        blank=True,
        help_text="The business buying with the VAT number, as its invoices name it.",
    )
    billing_address = models.TextField(
        db_default="",
        blank=True,
        help_text="The business's address, as its invoices print it.",
    )
    vies_status = models.CharField(
        "VIES check", max_length=16, choices=ViesStatus.choices, blank=True
    )
    vies_checked_at = models.DateTimeField("VIES checked at", null=True, blank=True)
    reverse_charge = models.BooleanField(default=False)
    # db_default: the rows from before it (and those the previous release inserts while this
    # one is deployed) count as asked: which orders were not is not known.
    asked = models.BooleanField(
        "asked at checkout",
        db_default=True,
        help_text="False for an order placed without the cart's form (a bundle bought at "
        "once, the API): the country and VAT number are those the customer declared last, "
        "else the shop's default country.",
    )
    # db_default: the rows from before it count as declared (outside probe HT-4).
    country_defaulted = models.BooleanField(
        "default country taken",
        db_default=False,
        help_text="True when the customer had declared no country we offer: the order took "
        "the shop's default one. Later orders do not take it as the customer's declaration.",
    )
    decision = models.CharField(max_length=16, choices=EvidenceDecision.choices, blank=True)
    decided_by = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "order tax evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(declared_country__regex=r"^[A-Z]{2}$"),
                name="evidence_declared_country_iso",
            ),
            models.CheckConstraint(
                condition=Q(reverse_charge=False) | ~Q(vat_number=""),
                name="reverse_charge_needs_vat_number",
            ),
        ]
        indexes = [
            models.Index(fields=["decision"], condition=Q(decision="held"), name="evidence_held"),
            # VIES's last answer about a number, read at each business checkout.
            models.Index(
                fields=["vat_number", "-vies_checked_at"],
                condition=~Q(vat_number=""),
                name="evidence_vat_number",
            ),
        ]

    def __str__(self) -> str:
        declared = country_code_shown(self.declared_country)
        return f"VAT evidence of order {self.order.number} (declared {declared})"

    @property
    def contradicted(self) -> bool:
        """A consumer's declared country that the card's or IP address's country known
        contradicts, neither supporting it: what holds an order for Finance. A buyer whose
        VAT number VIES refused is a consumer (outside probe FA-1: a made-up number that
        passed its checksum skipped the check)."""
        seen = [country for country in (self.card_country, self.ip_country) if country]
        business = bool(self.vat_number) and self.vies_status != ViesStatus.INVALID
        return bool(seen) and self.declared_country not in seen and not business


def percent(rate: Decimal) -> str:
    """A rate as people write it, one way whether read back from the database or just
    typed: 5.5 and 10, not 5.50 and 10.00 (or 5.50 and 10)."""
    return f"{Decimal(rate).normalize():f}"
