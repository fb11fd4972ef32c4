"""The order list's filters. Each keeps its query count fixed: none lists rows of a table
that grows with the orders."""

import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from unfold.contrib.filters.admin import (
    ChoicesCheckboxFilter,
    RangeDateFilter,
    RangeNumericFilter,
    TextFilter,
)
from unfold.contrib.filters.forms import RangeDateForm

from backoffice.forms import IsoDateField
from morpheus.money import SUPPORTED_CURRENCIES, TYPED_AMOUNT, MoneyError, to_minor

SHOWN_OF_TYPED = 40  # characters of an unread value quoted back


class FilterRefused(IncorrectLookupParameters):
    """A filter's value the list refuses, in words for staff that name the filter; the list
    goes back to every order, saying so (OrderAdmin)."""


class FilterUnread(FilterRefused):
    """A value the list cannot read, and what the filter takes."""

    def __init__(self, filter_name: str, typed: object, expected: str):
        shown = str(typed)[:SHOWN_OF_TYPED]
        super().__init__(
            f"The filter “{filter_name}” could not be read: “{shown}” is not {expected}. "
            "The list shows every order: filter again."
        )


class FilterReversed(FilterRefused):
    """A range filter whose "from" comes after its "to": it would match nothing, and the
    list said only "No results found" (outside probe CD-2)."""

    def __init__(self, filter_name: str, start: object, end: object):
        super().__init__(
            f"The filter “{filter_name}” runs from “{str(start)[:SHOWN_OF_TYPED]}” to "
            f"“{str(end)[:SHOWN_OF_TYPED]}”: its “from” comes after its “to”. The list shows "
            "every order: filter again."
        )


def _end_name(title: str, key: str) -> str:
    return f"{title}, {'from' if key.endswith('_from') else 'to'}"


class StatusFilter(ChoicesCheckboxFilter):
    """Several statuses, matched on the text mirror of the status: under row-level
    security an index serves text equality, not the enum's (orders 0005)."""

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        statuses = self.value()
        if not statuses:
            return queryset
        return queryset.filter(status_text__in=statuses)


# How the list's address may name statuses besides the status filter's own boxes.
TYPED_STATUS_KEYS = ("status", "status__in")


def status_typed_as_ticked(query: QueryDict) -> QueryDict | None:
    """The query with the statuses typed in the address (`status=paid`,
    `status__in=paid,fulfilled`) as the status filter's own boxes (`status__exact`), or None
    when it has none: typed so, they narrowed the list with no box ticked and no count shown,
    and ticking a box then found nothing (outside probe EU-1)."""
    if not any(key in query for key in TYPED_STATUS_KEYS):
        return None
    ticked = query.copy()
    typed = [
        status
        for key in TYPED_STATUS_KEYS
        for value in ticked.pop(key, [])
        for status in (part.strip() for part in value.split(","))
        if status
    ]
    ticked.setlist("status__exact", list(dict.fromkeys([*query.getlist("status__exact"), *typed])))
    return ticked


# A range input's value the list could not read comes back in that input on the page that
# says so (`?e=1`, Django's, which reads no filter): under this prefix in its address, which
# the list takes out before any filter reads it (outside probe HK-2: the input came back empty).
TYPED_BACK = "typed_"
_TYPED_BACK_ATTRIBUTE = "morpheus_typed_back"


def typed_back_query(query: QueryDict, keys: tuple[str, ...]) -> dict[str, str]:
    """What was typed in the range inputs `keys`, to send back to the list under TYPED_BACK."""
    return {f"{TYPED_BACK}{key}": query[key] for key in keys if query.get(key)}


def typed_back_take(request) -> None:
    """Take the TYPED_BACK values out of the list's address, for its range inputs alone."""
    typed = {
        key.removeprefix(TYPED_BACK): value
        for key, value in request.GET.items()
        if key.startswith(TYPED_BACK)
    }
    if typed:
        query = request.GET.copy()
        for key in typed:
            del query[f"{TYPED_BACK}{key}"]
        request.GET = query
    setattr(request, _TYPED_BACK_ATTRIBUTE, typed)


class TypedBackMixin:
    """A range filter whose empty inputs show what was typed in them, not applied."""

    def choices(self, changelist):
        typed = getattr(self.request, _TYPED_BACK_ATTRIBUTE, {})
        for choice in super().choices(changelist):
            shown = {
                key: typed[key]
                for key in self.expected_parameters()
                if key in typed and key not in self.used_parameters
            }
            if shown:
                form = choice["form"]
                choice["form"] = type(form)(name=self.parameter_name, data={**form.data, **shown})
            yield choice


class IsoRangeDateForm(RangeDateForm):
    """The theme's two date inputs (From, To), each an `IsoDateField`."""

    def __init__(self, name: str, *args, **kwargs) -> None:
        super().__init__(name, *args, **kwargs)
        for key, theme_field in self.fields.items():
            self.fields[key] = IsoDateField(label="", required=False, widget=theme_field.widget)


