"""Finance, Euro rates: the ECB's reference rates the VAT report declares other currencies
at, typed one by one or loaded from the ECB's CSV file."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from backoffice.admin_base import ModelAdmin
from invoicing.euro_rates import (
    EuroRateRefused,
    currencies_the_ecb_leaves_out,
    documents_stating_other_rates,
    ecb_leaves_out_words,
    euro_rate_refusal,
    euro_rate_save,
    euro_rates_load_ecb,
    other_rates_kept_words,
)
from invoicing.models import EuroRate
from morpheus.money import SUPPORTED_CURRENCIES

# The ECB's files are a few hundred kilobytes (eurofxref-hist.csv, since 1999: ~1.5 MB).
ECB_FILE_AT_MOST = 4 * 1024 * 1024


class EuroRateForm(forms.ModelForm):
    currency = forms.ChoiceField(
        choices=[(code, code) for code in SUPPORTED_CURRENCIES if code != "EUR"]
    )
    units_per_euro = forms.DecimalField(
        help_text="How many units of the currency one euro buys, as the ECB publishes it "
        "(1 EUR = 1.0850 USD: 1.0850); of a currency it publishes none of (BHD, KWD), the "
        "rate you declare at.",
    )

    class Meta:
        model = EuroRate
        fields = ("currency", "day", "units_per_euro")

    def clean(self):
        cleaned = super().clean()
        # A rate's own page shows its currency and day, not as fields: the instance's.
        names = ("currency", "day", "units_per_euro")
        terms = [cleaned.get(name, getattr(self.instance, name)) for name in names]
        if all(term is not None for term in terms):
            currency, day, units = terms
            if refusal := euro_rate_refusal(currency=currency, day=day, units_per_euro=units):
                self.add_error(None, refusal)
        return cleaned


class EcbFileForm(forms.Form):
    file = forms.FileField(
        help_text="eurofxref.csv (one day) or eurofxref-hist.csv (every day), from "
        "ecb.europa.eu, unzipped."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ECB_FILE_AT_MOST:
            raise forms.ValidationError("This file is larger than any of the ECB's.")
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("This is not the ECB's CSV file (not text).") from exc


@admin.register(EuroRate)
class EuroRateAdmin(ModelAdmin):
    form = EuroRateForm
    list_display = ("currency", "day", "units_per_euro")
    list_filter = ("currency",)
    search_fields = ("=currency",)
    date_hierarchy = "day"
    list_before_template = "backoffice/euro_rates_note.html"

    def get_readonly_fields(self, request, obj=None):
        return ("currency", "day") if obj else ()  # a rate of another day is another rate

    def refusal(self, action: str, obj: EuroRate | None = None) -> str | None:
        if action == "delete":
            return (
                "A euro rate is not deleted: a quarter may have been declared at it. Correct "
                "its rate instead."
            )
        return None

    def save_model(self, request, obj, form, change) -> None:
        saved = euro_rate_save(
            currency=obj.currency, day=obj.day, units_per_euro=obj.units_per_euro
        )
        obj.pk = saved.pk
        self._told_of_other_rates(request, [saved])

    def _told_of_other_rates(self, request: HttpRequest, rates: list[EuroRate]) -> None:
        numbers = documents_stating_other_rates(rates=rates)
        if words := other_rates_kept_words(numbers):
            self.message_user(request, words, messages.WARNING)

    def get_urls(self):
        load = path(
            "load-ecb-file/",
            self.admin_site.admin_view(self.load_view),
            name="invoicing_eurorate_load",
        )
        return [load, *super().get_urls()]

    def load_view(self, request: HttpRequest) -> HttpResponse:
        self.require(request, "add")
        form = EcbFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                recorded = euro_rates_load_ecb(text=form.cleaned_data["file"])
            except EuroRateRefused as refusal:
                form.add_error("file", str(refusal))
            else:
                count = len(recorded)
                self.message_user(
                    request,
                    f"{count} rate{'' if count == 1 else 's'} recorded from the ECB's file.",
                    messages.SUCCESS,
                )
                self._told_of_other_rates(request, recorded)
                if left_out := currencies_the_ecb_leaves_out():
                    self.message_user(request, ecb_leaves_out_words(left_out), messages.WARNING)
                return redirect("admin:invoicing_eurorate_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Load the ECB's euro reference rates",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "backoffice/euro_rates_load.html", context)
