"""Invoices, credit notes and debit notes: numbered documents whose content is frozen when
issued.

A document never changes after it is issued (the app role may not UPDATE or DELETE these
rows); its PDF is rendered from the row whenever it is needed, so the same row always
gives the same document."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from morpheus.models import currency_supported
from orders.models import Order


class DocumentKind(models.TextChoices):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note", "Credit note"
    # Undoes a credit note, or the share of one, whose refund the customer's bank sent back.
    DEBIT_NOTE = "debit_note", "Debit note"

    @property
    def series(self) -> str:
        """The series the shop numbers documents of this kind in (read when asked: tests
        change the settings)."""
        return {
            DocumentKind.INVOICE: settings.INVOICE_SERIES,
            DocumentKind.CREDIT_NOTE: settings.CREDIT_NOTE_SERIES,
            DocumentKind.DEBIT_NOTE: settings.DEBIT_NOTE_SERIES,
        }[self]


class DocumentCounter(models.Model):
    """The last number issued in a series and year, moved only by the job worker's numbering
    (`invoicing_number_invoices`, one at a time; the app role only reads it), so numbers are
    gapless: a rolled-back numbering also rolls back its numbers, and no two documents share
    one."""

    series = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="one_counter_per_series_year")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last_number}"


def own_series() -> Q:
    """A document in its kind's own series, the only ones the shop writes and numbers: a row
    in another one was written by someone else (invoicing 0014)."""
    condition = Q()
    for kind in DocumentKind:
        condition |= Q(kind=kind, series=kind.series)
    return condition


class DocumentQuerySet(models.QuerySet):
    def in_own_series(self) -> "DocumentQuerySet":
        """The documents in their kind's own series (`own_series`): those whose amounts a
        refund's credit note, a debit note or a report may count."""
        return self.filter(own_series())

    def issued(self) -> "DocumentQuerySet":
        """The documents issued: numbered, and a note only once the invoice it credits is
        (a refund recorded before the invoice's numbering job ran)."""
        return self.filter(number__isnull=False).exclude(
            credited_invoice__isnull=False, credited_invoice__number__isnull=True
        )


