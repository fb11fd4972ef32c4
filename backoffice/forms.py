import uuid

from django import forms
from unfold.forms import AuthenticationForm as ThemeSignInForm

from accounts.forms import UsernameInAnyCase
from accounts.selectors import customer_accounts_named
from catalog.selectors import comics_for_sale
from morpheus.money import (
    MoneyError,
    charge_step,
    chargeable_check,
    format_money,
    parse,
    to_major,
)
from orders.models import Order

STALE_PAGE = "This page is out of date: reload it and try again."


DATE_REFUSED = "Not a date (write 2026-11-30)."
TIME_REFUSED = "Not a time (write 18:00)."


class IsoDateField(forms.DateField):
    """A day, which every form reads only as pages write it, 2026-11-30 (morpheus/formats:
    05/12/2026 is no longer read month first as 12 May, outside probes BS and BT), refused
    saying so. Every date staff type to filter a list or a report goes through it."""

    default_error_messages = {"invalid": DATE_REFUSED}


class StaffSignInForm(UsernameInAnyCase, ThemeSignInForm):
    """The staff site's sign-in (settings.UNFOLD), the username in any case as on the shop's."""


class VersionedForm(forms.Form):
    """Carries the order version the page showed, so a stale page changes nothing; and the
    status it showed (`status_shown`, an input of its own in the page), so the stale page's
    message says the status is new only when it is."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE},
    )

    def status_shown(self) -> str | None:
        """The status of the order on the page sent (its hidden `status_shown` input)."""
        return self.data.get("status_shown") or None

    def order_as_loaded(self, order: Order) -> Order:
        order.version = self.cleaned_data["version"]
        return order

    def is_stale(self, order: Order) -> bool:
        return self.cleaned_data["version"] != order.version

    def was_posted_stale(self, order: Order) -> bool:
        """Whether the posted version is an older one, read before the other fields, whose
        choices follow the order as it is now (a refunded item is no longer offered): a
        page sent again after it changed the order is stale, not a wrong choice."""
        try:
            return self.fields["version"].clean(self.data.get("version")) != order.version
        except forms.ValidationError:
            return False


def version_shown(data, order: Order) -> int | None:
    """The version of `order` that a list page sent back (its `version_<pk>` input), for
    actions on several orders at once; None when the page did not show it."""
    try:
        return int(data.get(f"version_{order.pk}", ""))
    except ValueError:
        return None


# What an order page's form sent without its words, or with too many, says
# (`backoffice.views._form_errors` shows a form's messages without the names of its fields).
REASON_ASKED = {"cancel": "Give a reason for canceling."}
REASON_TOO_LONG = "The reason can be at most %(limit_value)d characters (you typed %(show_value)d)."


def reason_field(asked: str, **kwargs) -> forms.CharField:
    """A reason staff give for a change, saying what is missing or too long in its words."""
    messages = {"required": asked, "max_length": REASON_TOO_LONG}
    return forms.CharField(max_length=500, error_messages=messages, **kwargs)


class TransitionForm(VersionedForm):
    reason = reason_field(
        "Give a reason for this change of status.", widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, transition: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if transition in REASON_ASKED:
            self.fields["reason"].error_messages["required"] = REASON_ASKED[transition]


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write the note.",
            "max_length": "The note can be at most %(limit_value)d characters "
            "(you typed %(show_value)d).",
        },
    )
    # One per form shown: the same form sent twice records one note.
    form_key = forms.UUIDField(
        widget=forms.HiddenInput,
        initial=uuid.uuid4,
        error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE},
    )


class ReissueLinksForm(VersionedForm):
    reason = reason_field("Give a reason for sending fresh links.")


class SettleRefundFailuresForm(VersionedForm):
    """No refund follows the ones Stripe refused: why (what the customer was told)."""

    reason = reason_field(
        "Give a reason for refunding no more.", widget=forms.Textarea(attrs={"rows": 2})
    )


class DuplicateRefundForm(forms.Form):
    """Refund a duplicate charge: the whole charge, so only the reason is asked. Not
    versioned: it changes no order, and asking twice is one refund."""

    reason = reason_field(
        "Give a reason for refunding the charge.", initial="Charged twice for one order"
    )


class RefundableItemsField(forms.TypedMultipleChoiceField):
    """The items ticked; one that cannot be refunded is named by its title (`titles`, the
    order's items), not its id, which no page shows (outside probe GS-2: "Item 9")."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.titles: dict[str, str] = {}

    def validate(self, value: list[str]) -> None:
        for item_id in value:
            if not self.valid_value(item_id):
                named = self.titles.get(str(item_id), f"Item {item_id}")
                raise forms.ValidationError(
                    f"{named} cannot be refunded: it is refunded already, its refund is under "
                    "way, or it is not an item of this order.",
                    code="invalid_choice",
                )
        super().validate(value)

    def clean(self, value: object) -> list[int]:
        """Each item once, however often the form sent it (outside probe HF-4: an item sent
        twice counted twice against what may be refunded, once in the preview)."""
        return list(dict.fromkeys(super().clean(value)))


class RefundForm(VersionedForm):
    """An amount typed in the order currency's major units (5.50 EUR, 500 JPY, 1.250 KWD),
    cleaned to minor units, and one Stripe can pay back (0.250 KWD, not 0.255); or whole
    items (then the amount is what is left of their prices)."""

    items = RefundableItemsField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    amount = forms.CharField(max_length=32, required=False, help_text="In the order's currency.")
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # What the confirmed preview showed (`backoffice.order_page.previewed`): a confirmation that
    # asks for anything else is previewed again, not refunded.
    previewed = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        refundable: int,
        currency: str,
        item_choices: list[tuple[int, str]] = (),
        item_amounts: dict[int, int] | None = None,
        item_titles: dict[int, str] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.refundable = refundable
        self.currency = currency
        self.item_amounts = item_amounts or {}
        self.step = str(to_major(charge_step(currency), currency))
        self.most = str(to_major(refundable, currency))
        self.fields["items"].choices = item_choices
        self.fields["items"].titles = {str(pk): title for pk, title in (item_titles or {}).items()}

    def clean_amount(self) -> int | None:
        if not self.cleaned_data["amount"]:
            return None
        try:
            amount = parse(self.cleaned_data["amount"], self.currency)
            chargeable_check(amount, self.currency, at_most=self.refundable)
        except MoneyError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if amount <= 0:
            raise forms.ValidationError("Enter an amount above zero.")
        if amount > self.refundable:
            limit = format_money(self.refundable, self.currency)
            raise forms.ValidationError(f"At most {limit} can be refunded.")
        return amount

    def clean(self) -> dict:
        data = super().clean()
        typed = data.get("amount")
        # The page fills the amount in with what is left to refund: left as it is beside
        # ticked items, it is no amount of the refund's own.
        if data.get("items") and typed is not None and typed != self.refundable:
            raise forms.ValidationError(
                "Refund either the items ticked or an amount, not both: the items' prices set "
                "their amount."
            )
        if data.get("items"):
            data["amount"] = None  # the items' prices set it
            total = sum(self.item_amounts.get(item, 0) for item in data["items"])
            if total > self.refundable:
                self.add_error(
                    "items",
                    f"These items come to {format_money(total, self.currency)}: at most "
                    f"{format_money(self.refundable, self.currency)} can be refunded.",
                )
        elif data.get("amount") is None and not {"amount", "items"} & self.errors.keys():
            raise forms.ValidationError("Pick the items to refund or give an amount.")
        return data


class CompForm(forms.Form):
    customer = forms.CharField(max_length=254, help_text="Their username or email address.")
    comics = forms.ModelMultipleChoiceField(
        queryset=comics_for_sale().order_by("title"),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    # One per form shown: the same form sent twice gives once (`orders.services.order_comp`).
    form_key = forms.UUIDField(
        widget=forms.HiddenInput,
        initial=uuid.uuid4,
        required=False,
        error_messages={"invalid": STALE_PAGE},
    )

    def clean_customer(self):
        found = customer_accounts_named(typed=self.cleaned_data["customer"].strip())
        if not found:
            raise forms.ValidationError(
                "No customer account has that username or email address (staff accounts and "
                "guest checkouts are none)."
            )
        if len(found) > 1:
            raise forms.ValidationError(
                "More than one customer account has that username or email address: type the "
                "username as it is spelled."
            )
        return found[0]
