"""VAT rules, kept by Finance: a rate per country and category with the dates it applies.
A rate that changes gets a new rule (end the old one with `valid_to`), so orders placed
before keep the rate they were charged; one not started yet may be withdrawn."""

from datetime import date

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html

from backoffice.admin_base import ModelAdmin
from backoffice.bulk import refusals_tell
from backoffice.forms import version_shown
from backoffice.setting_history import SettingHistoryShown
from morpheus.errors import DomainError
from orders.actors import actor_for
from tax.countries import ELSEWHERE, NAMES, country_code_shown
from tax.errors import RuleStarted
from tax.models import EvidenceDecision, OrderTaxEvidence, TaxCategory, TaxRule, percent
from tax.selectors import (
    decided_by_when,
    rule_left_unfollowed,
    rule_predecessor_change,
    rule_replaced,
)
from tax.services import (
    accepted_then,
    evidence_decide,
    tax_rule_overlap_check,
    tax_rule_save,
    tax_rule_turns_take,
    tax_rule_withdraw,
)


class TaxRuleForm(forms.ModelForm):
    """The rule's terms refused in words, before the database's checks would refuse them
    by their constraint names."""

    class Meta:
        model = TaxRule
        fields = ("country", "category", "rate", "valid_from", "valid_to", "note")

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if country not in NAMES or country == ELSEWHERE:
            known = ", ".join(sorted(set(NAMES) - {ELSEWHERE}))
            raise forms.ValidationError(
                f"The shop charges VAT in these countries: {known}. Another one needs adding "
                "to the shop by a developer first."
            )
        return country

    def clean_rate(self):
        rate = self.cleaned_data["rate"]
        if rate is not None and not 0 <= rate < 100:
            raise forms.ValidationError("A rate is a percentage from 0 up to (not including) 100.")
        return rate

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end <= start:
            self.add_error(
                "valid_to", "A rule ends after the day it starts: leave this empty for no end."
            )
        elif not self.errors:
            self._overlap_check(cleaned)
        return cleaned

    def _overlap_check(self, cleaned: dict) -> None:
        """In the page's transaction (the admin saves in it): the check and the save take
        their turn together, see `tax_rule_overlap_check`."""
        terms = ("country", "category", "valid_from", "valid_to")
        rule = TaxRule(pk=self.instance.pk, **{name: cleaned.get(name) for name in terms})
        try:
            tax_rule_turns_take(rule=rule)
            tax_rule_overlap_check(rule=rule)
        except DomainError as refusal:
            self.add_error("valid_from", str(refusal))


@admin.register(TaxRule)
class TaxRuleAdmin(SettingHistoryShown, ModelAdmin):
    form = TaxRuleForm
    list_display = ("country", "category", "rate", "valid_from", "valid_to", "note")
    list_filter = ("category", "country")
    search_fields = ("=country",)
    # Where the shipped rates come from and that they still need confirming.
    list_before_template = "backoffice/tax_rules_note.html"
    change_form_before_template = "backoffice/tax_rules_note.html"

    def refusal(self, action: str, obj: TaxRule | None = None) -> str | None:
        if action == "delete" and obj is not None and obj.valid_from <= timezone.now().date():
            return (
                "A tax rule that has applied cannot be deleted: orders placed while it applied "
                "keep the rate it set. End it with “Valid to” instead, and add a rule for the "
                "new rate. Only a rule that has not started yet can be withdrawn."
            )
        return None

    def has_delete_permission(self, request, obj: TaxRule | None = None) -> bool:
        """Withdrawing a planned rule is an edit of the rates, Finance's: it takes the
        permission to change them (outside probe FA-2)."""
        return self.refusal("delete", obj) is None and self.has_change_permission(request, obj)

    has_delete_permission.permission = "tax.change_taxrule"

    def get_actions(self, request):
        """A rule is withdrawn from its own page, one at a time."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """A rule that started between its page and the withdrawal (midnight passed, its
        start moved) is refused on its page, in words."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except RuleStarted as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect("admin:tax_taxrule_change", object_id)

    def delete_model(self, request, obj: TaxRule) -> None:
        if before := tax_rule_withdraw(rule=obj, actor=actor_for(request.user)):
            self.message_user(request, _rule_now_ends(before, before.valid_to, obj))

    def save_model(self, request, obj, form, change) -> None:
        replaced = rule_replaced(rule=obj)
        predecessor = rule_predecessor_change(rule=obj)
        tax_rule_save(rule=obj, actor=actor_for(request.user), version=self.version_shown(form))
        if replaced is not None:
            self.message_user(request, _rule_now_ends(replaced, obj.valid_from, obj))
        if predecessor is not None:
            self.message_user(request, _rule_now_ends(*predecessor, obj))
        if rule_left_unfollowed(rule=obj):
            self.message_user(request, _nothing_follows(obj), messages.WARNING)


def _rule_now_ends(rule: TaxRule, end: date | None, edited: TaxRule) -> str:
    """What saving `edited` did to `rule`: "The 5.5 % rule from 2024-01-01 now ends on
    2027-01-01, where this one starts." (outside probe DC-2: an edit changed it silently)."""
    named = f"The {percent(rule.rate)} % rule"
    if (rule.country, rule.category) != (edited.country, edited.category):
        named += f" of {rule.country}, {rule.get_category_display().lower()},"
    if end is None:
        return f"{named} from {rule.valid_from} applies again, with no end."
    where = ", where this one starts" if end == edited.valid_from else ""
    return f"{named} from {rule.valid_from} now ends on {end}{where}."


