"""Admin forms whose amounts staff type as people write them ("4.99" in EUR, "500" in
JPY, "1.250" in KWD), in the currency chosen on the same form, and which are stored in
minor units: `morpheus/money.py` reads and shows them, as everywhere else. An amount Stripe
could not charge (1.255 KWD) is refused, and so is a price (`prices`) below the least a
card can be charged or above the most."""

from django import forms

from morpheus.money import (
    MoneyError,
    chargeable_check,
    maximum_charge,
    maximum_charge_check,
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
                if name in self.prices:
                    self._price_check(cleaned[name], currency)
                else:
                    chargeable_check(cleaned[name], currency)
            except MoneyError as refusal:
                self.add_error(name, str(refusal))
        return cleaned

    def _get_validation_exclusions(self) -> set[str]:
        """An amount left unread for want of a currency is not the model's "cannot be null"
        either (outside probe DF-2: a bundle's price, filled in, was said to be missing)."""
        excluded = super()._get_validation_exclusions()
        if self.has_error("currency"):
            excluded |= set(self.amount_fields)
        return excluded

    def _price_check(self, minor: int, currency: str) -> None:
        """What a card can be charged on its own: not 1.255 KWD (suggesting none above the
        most), nor more than Stripe charges at once (a comic at 2,000,000 EUR, which its
        column held, made an order no card could pay), nor less."""
        chargeable_check(minor, currency, at_most=maximum_charge(currency))
        maximum_charge_check(minor, currency)
        minimum_charge_check(minor, currency, free_allowed=self.free_prices)


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
