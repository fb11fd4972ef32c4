"""Admin forms whose amounts staff type as people write them ("4.99" in EUR, "500" in
JPY, "1.250" in KWD), in the currency chosen on the same form, and which are stored in
minor units: `morpheus/money.py` reads and shows them, as everywhere else. An amount Stripe
could not charge (1.255 KWD) is refused, and so is a price (`prices`) below the least a
card can be charged."""

from django import forms
from django.db import connection

from morpheus.money import (
    MoneyError,
    charge_step,
    chargeable_check,
    format_money,
    minimum_charge_check,
    parse,
    to_major,
)

AS_WRITTEN = "As written in its currency: 4.99 EUR, 500 JPY, 1.250 KWD."


class MajorUnitsForm(forms.ModelForm):
    """`amount_fields`: model field name -> label. The form's `currency` field (or the
    instance's currency) says how many decimals each amount has."""

    amount_fields: dict[str, str] = {}
    prices: frozenset[str] = frozenset()  # what a customer may pay for on its own
    free_prices = True  # whether a price may be 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        currency = self.instance.currency or "EUR"
        for name, label in self.amount_fields.items():
            if name not in self.fields:  # shown read-only to staff who may only view
                continue
            attrs = self.fields[name].widget.attrs  # e.g. an inline row's aria-label
            self.fields[name] = forms.CharField(
                label=label, help_text=AS_WRITTEN, widget=forms.TextInput(attrs=attrs)
            )
            self.initial[name] = _as_written(self.initial.get(name), currency)

    def clean(self):
        cleaned = super().clean()
        amounts = self.amount_fields.keys() & self.fields.keys()
        if self.has_error("currency"):  # its refusal says it: no amount can be read without it
            for name in amounts:
                cleaned.pop(name, None)
            return cleaned
        currency = cleaned.get("currency") or self.instance.currency
        for name in amounts:
            typed = cleaned.get(name)
            if typed is None or not currency:
                continue
            try:
                cleaned[name] = parse(str(typed), currency)
                self._column_holds_check(name, cleaned[name], currency)
                chargeable_check(cleaned[name], currency)
                if name in self.prices:
                    minimum_charge_check(cleaned[name], currency, free_allowed=self.free_prices)
            except MoneyError as refusal:
                self.add_error(name, str(refusal))
        return cleaned

    def _column_holds_check(self, name: str, minor: int, currency: str) -> None:
        """The column's own limit in what staff typed: the model's validator said "less
        than or equal to 2147483647", in minor units (outside probe CD-4). The limit named
        is the largest amount Stripe can charge in the currency (2,147,483.640 KWD, not
        .647, which the next check refused: outside probe CF-2)."""
        field = self._meta.model._meta.get_field(name)
        column_most = connection.ops.integer_field_range(field.get_internal_type())[1]
        if column_most is None:
            return
        most = column_most - column_most % charge_step(currency)
        if minor > most:
            raise MoneyError(
                f"{str(self.data.get(self.add_prefix(name), '')).strip()[:40]} is too large "
                f"an amount: at most {format_money(most, currency)}."
            )


def _as_written(minor: int | str | None, currency: str) -> str | None:
    """Nothing is "0" in every currency, whichever the form's currency becomes. An add
    page's address may give a starting amount, in minor units; one that is not a whole
    number is no amount."""
    try:
        minor = int(minor)
    except (TypeError, ValueError):
        return None
    return "0" if minor == 0 else str(to_major(minor, currency))


class AmountsShownAsMoney:
    """A ModelAdmin mixin: staff who may only view see each amount as money ("4.99 EUR")
    through its display method, not as minor units. `money_displays`: amount field name ->
    the ModelAdmin's display method showing it."""

    money_displays: dict[str, str] = {}

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # Django lists the read-only fields (the displays among them) after the form's.
        return list(dict.fromkeys(self.money_displays.get(name, name) for name in fields))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if self.has_change_permission(request, obj):
            return readonly
        return [*readonly, *self.money_displays.values()]