def _nothing_follows(rule: TaxRule) -> str:
    if rule.category == TaxCategory.STANDARD:
        then = "no VAT is charged on what it covers"
    else:
        then = "its standard rate will"
    today = ", today included," if rule.valid_to <= timezone.now().date() else ""
    return (
        f"From {rule.valid_to}{today} no {rule.get_category_display().lower()} rule of "
        f"{rule.country} applies: {then}, until you add one."
    )


# A decision in words, completed by who took it.
DECIDED = {
    EvidenceDecision.ACCEPTED: "Declared country accepted",
    EvidenceDecision.REFUND: "Refund decided",
}


@admin.register(OrderTaxEvidence)
class OrderTaxEvidenceAdmin(ModelAdmin):
    """Where each buyer is, as evidence for the VAT charged. An order whose card's or IP
    address's country contradicts the declared country, neither supporting it, is held
    from fulfilment: Finance accepts the
    declared country (the order is fulfilled) or decides on a refund (it stays held while
    the refund screen pays it back)."""

    # What Finance acts on first, then the evidence it rests on.
    list_display = (
        "order",
        "decision_shown",
        "declared",
        "card_country",
        "ip_country",
        "vat_number",
        "vies_status",
        "reverse_charge",
    )
    list_filter = ("decision", "vies_status", "reverse_charge")
    search_fields = ("=order__number",)
    list_select_related = ("order",)
    # The declared country as `declared` shows it: Elsewhere by what it means, not as ZZ.
    exclude = ("declared_country",)
    readonly_fields = [
        "declared" if field.name == "declared_country" else field.name
        for field in OrderTaxEvidence._meta.fields
    ]
    actions = ("accept_declared_country", "decide_refund")

    @admin.display(description="Decision", ordering="decision")
    def decision_shown(self, evidence: OrderTaxEvidence) -> str:
        """The decision, who took it and when, and the order's version it is shown at, sent
        back with a decision: one taken since by someone else refuses it, saying who decided
        what (`_decide`)."""
        return format_html(
            '{}{}<input type="hidden" name="version_{}" value="{}">',
            evidence.get_decision_display(),
            f" ({decided_by_when(evidence)})" if evidence.decided_at else "",
            evidence.pk,
            evidence.order.version,
        )

    @admin.display(description="Declared country", ordering="declared_country")
    def declared(self, evidence: OrderTaxEvidence) -> str:
        return country_code_shown(evidence.declared_country)

    def changelist_view(self, request, extra_context=None):
        """Titled as a list to view for Finance too: the change permission they hold is for
        the list's decisions, nothing on it is edited."""
        title = f"Select {self.opts.verbose_name} to view"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def refusal(self, action: str, obj: OrderTaxEvidence | None = None) -> str | None:
        """Finance decides from the list's actions; the page of one order's evidence has
        nothing to edit, so it is shown to them as to Support: read, with Close, no Save."""
        if action == "add":
            return "Order tax evidence cannot be added: the shop records it as an order is placed."
        if action == "change" and obj is not None:
            return (
                "An order's tax evidence is not changed on its page: decide from the list, with "
                f"“{self.accept_declared_country.short_description}” or "
                f"“{self.decide_refund.short_description}”."
            )
        if action == "delete":
            return "Order tax evidence cannot be deleted: it is the evidence for the VAT charged."
        return None

    @admin.action(description="Accept the declared country and fulfil", permissions=["change"])
    def accept_declared_country(self, request, queryset) -> None:
        self._decide(request, queryset, EvidenceDecision.ACCEPTED)

    @admin.action(description="Decide on a refund (stays held)", permissions=["change"])
    def decide_refund(self, request, queryset) -> None:
        self._decide(request, queryset, EvidenceDecision.REFUND)

    def _decide(self, request, queryset, decision: str) -> None:
        actor = actor_for(request.user)
        decided = DECIDED[decision]
        by = f"by {request.user.get_username()}"
        refused, unshown = [], 0
        for evidence in queryset.select_related("order"):
            # The order as the page showed it, not as it is now: a decision taken since
            # refuses this one. One the page did not show ("Select all" of more orders than
            # a page shows) is left: Finance decides from the evidence shown.
            if (version := version_shown(request.POST, evidence.order)) is None:
                unshown += 1
                continue
            evidence.order.version = version
            replacing = _replacing(evidence, decision)
            try:
                evidence_decide(
                    order=evidence.order,
                    decision=decision,
                    actor=actor,
                    reason=f"{decided} {by}{replacing} "
                    f"(declared {country_code_shown(evidence.declared_country)}, "
                    f"card {evidence.card_country or 'unknown'}, "
                    f"IP {evidence.ip_country or 'unknown'})",
                )
            except DomainError as exc:
                refused.append(str(exc))
            else:
                then = (
                    accepted_then(evidence.order)
                    if decision == EvidenceDecision.ACCEPTED
                    else "it stays held until it is refunded"
                )
                self.message_user(
                    request,
                    f"Order {evidence.order.number}: {decided.lower()} {by}{replacing}; {then}.",
                )
        refusals_tell(request, refused, messages.ERROR)
        if unshown:
            self.message_user(request, _unshown_words(unshown), messages.ERROR)


def _unshown_words(count: int) -> str:
    orders = "1 order selected was" if count == 1 else f"{count} orders selected were"
    return (
        f"{orders} not on this page: nothing was decided for them. "
        "Decide on each from a page that shows its evidence."
    )


def _replacing(evidence: OrderTaxEvidence, decision: str) -> str:
    """An accept of an order the page showed decided for a refund replaces that decision
    (Finance changed its mind): the message and the history say which one it replaced."""
    if evidence.decision == EvidenceDecision.REFUND and decision == EvidenceDecision.ACCEPTED:
        return f", in place of the refund decided by {decided_by_when(evidence)}"
    return ""
