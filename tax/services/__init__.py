"""Every write of the VAT app: the buyer's evidence, each item's VAT, Finance's decisions
and VAT rules (recorded in the settings history, morpheus/setting_changes.py)."""

from tax.services.declarations import business_declared, declaration_check, reverse_charge_for
from tax.services.evidence import (
    accepted_then,
    evidence_card_country_record,
    evidence_charged_back,
    evidence_decide,
    evidence_hold_end,
    evidence_hold_restore,
)
from tax.services.records import (
    business_price,
    order_placed_tax_record,
    order_rates_refresh,
    order_rates_stale,
    order_tax_record,
    pending_orders_rates_refresh,
)
from tax.services.rules import (
    tax_rule_overlap_check,
    tax_rule_save,
    tax_rule_turns_take,
    tax_rule_withdraw,
)
from tax.services.terms import (
    COMIC_CATEGORY,
    CONFLICT,
    ELSEWHERE_NOTE,
    EVIDENCE_RULE,
    NO_LONGER_HELD,
    RELEASED_AS_DECLARED,
    REVERSE_CHARGE_NOTE,
)
from tax.services.vies import (
    vat_number_vies_check,
    vat_number_vies_unanswered,
    vat_numbers_unchecked_flag,
    vies_refused_paid,
    vies_refused_reprice,
)

__all__ = [
    "COMIC_CATEGORY",
    "CONFLICT",
    "ELSEWHERE_NOTE",
    "EVIDENCE_RULE",
    "NO_LONGER_HELD",
    "RELEASED_AS_DECLARED",
    "REVERSE_CHARGE_NOTE",
    "accepted_then",
    "business_declared",
    "business_price",
    "declaration_check",
    "evidence_card_country_record",
    "evidence_charged_back",
    "evidence_decide",
    "evidence_hold_end",
    "evidence_hold_restore",
    "order_placed_tax_record",
    "order_rates_refresh",
    "order_rates_stale",
    "order_tax_record",
    "pending_orders_rates_refresh",
    "reverse_charge_for",
    "tax_rule_overlap_check",
    "tax_rule_save",
    "tax_rule_turns_take",
    "tax_rule_withdraw",
    "vat_number_vies_check",
    "vat_number_vies_unanswered",
    "vat_numbers_unchecked_flag",
    "vies_refused_paid",
    "vies_refused_reprice",
]
