from django import forms

from morpheus.money import MoneyError, format_money, parse, quantum, to_major
from orders.models import Order


class VersionedForm(forms.Form):
    """Carries the order version the page showed, so a stale page changes nothing."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def order_as_loaded(self, order: Order) -> Order:
        order.version = self.cleaned_data["version"]
        return order

    def is_stale(self, order: Order) -> bool:
        return self.cleaned_data["version"] != order.version


class TransitionForm(VersionedForm):
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReissueLinksForm(VersionedForm):
    reason = forms.CharField(max_length=500)


class RefundForm(VersionedForm):
    """The amount is typed in the order currency's major units (5.50 EUR, 500 JPY,
    1.250 KWD) and cleaned to minor units."""

    amount = forms.CharField(max_length=32, help_text="In the order's currency.")
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, refundable: int, currency: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refundable = refundable
        self.currency = currency
        self.step = str(quantum(currency))
        self.most = str(to_major(refundable, currency))

    def clean_amount(self) -> int:
        try:
            amount = parse(self.cleaned_data["amount"], self.currency)
        except MoneyError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if amount <= 0:
            raise forms.ValidationError("Enter an amount above zero.")
        if amount > self.refundable:
            limit = format_money(self.refundable, self.currency)
            raise forms.ValidationError(f"At most {limit} can be refunded.")
        return amount
