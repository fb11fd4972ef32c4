"""VAT rules saved and withdrawn by staff, recorded in the settings history."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from morpheus.setting_changes import fields_terms, setting_change_record, setting_save
from morpheus.transactions import take_turns
from tax import errors
from tax.models import TaxRule, percent
from tax.selectors import (
    rule_overlapping,
    rule_predecessor_change,
    rule_replaced,
    rule_started_moved,
)


def tax_rule_save(*, rule: TaxRule, actor: str, version: int | None = None) -> TaxRule:
    """Save `rule` as Finance edited it (a new one too), recording what changed. Refused
    when another rule of its country and category applies on one of its days: one rate a
    day; and when edited on a page of another `version` (`setting_save`).

    A new rule from today or later, starting after the open-ended rule of its country and
    category, ends that one where it starts (`rule_replaced`): no moment falls back to the
    standard rate (outside probe CW-1: a rule ended first, its successor added next, had a
    payment charged the standard rate in between). The pending orders' VAT follows the
    rules in force today (`refresh_pending_order_rates`) once they have settled, a typo
    corrected (outside probe CU-4: every pending order was repriced and emailed at once)."""
    from tax.tasks import refresh_pending_order_rates

    with transaction.atomic():
        tax_rule_turns_take(rule=rule)
        tax_rule_overlap_check(rule=rule)
        _predecessor_follows(rule=rule, actor=actor)
        if replaced := rule_replaced(rule=rule):
            replaced.valid_to = rule.valid_from
            setting_save(setting=replaced, terms=fields_terms, actor=actor)
        saved = setting_save(setting=rule, terms=fields_terms, actor=actor, version=version)
        refresh_pending_order_rates.configure(
            schedule_in={"seconds": settings.TAX_RULE_SETTLE_SECONDS}
        ).defer()
        return saved


def tax_rule_withdraw(*, rule: TaxRule, actor: str) -> TaxRule | None:
    """Withdraw `rule` before its first day (a change of rate announced, then called off):
    the rule that ends where it starts applies again until its end (with none, for good),
    as if it had never been added (outside probe FA-2: a planned rule could not be taken
    back). Its history records the withdrawal, every term going to nothing. Refused
    (`RuleStarted`) once it applies: orders were charged it. Returns the rule before it, or
    None when there is none."""
    with transaction.atomic():
        tax_rule_turns_take(rule=rule)
        stored = TaxRule.objects.select_for_update().filter(pk=rule.pk).first()
        if stored is None:  # withdrawn meanwhile (sent twice)
            return None
        if stored.valid_from <= timezone.now().date():
            raise errors.RuleStarted(
                f"This rule has applied since {stored.valid_from}: orders were charged it, so "
                "it stays. Give it an end (its Valid to) and add a rule for what follows."
            )
        before = TaxRule.objects.filter(
            country=stored.country, category=stored.category, valid_to=stored.valid_from
        ).first()
        if before is not None:
            before.valid_to = stored.valid_to
            setting_save(setting=before, terms=fields_terms, actor=actor)
        setting_change_record(setting=stored, before=fields_terms(stored), after={}, actor=actor)
        stored.delete()
        return before


def tax_rule_turns_take(*, rule: TaxRule) -> None:
    """The turns of the rule's country and category and, for an edit, of its former ones,
    in one order: two edits moving rules between the same two in opposite directions would
    each wait for the other's (found reading the code by outside probe DA)."""
    kept = {(rule.country, rule.category)}
    if rule.pk is not None:
        kept |= set(TaxRule.objects.filter(pk=rule.pk).values_list("country", "category"))
    for country, category in sorted(kept):
        take_turns(f"tax-rules:{country}:{category}")


def _predecessor_follows(*, rule: TaxRule, actor: str) -> None:
    """The rule that ended where an edited rule started gets the end the edit gives it
    (`rule_predecessor_change`)."""
    if rule.pk is None:
        return
    TaxRule.objects.select_for_update().get(pk=rule.pk)
    if change := rule_predecessor_change(rule=rule):
        before, before.valid_to = change
        setting_save(setting=before, terms=fields_terms, actor=actor)


def tax_rule_overlap_check(*, rule: TaxRule) -> None:
    """Raise `RulesOverlap` naming the rule `rule` would overlap, or `RuleStarted` when the
    edit moves a rule that has applied on days gone (`rule_started_moved`). Rules of one
    country and category are checked and saved in turns, until the transaction ends: two
    saved at once both see the other."""
    take_turns(f"tax-rules:{rule.country}:{rule.category}")
    if started := rule_started_moved(rule=rule):
        raise errors.RuleStarted(
            f"This rule has applied since {started}: its start, country and category stay as "
            "orders were charged it. Give it an end (its Valid to) and add a rule for what "
            "follows, or correct its rate if it was wrong."
        )
    change = rule_predecessor_change(rule=rule)
    taken_over = (rule_replaced(rule=rule), change[0] if change else None)
    other = rule_overlapping(
        country=rule.country,
        category=rule.category,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        other_than=[rule.pk, *(taken.pk for taken in taken_over if taken is not None)],
    )
    if other is not None:
        end = f"until {other.valid_to}" if other.valid_to else "with no end"
        raise errors.RulesOverlap(
            f"The {percent(other.rate)} % rule from {other.valid_from} {end} applies on some "
            "of these days: one rate applies each day. End that rule (its Valid to) where this "
            "one starts, or correct its rate if it was wrong."
        )
