"""Discount codes for Finance: terms per currency, and how often each was used and what
it cost (uses of orders that were canceled are given back and not counted)."""

from django import forms
from django.contrib import admin, messages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from unfold.admin import TabularInline
from unfold.decorators import display
from unfold.widgets import UnfoldAdminCheckboxSelectMultipleWidget as CheckboxList
from unfold.widgets import UnfoldAdminSelectWidget

from backoffice.admin_base import ModelAdmin
from backoffice.display import customer_orders_link, when
from backoffice.money_forms import AmountsShownAsMoney, MajorUnitsForm
from backoffice.result_list import ShownColumnsChangeList
from backoffice.setting_history import SettingHistoryShown
from backoffice.titles import title_of_its_own
from catalog.models import Comic
from morpheus.money import CURRENCY_CHOICES, below_minimum_charge, minimum_charge
from morpheus.money import format_money as money
from morpheus.transactions import take_turns
from orders.actors import actor_for
from promotions.bundles import bundle_shares
from promotions.errors import PromotionError
from promotions.models import (
    CODE_CHARACTERS,
    Bundle,
    DiscountCode,
    DiscountCodeCurrency,
    DiscountUse,
)
from promotions.selectors import (
    bundle_deletion_refusal,
    codes_cost_by_currency,
    codes_with_figures,
    currencies_sold,
    dearest_for_sale,
)
from promotions.services import CurrencyTerms, bundle_save, discount_code_save
from tax.checkout import consumers_priced_out


class CodeCurrencyForm(MajorUnitsForm):
    amount_fields = {"amount_off": "Amount off", "min_basket_amount": "Minimum basket"}
    currency = forms.ChoiceField(
        choices=CURRENCY_CHOICES,
        initial="EUR",
        widget=UnfoldAdminSelectWidget(attrs={"aria-label": "Currency"}),
    )

    class Meta:
        model = DiscountCodeCurrency
        fields = ("currency", "amount_off", "min_basket_amount")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "amount_off" in self.fields:  # a percentage code's rows give a minimum only
            self.fields["amount_off"].required = False

    def clean_amount_off(self) -> str | None:
        """Nothing typed is no amount off (`CodeCurrencyFormSet` says whether one is due)."""
        return self.cleaned_data["amount_off"] or None

    def clean_currency(self) -> str:
        """Terms in a currency nothing is sold in could never apply: an order is in the
        currency of what it holds. A row saved before its currency stopped being sold is
        kept as it is (it applies again if that currency is sold again)."""
        currency = self.cleaned_data["currency"]
        if not self.has_changed():
            return currency
        sold = currencies_sold()
        if currency not in sold:
            raise forms.ValidationError(_unsold_refusal(currency, sold))
        return currency

    def clean(self):
        """An amount off is at most what the dearest comic or bundle for sale in its
        currency costs, or the row's minimum basket if that is more: past both, it takes
        off more than any basket it applies to might hold (99,999,999,999,999 EUR was
        saved, making every basket free). Judged, like the currency, when the row changes."""
        cleaned = super().clean()
        amount, currency = cleaned.get("amount_off"), cleaned.get("currency")
        minimum = cleaned.get("min_basket_amount")
        if not (isinstance(amount, int) and isinstance(minimum, int) and currency):
            return cleaned
        dearest = dearest_for_sale(currency=currency) if self.has_changed() else None
        if dearest and amount > max(dearest[1], minimum):
            self.add_error("amount_off", _too_much_off_refusal(amount, currency, *dearest))
        return cleaned


def _too_much_off_refusal(amount: int, currency: str, title: str, price: int) -> str:
    return (
        f"{money(amount, currency)} off is more than anything for sale in {currency} costs: "
        f"the dearest is {title} at {money(price, currency)}. Take off at most that, or set "
        f"a minimum basket of at least {money(amount, currency)}."
    )


def _unsold_refusal(currency: str, sold: set[str]) -> str:
    if not sold:
        return f"Nothing is sold in {currency}: no comic or bundle is for sale yet."
    return (
        f"Nothing is sold in {currency}: every comic and bundle for sale is priced in "
        f"{' or '.join(sorted(sold))}. Choose one of those, or remove this row."
    )


