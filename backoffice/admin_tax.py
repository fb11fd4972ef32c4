"""VAT rules, kept by Finance: a rate per country and category with the dates it applies.
A rate that changes gets a new rule (end the old one with `valid_to`), so orders placed
before keep the rate they were charged."""

from django.contrib import admin
from unfold.admin import ModelAdmin

from tax.models import TaxRule


@admin.register(TaxRule)
class TaxRuleAdmin(ModelAdmin):
    list_display = ("country", "category", "rate", "valid_from", "valid_to", "note")
    list_filter = ("category", "country")
    search_fields = ("=country",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