class WholeDayRangeFilter(TypedBackMixin, RangeDateFilter):
    """Date range on a datetime column, both ends inclusive: "to 31 May" keeps the orders
    of 31 May (the theme's own filter stops at its midnight). Half-open, so indexes serve it.
    Each end is read by its input's field (`IsoRangeDateForm`), so only as 2026-11-30."""

    form_class = IsoRangeDateForm

    def queryset(self, request, queryset: QuerySet) -> QuerySet | None:
        start = self._day_start(f"{self.parameter_name}_from")
        end = self._day_start(f"{self.parameter_name}_to")
        if start and end and start > end:
            raise FilterReversed(self.title, start.date(), end.date())
        if start:
            queryset = queryset.filter(**{f"{self.parameter_name}__gte": start})
        if end and end.date() < date.max:  # the last day there is leaves nothing out
            queryset = queryset.filter(**{f"{self.parameter_name}__lt": end + timedelta(days=1)})
        return queryset

    def _day_start(self, key: str) -> datetime | None:
        typed = self.used_parameters.get(key)
        form = self.form_class(name=self.parameter_name)
        try:
            day = form.fields[key].clean(typed)
        except ValidationError:  # as for any lookup the list cannot read: back to it, saying so
            raise FilterUnread(
                _end_name(self.title, key), typed, "a date (write 2026-11-30)"
            ) from None
        return timezone.make_aware(datetime.combine(day, time.min)) if day else None


class TotalRangeFilter(TypedBackMixin, RangeNumericFilter):
    """Order total between two amounts typed in major units (12.50), each order read in its
    own currency: "from 500" is 500 JPY (500 minor units) and 500.00 EUR (50000)."""

    def queryset(self, request, queryset: QuerySet) -> QuerySet | None:
        bounds = {"gte": f"{self.parameter_name}_from", "lte": f"{self.parameter_name}_to"}
        typed, shown = {}, {}
        for lookup, key in bounds.items():
            raw = self.used_parameters.get(key)
            if raw in (None, ""):
                continue
            if (amount := _amount_read(str(raw))) is None:  # back to the list, saying so
                raise FilterUnread(_end_name(self.title, key), raw, "an amount (write 12.50)")
            typed[lookup], shown[lookup] = amount, str(raw).strip()
        if len(typed) == 2 and Decimal(typed["gte"]) > Decimal(typed["lte"]):
            # As typed (outside probe HP-3: "from “100000”" of a 1e5 typed).
            raise FilterReversed(self.title, shown["gte"], shown["lte"])
        for lookup, raw in typed.items():
            try:
                condition = self._in_each_currency(lookup, raw)
            except MoneyError:  # larger than any order can be: from it none, up to it all
                if lookup == "gte":
                    return queryset.none()
                continue  # outside probe HP-2: "to 1e17" listed nothing
            queryset = queryset.filter(condition)
        return queryset

    def _in_each_currency(self, lookup: str, raw: str) -> Q:
        """A bound between two minor units ("from 1.001" EUR) keeps out what lies outside
        it: a lower bound is rounded up, an upper one down."""
        rounding = ROUND_CEILING if lookup == "gte" else ROUND_FLOOR
        condition = Q()
        for currency in SUPPORTED_CURRENCIES:
            amount = to_minor(raw, currency, exact=False, rounding=rounding)
            condition |= Q(currency=currency, **{f"{self.parameter_name}__{lookup}": amount})
        return condition


# What the total's number input also sends as valid: an exponent, "1e5" (outside probe HO-1:
# the browser took it, the list refused it). Three digits at most: a bigger one would spell out
# a number of as many digits, and any over 20 is larger than any order.
EXPONENT_AMOUNT = re.compile(r"([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]{1,3}")


def _amount_read(typed: str) -> str | None:
    """An amount typed in major units (12.50, or 1e5 as 100000); None when it is none."""
    typed = typed.strip()
    if EXPONENT_AMOUNT.fullmatch(typed):
        return f"{Decimal(typed):f}"
    return typed if TYPED_AMOUNT.fullmatch(typed) else None


class YesNoFilter(admin.SimpleListFilter):
    """A yes/no question about an order; subclasses give the condition for "yes"."""

    def lookups(self, request, model_admin):
        return (("yes", "Yes"), ("no", "No"))

    def condition(self) -> dict:
        raise NotImplementedError

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(**self.condition())
        if self.value() == "no":
            return queryset.exclude(**self.condition())
        if self.value() not in (None, ""):  # `true`, `1`: back to the list, saying so
            raise FilterUnread(self.title, self.value(), "one of its choices: yes or no")
        return queryset


class HasRefundsFilter(YesNoFilter):
    title = "has refunds"
    parameter_name = "has_refunds"

    def condition(self) -> dict:
        return {"refunded_amount__gt": 0}


class DisputedFilter(YesNoFilter):
    title = "disputed"
    parameter_name = "disputed"

    def condition(self) -> dict:
        return {"disputed_at__isnull": False}


class FlaggedFilter(YesNoFilter):
    title = "flagged"
    parameter_name = "flagged"

    def condition(self) -> dict:
        return {"flagged_reason__gt": ""}


class CurrencyFilter(admin.SimpleListFilter):
    """The supported currencies (a CHECK constraint allows no other), so the choices need no
    query and the filter applies even when no comic is priced in that currency any more."""

    title = "currency"
    parameter_name = "currency"

    def lookups(self, request, model_admin):
        return [(code, code) for code in sorted(SUPPORTED_CURRENCIES)]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        typed = self.value()
        if not typed:
            return queryset
        if typed.upper() not in SUPPORTED_CURRENCIES:  # back to the list, saying so
            choices = ", ".join(sorted(SUPPORTED_CURRENCIES))
            raise FilterUnread(self.title, typed, f"one of its choices: {choices}")
        return queryset.filter(currency=typed.upper())


class CustomerFilter(TextFilter):
    """A customer by username or email, exactly (case-insensitive)."""

    title = "customer"
    parameter_name = "customer"

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = (self.value() or "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(customer__username__iexact=value) | Q(customer__email__iexact=value)
        )