class CodeCurrencyFormSet(BaseInlineFormSet):
    """A code takes a percentage or amounts per currency off, never both, never neither
    (`promotions.pricing` would ignore the amounts of a percentage code)."""

    def clean(self) -> None:
        """Judged on what was typed: a percentage or an amount off refused on its own field
        (101 %, 4.999 EUR) was given all the same, and its own refusal says what is wrong."""
        super().clean()
        percent_given = self.instance.percent_off is not None or getattr(
            self.instance, "percent_refused", False
        )
        amounts_off = [form for form in _kept_forms(self) if _amount_off_typed(form)]
        if percent_given and amounts_off:
            raise forms.ValidationError(
                "A percentage code takes no amount off: leave each currency's amount off "
                "empty (its minimum basket still applies)."
            )
        if not percent_given and not amounts_off:
            raise forms.ValidationError(
                "Give a percentage, or an amount off in at least one currency."
            )
        if not percent_given:
            for form in _kept_forms(self):
                if form.cleaned_data.get("amount_off", 0) is None:
                    currency = form.cleaned_data.get("currency") or "this currency"
                    form.add_error(
                        "amount_off",
                        f"Give the amount this code takes off in {currency} (it has no "
                        "percentage), or remove this row.",
                    )


def _kept_forms(formset: BaseInlineFormSet) -> list[forms.Form]:
    """The rows filled in and not marked for deletion."""
    return [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _kept_rows(formset: BaseInlineFormSet) -> list[dict]:
    return [form.cleaned_data for form in _kept_forms(formset)]


def _amount_off_typed(form: forms.Form) -> bool:
    """An amount off other than nothing: as read, or, refused (too many decimals, or in a
    currency refused), as typed."""
    if "amount_off" in form.cleaned_data:
        return bool(form.cleaned_data["amount_off"])
    typed = str(form.data.get(form.add_prefix("amount_off"), "")).strip()
    return bool(typed.strip("0.,"))


class DiscountCodeCurrencyInline(TabularInline):
    model = DiscountCodeCurrency
    form = CodeCurrencyForm
    formset = CodeCurrencyFormSet
    extra = 1
    fields = ("currency", "amount_off", "min_basket_amount")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """A table's inputs have only its column header above them: each gets its name."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs["aria-label"] = str(db_field.verbose_name).capitalize()
        return field


class DiscountUseInline(TabularInline):
    model = DiscountUse
    extra = 0
    fields = ("order", "customer_orders", "amount_off", "created_at", "released_at")
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order", "customer")

    @display(description="Customer")
    def customer_orders(self, use: DiscountUse) -> str:
        return customer_orders_link(use.customer)

    @display(description="Amount off")
    def amount_off(self, use: DiscountUse) -> str:
        return money(use.amount, use.currency)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


PERCENT_HELP = (
    "1-100; leave empty for an amount off per currency. With terms per currency, it applies "
    "only to baskets in their currencies, each from its minimum basket; with none, to any "
    "basket."
)


PERCENT_RANGE = "A percentage from 1 to 100: leave it empty for an amount off per currency."


def _percent_field(field: forms.IntegerField) -> None:
    """1 to 100 as its only bounds, said once: the model field's own (0 to 32767) are
    replaced, not added to (-5 was refused as below 0 and below 1)."""
    field.help_text = PERCENT_HELP
    field.min_value, field.max_value = 1, 100
    field.widget.attrs.update(min=1, max=100)
    field.validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, MinValueValidator | MaxValueValidator)
    ] + [MinValueValidator(1, PERCENT_RANGE), MaxValueValidator(100, PERCENT_RANGE)]


LIMIT_RANGE = "At least 1: leave it empty for no limit."


def _limit_field(field: forms.IntegerField) -> None:
    """At least 1 as its only bound, said once: the model field's own (0) is replaced, not
    added to (-1 was refused as below 0 and below 1)."""
    field.min_value = 1
    field.widget.attrs.update(min=1)
    field.validators = [
        validator for validator in field.validators if not isinstance(validator, MinValueValidator)
    ] + [MinValueValidator(1, LIMIT_RANGE)]


class DiscountCodeForm(forms.ModelForm):
    class Meta:
        model = DiscountCode
        fields = (
            "code",
            "description",
            "percent_off",
            "starts_at",
            "ends_at",
            "max_uses",
            "max_uses_per_customer",
            "comics",
            "bundles",
            "is_active",
        )
        # A list of checkboxes: the theme's two-box picker has unlabelled parts.
        widgets = {"comics": CheckboxList, "bundles": CheckboxList}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "percent_off" in self.fields:  # in words, before the database's range check
            _percent_field(self.fields["percent_off"])
        for limit in ("max_uses", "max_uses_per_customer"):
            if limit in self.fields:  # 0 would make a code nobody can ever use
                _limit_field(self.fields[limit])

    def clean_max_uses(self) -> int | None:
        """Never below the uses the code has (`discount_uses_within_limit`): lowering the
        limit cannot take back a use, and stopping the code is what "Is active" is for."""
        limit = self.cleaned_data["max_uses"]
        used = self.instance.uses_count
        if limit is not None and limit < used:
            times = "once" if used == 1 else f"{used} times"
            raise forms.ValidationError(
                f"This code has already been used {times} (by orders not canceled): the "
                f"limit cannot be lower than {used}. To stop the code now, untick Is active."
            )
        return limit

    def clean_code(self) -> str:
        """Checked as typed: upper-casing turns "ß" into "SS", which would then pass."""
        code = self.cleaned_data["code"].strip()
        CODE_CHARACTERS(code)
        return code.upper()

    def clean(self):
        cleaned = super().clean()
        # Typed but refused: the terms per currency (`CodeCurrencyFormSet`) take it as given.
        self.instance.percent_refused = self.has_error("percent_off")
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The code must end after it starts.")
        if ends and cleaned.get("is_active") and ends <= timezone.now():
            self.add_error(
                "ends_at",
                f"This code would have ended on {when(ends)}: set a later end or untick Is active.",
            )
        self._limits_kept(cleaned)
        return cleaned

    def _limits_kept(self, cleaned: dict) -> None:
        """A code limited to comics or bundles is not left with none, which would make it
        apply to everything (outside probe EI-1: the comic's delete page said to take it out
        of its code, which then took 50 % off every comic; EK-2: switched off, emptied, then
        switched on again, it did too)."""
        if not self.instance.pk:
            return
        if "comics" not in cleaned or "bundles" not in cleaned:
            return  # refused already
        limited = self.instance.comics.exists() or self.instance.bundles.exists()
        if limited and not cleaned["comics"] and not cleaned["bundles"]:
            self.add_error(
                None,
                "With no comic or bundle, this code would apply to everything: keep one "
                "(a new code is the way to a discount on everything; untick Is active to "
                "stop this one).",
            )

    def clean_bundles(self):
        """A bundle off sale is refused as it is added, not once the code holds it (outside
        probe EH-3: a code limited to a bundle taken off sale since could not be saved, not
        even switched off)."""
        bundles = self.cleaned_data["bundles"]
        held = (
            set(self.instance.bundles.values_list("pk", flat=True)) if self.instance.pk else set()
        )
        gone = [b.title for b in bundles if not b.is_active and b.pk not in held]
        if gone:
            raise forms.ValidationError(f"Not for sale, so never bought: {', '.join(gone)}.")
        return bundles


@admin.register(DiscountCode)
class DiscountCodeAdmin(SettingHistoryShown, ModelAdmin):
    form = DiscountCodeForm
    form_checked_constraints = frozenset({"discount_uses_within_limit"})
    list_display = ("code", "terms", "window", "uses", "cost", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "description")
    inlines = (DiscountCodeCurrencyInline, DiscountUseInline)

    def get_queryset(self, request):
        return codes_with_figures().prefetch_related("currencies", "comics", "bundles")

    def get_changelist(self, request, **kwargs):
        return ShownColumnsChangeList

    def save_model(self, request, obj, form, change) -> None:
        """Saved with its comics, bundles and terms per currency by `save_related`."""

    def save_related(self, request, form, formsets, change) -> None:
        terms = next(each for each in formsets if isinstance(each, CodeCurrencyFormSet))
        discount_code_save(
            code=form.instance,
            comics=form.cleaned_data["comics"],
            bundles=form.cleaned_data["bundles"],
            terms=[
                CurrencyTerms(row["currency"], row["amount_off"] or 0, row["min_basket_amount"])
                for row in _kept_rows(terms)
            ],
            actor=actor_for(request.user),
            version=self.version_shown(form),
        )

    def construct_change_message(self, request, form, formsets, add):
        """Django's log names the code's fields only: the formsets saved nothing themselves
        (`save_related`), the change history on the page has their rows."""
        return super().construct_change_message(request, form, [], add)

    def list_page_rows(self, rows: QuerySet[DiscountCode]) -> list[DiscountCode]:
        """The page's codes, each with its cost per currency: one query for the page."""
        codes = list(rows)
        costs = codes_cost_by_currency(codes=codes)
        for code in codes:
            code.cost_by_currency = costs[code.pk]
        return codes

    @display(description="Terms")
    def terms(self, code: DiscountCode) -> str:
        """What it takes off, the baskets it applies to (those in the currencies of its
        terms, each from its minimum; a percentage code with no terms: any basket) and the
        comics and bundles it is limited to."""
        return self._takes_off(code) + _limited_to(code)

    def _takes_off(self, code: DiscountCode) -> str:
        rows = list(code.currencies.all())
        if code.percent_off is not None:
            baskets = [
                f"a basket of {money(row.min_basket_amount, row.currency)} or more"
                if row.min_basket_amount
                else f"any basket in {row.currency}"
                for row in rows
            ]
            return f"{code.percent_off} % off" + (f" {', '.join(baskets)}" if baskets else "")
        return ", ".join(
            f"{money(row.amount_off, row.currency)} off"
            + _at_least(
                [money(row.min_basket_amount, row.currency)] if row.min_basket_amount else []
            )
            for row in rows
        )

    @display(description="Valid")
    def window(self, code: DiscountCode) -> str:
        """To the minute: a code ends at its time, not at the end of its day."""
        starts, ends = when(code.starts_at), when(code.ends_at)
        if starts and ends:
            return f"{starts} to {ends}"
        if starts:
            return f"from {starts}"
        if ends:
            return f"until {ends}"
        return "Always"

    @display(description="Uses", ordering="live_uses")
    def uses(self, code: DiscountCode) -> str:
        return f"{code.live_uses} / {code.max_uses}" if code.max_uses else str(code.live_uses)

    @display(description="Cost")
    def cost(self, code: DiscountCode) -> str:
        return ", ".join(
            money(amount, currency) for currency, amount in code.cost_by_currency.items()
        )


# A bundle's form and its comics' forms check each other's currencies: saves of either
# take turns under this name, so one saved at the same moment as the other is checked
# against it, not against what both read before.
BUNDLE_CURRENCIES_TURN = "bundle-currencies"


class BundleForm(MajorUnitsForm):
    amount_fields = {"price_amount": "Price"}
    prices = frozenset({"price_amount"})
    free_prices = False  # "give comics away" is its own action
    currency = forms.ChoiceField(
        choices=CURRENCY_CHOICES, initial="EUR", widget=UnfoldAdminSelectWidget
    )

    class Meta:
        model = Bundle
        fields = "__all__"

    def clean_title(self) -> str:
        return title_of_its_own(self)

    def clean(self):
        cleaned = super().clean()
        take_turns(BUNDLE_CURRENCIES_TURN)
        picked = [comic.pk for comic in cleaned.get("comics") or []]
        comics = list(Comic.objects.filter(pk__in=picked))  # as saved, once it is our turn
        price, currency = cleaned.get("price_amount"), cleaned.get("currency")
        if len(comics) < 2:
            self.add_error("comics", "A bundle holds two comics or more.")
        elif isinstance(price, int) and currency:
            completable = bool(cleaned.get("allows_completion"))
            for refusal in bundle_terms_refusals(
                comics=comics, price=price, currency=currency, completable=completable
            ):
                self.add_error(None, refusal)
        return cleaned


def bundle_terms_refusals(
    *, comics: list, price: int, currency: str, completable: bool
) -> list[str]:
    """Why a bundle of `comics` at `price` cannot be sold: its comics' prices are in its
    currency (a customer pays it in theirs), it costs something, less than its comics
    bought one by one, and something for each comic (its share, which completing the series
    costs)."""
    currencies = sorted({comic.currency for comic in comics})
    if len(currencies) > 1:
        priced = ", ".join(f"{comic.title} in {comic.currency}" for comic in comics)
        return [f"A bundle's comics share one currency; these are priced {priced}."]
    if currencies and currencies != [currency]:
        return [f"The comics are priced in {currencies[0]}: price the bundle in it too."]
    separately = sum(comic.price_amount for comic in comics)
    if price == 0:
        return ["A bundle costs something: give comics away with “Give comics to a customer”."]
    if price >= separately:
        return [
            f"The bundle costs {money(price, currency)}, no less than its comics bought one "
            f"by one ({money(separately, currency)})."
        ]
    shares = bundle_shares(price=price, currency=currency, comics=comics)
    given_away = [comic.title for comic in comics if comic.price_amount and not shares[comic.pk]]
    if given_away:
        return [
            f"At {money(price, currency)}, the share of {', '.join(given_away)} in the bundle's "
            f"price is {money(0, currency)}: a customer completing the series would get it "
            "for nothing. Price the bundle higher."
        ]
    return _completions_too_cheap_to_charge(shares, comics, price, currency) if completable else []


def _completions_too_cheap_to_charge(shares, comics, price: int, currency: str) -> list[str]:
    """A customer owning all but one comic completes the series for that comic's share:
    less than a card can be charged is an order nobody can pay. Found by an outside probe
    (0.60 EUR for two comics: "Complete the series: 0.22 EUR")."""
    short = [comic for comic in comics if below_minimum_charge(shares[comic.pk], currency)]
    if not short:
        return []
    least = money(minimum_charge(currency), currency)
    return [
        f"At {money(price, currency)}, the share of {', '.join(c.title for c in short)} in the "
        f"bundle's price is less than a card can be charged ({least}): a customer completing "
        "the series with it could not pay. Price the bundle higher, or sell it whole only."
    ]


@admin.register(Bundle)
class BundleAdmin(SettingHistoryShown, AmountsShownAsMoney, ModelAdmin):
    form = BundleForm
    money_displays = {"price_amount": "price"}
    list_display = ("title", "price", "comic_count", "allows_completion", "is_active")
    list_filter = ("is_active",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxList}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comics_in_bundle=Count("comics"))

    def refusal(self, action: str, obj: Bundle | None = None) -> str | None:
        if action == "delete" and obj is not None:
            return bundle_deletion_refusal(bundle=obj) or None
        return None

    def get_actions(self, request):
        """No deleting in bulk: a bundle a code is limited to is kept (`refusal`)."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """A bundle a code was limited to since its delete page was shown is kept, and the
        page says so."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except PromotionError as kept:
            self.message_user(request, str(kept), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:promotions_bundle_change", args=[object_id]))

    def save_model(self, request, obj, form, change) -> None:
        """Saved with its comics by `save_related`."""

    def save_related(self, request, form, formsets, change) -> None:
        bundle_save(
            bundle=form.instance,
            comics=form.cleaned_data["comics"],
            actor=actor_for(request.user),
            version=self.version_shown(form),
        )
        bundle = form.instance
        if priced_out := consumers_priced_out(price=bundle.price_amount, currency=bundle.currency):
            self.message_user(request, priced_out, messages.WARNING)

    @display(description="Price", ordering="price_amount")
    def price(self, bundle: Bundle) -> str:
        return money(bundle.price_amount, bundle.currency)

    @display(description="Comics", ordering="comics_in_bundle")
    def comic_count(self, bundle: Bundle) -> int:
        return bundle.comics_in_bundle


def _at_least(minimums: list[str]) -> str:
    return f" a basket of {' or '.join(minimums)} or more" if minimums else ""


def _limited_to(code: DiscountCode) -> str:
    """The comics and bundles a code is limited to, as its terms' list says them."""
    covered = [comic.title for comic in code.comics.all()]
    covered += [f"{bundle.title} bought as a bundle" for bundle in code.bundles.all()]
    return f"; only on {', '.join(covered)}" if covered else ""
