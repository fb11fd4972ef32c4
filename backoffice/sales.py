"""Sales per title for staff: a period, a table, a chart per title and a CSV export, read
from the analytics table (`analytics.selectors.sales_per_title`)."""

import csv
from datetime import date, datetime, time, timedelta

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from analytics.selectors import TitleSales, sales_per_bundle, sales_per_title
from backoffice.admin_base import require_permission
from backoffice.charts import bar_chart_svg
from backoffice.csv_files import csv_response
from backoffice.export import as_text
from backoffice.forms import IsoDateField
from morpheus.money import format_money, to_major

DEFAULT_DAYS = 30
MAX_DAYS = 366
CSV_HEADER = (
    "comic_id",
    "title",
    "currency",
    "units",
    "revenue",
    "refunds",
    "charged_back",
    "net",
    "refunded_orders",
    "downloads",
)


class PeriodForm(forms.Form):
    start = IsoDateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = IsoDateField(label="End (inclusive)", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and not (0 <= (end - start).days < MAX_DAYS):
            raise forms.ValidationError(f"Choose an end after the start, at most {MAX_DAYS} days.")
        if end == date.max:  # its next day, where the period stops, does not exist
            raise forms.ValidationError("Choose an earlier end.")
        return cleaned


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _period(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    today = timezone.localdate()
    default = {"start": today - timedelta(days=DEFAULT_DAYS - 1), "end": today}
    asked = "start" in request.GET or "end" in request.GET  # else the export of the default
    form = PeriodForm(request.GET if asked else None, initial=default)
    if asked and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default["start"], default["end"]


def _rows(start: date, end: date) -> list[TitleSales]:
    return sales_per_title(start=_day_start(start), end=_day_start(end + timedelta(days=1)))


def _chart(sales: TitleSales, days: list[date]):
    return bar_chart_svg(
        [(day, sales.revenue_per_day.get(day, 0)) for day in days],
        css="revenue",
        title=f"Revenue per day of {sales.title} ({sales.currency})",
        label=lambda minor: format_money(minor, sales.currency),
    )


def sales_view(request: HttpRequest, *, admin_context: dict) -> HttpResponse:
    require_permission(request.user, "orders.view_order")
    form, start, end = _period(request)
    if request.GET.get("format") == "csv":
        if form.errors:  # never another period's CSV: the page, saying why, as the order list's
            shown = request.GET.copy()
            del shown["format"]
            return redirect(f"{request.path}?{shown.urlencode()}")
        return _csv(_rows(start, end), start, end)
    rows = _rows(start, end)
    days = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    context = {
        **admin_context,
        "title": "Sales per title",
        "form": form,
        "start": start,
        "end": end,
        "rows": [{"sales": sales, "chart": _chart(sales, days)} for sales in rows],
        "bundles": sales_per_bundle(
            start=_day_start(start), end=_day_start(end + timedelta(days=1))
        ),
    }
    return render(request, "backoffice/sales.html", context)


def _csv(rows: list[TitleSales], start: date, end: date) -> HttpResponse:
    response = csv_response(file_name=f"sales-per-title-{start}-{end}.csv")
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for sales in rows:
        values = (
            sales.comic_id,
            sales.title,
            sales.currency,
            sales.units,
            to_major(sales.revenue, sales.currency),
            to_major(sales.refunds, sales.currency),
            to_major(sales.charged_back, sales.currency),
            to_major(sales.net, sales.currency),
            sales.refunded_orders,
            sales.downloads,
        )
        writer.writerow(tuple(map(as_text, values)))
    return response