class Invoice(models.Model):
    """An invoice (one per paid order), a credit note (one per refund recorded) or a debit
    note (one per refund the payment provider paid, then failed: the customer's bank sent
    it back), which reverses the credit note of that refund.

    The credit and debit notes of an invoice (`credit_notes`) hold in their amounts what
    they take off it: a credit note's are positive, a debit note's negative, the opposite of
    the credit note's lines it reverses. So any sum of an invoice's notes (what its lines
    have left to credit, what a refund credits next, the VAT report's credits) counts a
    reversed refund as not refunded, with no sign to remember per kind."""

    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    series = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    # A document is numbered by the job worker just after the transaction that wrote it (the
    # payment's, the refund's) commits, a note after the invoices waiting (see
    # `invoicing_number_invoices`): until then both are empty and no one is shown it.
    sequence = models.PositiveIntegerField(null=True, blank=True)
    number = models.CharField(max_length=40, unique=True, null=True, blank=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices")
    credited_invoice = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_notes"
    )
    # The credit note a debit note reverses (a share of, when it credited several refunds).
    reversed_note = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="debit_notes"
    )
    # The order's refunded total this credit note brings it to: one note per refund recorded.
    refunded_total = models.PositiveBigIntegerField(null=True, blank=True)
    # How many refunds the payment provider failed after paying them had lowered the order's
    # refunded total before this credit note: a total reached again after one is another
    # refund's, credited anew (its earlier note was reversed).
    taken_back = models.PositiveIntegerField(default=0, db_default=0)
    # Set by `invoicing_write_note` only (invoicing 0018), which checked in the refund's own
    # transaction that the order's rows back the note: the numbering does not judge it again
    # (outside probe BZ, BZ-8). False for every row written otherwise (before invoicing 0017).
    backed_when_written = models.BooleanField(default=False, db_default=False, editable=False)
    issued_at = models.DateTimeField()
    currency = models.CharField(max_length=3)
    net_amount = models.BigIntegerField()
    tax_amount = models.BigIntegerField()
    total_amount = models.BigIntegerField()
    lines = models.JSONField(help_text="title, net, rate, tax, gross per line (minor units).")
    seller = models.JSONField(help_text="name, address, vat_id at issue.")
    buyer = models.JSONField(help_text="name, email, country, vat_id at issue.")
    payment_reference = models.CharField(max_length=255, blank=True)
    tax_note = models.TextField(blank=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # A document in another currency than the euro states its VAT in euros too (Article 230
    # of the VAT directive), at the ECB's reference rate last published before its issue time
    # (Article 91(2)), within a week: frozen when it is numbered, by the database
    # (`invoicing_freeze_euro_rate`, invoicing 0021), never changed after. Empty for a euro
    # document, and for one numbered while no such rate was recorded (the dashboard says so).
    euro_rate_day = models.DateField(null=True, blank=True, editable=False)
    units_per_euro = models.DecimalField(
        max_digits=14, decimal_places=6, null=True, blank=True, editable=False
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "sequence"], name="invoice_number_once"
            ),
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(kind="invoice"),
                name="one_invoice_per_order",
            ),
            # Per series: a row someone else wrote in another series takes no refund's place
            # (outside probe BY, BY-3).
            models.UniqueConstraint(
                fields=["order", "series", "refunded_total", "taken_back"],
                condition=Q(kind="credit_note"),
                name="one_credit_note_per_refund",
            ),
            # The payment reference of a debit note is the provider's id of the refund that
            # came back: one note per refund (a refund without an id is never paid).
            models.UniqueConstraint(
                fields=["order", "series", "payment_reference"],
                condition=Q(kind="debit_note") & ~Q(payment_reference=""),
                name="one_debit_note_per_refund",
            ),
            models.CheckConstraint(
                condition=Q(sequence__isnull=False, number__isnull=False)
                | Q(sequence__isnull=True, number__isnull=True),
                name="numbered_or_waiting_for_both",
            ),
            models.CheckConstraint(
                condition=Q(total_amount=F("net_amount") + F("tax_amount")),
                name="invoice_total_is_net_plus_tax",
            ),
            currency_supported("invoice_currency_supported"),
            models.CheckConstraint(
                condition=Q(euro_rate_day__isnull=True, units_per_euro__isnull=True)
                | (Q(euro_rate_day__isnull=False, units_per_euro__gt=0) & ~Q(currency="EUR")),
                name="invoice_euro_rate_whole_and_foreign",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice", credited_invoice__isnull=True)
                | Q(kind__in=["credit_note", "debit_note"], credited_invoice__isnull=False),
                name="credit_note_names_its_invoice",
            ),
            models.CheckConstraint(
                condition=Q(kind="debit_note", reversed_note__isnull=False, total_amount__lte=0)
                | (~Q(kind="debit_note") & Q(reversed_note__isnull=True)),
                name="debit_note_reverses_a_credit_note",
            ),
        ]
        indexes = [
            models.Index(fields=["issued_at"], name="invoice_issued_at"),
            models.Index(
                fields=["issued_at", "id"],
                condition=Q(sequence__isnull=True),
                name="invoice_waiting_for_number",
            ),
        ]
        permissions = [("resend_document", "Can email invoices and credit notes again")]

    def __str__(self) -> str:
        return self.number or f"{self.get_kind_display()} of order {self.order_id}, being numbered"

    @property
    def is_credit_note(self) -> bool:
        return self.kind == DocumentKind.CREDIT_NOTE

    @property
    def is_debit_note(self) -> bool:
        return self.kind == DocumentKind.DEBIT_NOTE

    @property
    def in_own_series(self) -> bool:
        """Whether it is in its kind's own series (`own_series`, read on a loaded row)."""
        return self.series == DocumentKind(self.kind).series

    @property
    def total_shown(self) -> int:
        """The total as the document shows it: a debit note's charged again, positive."""
        return -self.total_amount if self.is_debit_note else self.total_amount

    @property
    def file_name(self) -> str:
        return f"{self.number}.pdf"


class EuroRate(models.Model):
    """The European Central Bank's euro reference rate of a currency on a day: 1 EUR is
    `units_per_euro` of it. A quarter's sales in that currency are declared in euros at the
    rate of its last day, or of the next day the ECB published one (as the one-stop shop's
    return is; outside probe GU-1: USD rows were left for Finance to convert by hand)."""

    currency = models.CharField(max_length=3)
    day = models.DateField()
    units_per_euro = models.DecimalField(max_digits=14, decimal_places=6)

    class Meta:
        ordering = ["currency", "-day"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "day"], name="one_euro_rate_per_day"),
            models.CheckConstraint(condition=Q(units_per_euro__gt=0), name="euro_rate_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$") & ~Q(currency="EUR"),
                name="euro_rate_of_another_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"1 EUR = {self.units_per_euro.normalize():f} {self.currency} on {self.day}"
