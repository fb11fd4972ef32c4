"""Finance's VAT rules: one rate a day for each country and category."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.setting_changes import setting_history
from morpheus_testing.concurrency import at_once
from tax.errors import RulesOverlap, RuleStarted
from tax.models import TaxRule
from tax.selectors import rate_for
from tax.services import tax_rule_save, tax_rule_withdraw

# Rules that take over from the open one start on a later day, whenever the suite runs.
NEXT_YEAR = date(timezone.now().year + 1, 1, 1)
ENDED = NEXT_YEAR


def next_year(month: int, day: int = 1) -> date:
    return NEXT_YEAR.replace(month=month, day=day)


def _german_standard_rules_end() -> None:
    with system_scope():
        TaxRule.objects.filter(country="DE", category="standard").update(valid_to=ENDED)


def _save(rate: str, valid_from: date, valid_to: date | None = None) -> TaxRule:
    rule = TaxRule(
        country="DE", category="standard", rate=rate, valid_from=valid_from, valid_to=valid_to
    )
    with system_scope():
        return tax_rule_save(rule=rule, actor="staff:finance")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("valid_from", "valid_to"),
    [(date(2026, 6, 1), None), (date(2026, 6, 1), date(2026, 7, 1)), (date(2020, 1, 1), None)],
    ids=["open-inside", "closed-inside", "starting-before"],
)
def test_a_rule_applying_on_a_day_of_another_is_refused(valid_from, valid_to):
    _german_standard_rules_end()

    with pytest.raises(RulesOverlap, match="applies on some of these days"):
        _save("20", valid_from, valid_to)


@pytest.mark.django_db
def test_a_rule_starting_the_day_the_other_ends_is_saved():
    _german_standard_rules_end()

    _save("20", ENDED)

    rates = TaxRule.objects.filter(country="DE", category="standard").order_by("valid_from")
    assert str(rates.last().rate) == "20.00"


@pytest.fixture
def german_rules_restored():
    """The rules are migrated data that a transactional test's flush keeps: put back."""
    with system_scope():
        shipped = {rule.pk: rule.valid_to for rule in TaxRule.objects.filter(country="DE")}
    yield
    with system_scope():
        TaxRule.objects.filter(country="DE").exclude(pk__in=shipped).delete()
        for pk, valid_to in shipped.items():
            TaxRule.objects.filter(pk=pk).update(valid_to=valid_to)


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_rules_saved_at_once_leave_one_rate_a_day(german_rules_restored):
    """Saved in turns: the later start ends the earlier one's rule where it starts (saved
    second), or overlaps it (saved first: refused)."""
    _german_standard_rules_end()
    starts = [next_year(3), next_year(6)]

    def save_one() -> str:
        try:
            _save("20", starts.pop())
        except RulesOverlap:
            return "refused"
        return "saved"

    assert "saved" in at_once(save_one, times=2)
    with system_scope():
        rules = list(
            TaxRule.objects.filter(country="DE", category="standard").order_by("valid_from")
        )
    assert [rule.valid_to for rule in rules].count(None) == 1
    assert all(
        earlier.valid_to is not None and earlier.valid_to <= later.valid_from
        for earlier, later in pairwise(rules)
    )


@pytest.mark.django_db
def test_a_new_rate_ends_the_open_rule_where_it_starts_leaving_no_day_at_another_rate():
    """Outside probe CW-1: Finance ended the old rule first, then added its successor; in
    between, the country's standard rate applied, and payments were charged it."""
    with system_scope():
        (shipped,) = TaxRule.objects.filter(country="FR", category="ebook", valid_to=None)
    rule = TaxRule(country="FR", category="ebook", rate="10", valid_from=next_year(3))
    with system_scope():
        tax_rule_save(rule=rule, actor="staff:finance")
        shipped.refresh_from_db()

        assert shipped.valid_to == next_year(3)
        assert rate_for(country="FR", category="ebook", on=next_year(2, 28)) == shipped.rate
        assert rate_for(country="FR", category="ebook", on=next_year(3)) == 10


@pytest.mark.django_db
def test_a_new_rate_with_an_end_ends_no_rule_and_is_refused_as_overlapping():
    """Outside probe CY-1: a 12 % rule for three months ended the open 6 % rule for good,
    the standard rate applying after the three months."""
    with system_scope():
        (shipped,) = TaxRule.objects.filter(country="FR", category="ebook", valid_to=None)
    rule = TaxRule(
        country="FR",
        category="ebook",
        rate="12",
        valid_from=NEXT_YEAR,
        valid_to=next_year(4),
    )

    with system_scope(), pytest.raises(RulesOverlap, match="applies on some of these days"):
        tax_rule_save(rule=rule, actor="staff:finance")

    shipped.refresh_from_db()
    assert shipped.valid_to is None


@pytest.mark.django_db
def test_a_new_rates_start_moved_later_keeps_the_rate_before_it_until_then():
    """Outside probe CY-2: the rule it had ended kept ending on the first start, and the
    month between fell to the standard rate."""
    rule = TaxRule(country="FR", category="ebook", rate="10", valid_from=NEXT_YEAR)
    with system_scope():
        tax_rule_save(rule=rule, actor="staff:finance")
        rule.valid_from = next_year(2)
        tax_rule_save(rule=rule, actor="staff:finance")

        assert rate_for(country="FR", category="ebook", on=next_year(1, 15)) == Decimal("5.5")
        assert rate_for(country="FR", category="ebook", on=next_year(2)) == 10


@pytest.mark.django_db
def test_a_new_rate_moved_to_another_country_gives_back_the_rate_it_had_ended():
    rule = TaxRule(country="FR", category="ebook", rate="10", valid_from=NEXT_YEAR)
    with system_scope():
        tax_rule_save(rule=rule, actor="staff:finance")
        TaxRule.objects.filter(country="BE", category="ebook").update(valid_to=NEXT_YEAR)
        rule.country = "BE"
        tax_rule_save(rule=rule, actor="staff:finance")

        assert rate_for(country="FR", category="ebook", on=next_year(6)) == Decimal("5.5")
        assert TaxRule.objects.filter(country="FR", category="ebook", valid_to=None).count() == 1


@pytest.mark.django_db
def test_a_new_rates_start_moved_earlier_takes_its_days_from_the_rate_before_it():
    """Outside probe DA-4: refused as overlapping the rule it had ended, a start typed too
    late took two edits in a set order."""
    rule = TaxRule(country="FR", category="ebook", rate="10", valid_from=next_year(2))
    with system_scope():
        tax_rule_save(rule=rule, actor="staff:finance")
        rule.valid_from = next_year(1, 15)
        tax_rule_save(rule=rule, actor="staff:finance")

        assert rate_for(country="FR", category="ebook", on=next_year(1, 14)) == Decimal("5.5")
        assert rate_for(country="FR", category="ebook", on=next_year(1, 15)) == 10
        assert TaxRule.objects.filter(country="FR", category="ebook", valid_to=None).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("moved_to", ["yesterday", "before the rate before it"])
def test_a_new_rates_start_moved_to_a_day_gone_or_past_the_rate_before_it_is_refused(moved_to):
    """A past day's rate stays as orders were charged it; the rule before keeps its days."""
    rule = TaxRule(country="FR", category="ebook", rate="10", valid_from=next_year(2))
    with system_scope():
        tax_rule_save(rule=rule, actor="staff:finance")
        (before,) = TaxRule.objects.filter(country="FR", category="ebook", valid_to=next_year(2))
        yesterday = timezone.now().date() - timedelta(days=1)
        rule.valid_from = yesterday if moved_to == "yesterday" else before.valid_from

        with pytest.raises(RulesOverlap, match="applies on some of these days"):
            tax_rule_save(rule=rule, actor="staff:finance")

        before.refresh_from_db()
        assert before.valid_to == next_year(2)
        assert TaxRule.objects.get(pk=rule.pk).valid_from == next_year(2)


@pytest.mark.django_db
@pytest.mark.parametrize("moved", ["start later", "start earlier", "category", "country"])
def test_a_rule_that_has_applied_on_days_gone_is_not_moved(moved):
    """Outside probe DD-1: a start moved from one past day to a later one gave the rule
    before it the days between, which orders were charged this rule's rate on."""
    with system_scope():
        (shipped,) = TaxRule.objects.filter(country="FR", category="ebook", valid_to=None)
        ebooks_before = rate_for(country="FR", category="ebook", on=shipped.valid_from)
        yesterday = timezone.now().date() - timedelta(days=1)
        rule = TaxRule.objects.get(pk=shipped.pk)
        if moved == "start later":
            rule.valid_from = yesterday
        elif moved == "start earlier":
            rule.valid_from = shipped.valid_from - timedelta(days=1)
        elif moved == "category":
            rule.category = "standard"
        else:
            rule.country = "BE"

        with pytest.raises(RuleStarted, match=f"This rule has applied since {shipped.valid_from}"):
            tax_rule_save(rule=rule, actor="staff:finance")

        assert TaxRule.objects.get(pk=shipped.pk).valid_from == shipped.valid_from
        assert rate_for(country="FR", category="ebook", on=shipped.valid_from) == ebooks_before


@pytest.mark.django_db
def test_a_rule_from_today_is_not_moved_to_a_later_day():
    """Outside probe FD-1: a rule from today moved to tomorrow, after an order was charged
    it that morning: the rules then said the rate before it applied all day."""
    today = timezone.now().date()
    with system_scope():
        TaxRule.objects.filter(country="DE", category="standard").update(valid_to=today)
    rule = _save("21", today)
    rule.valid_from = today + timedelta(days=1)

    with pytest.raises(RuleStarted, match=f"This rule has applied since {today}"):
        with system_scope():
            tax_rule_save(rule=rule, actor="staff:finance")

    with system_scope():
        assert rate_for(country="DE", category="standard", on=today) == 21


@pytest.mark.django_db
def test_a_rule_that_has_applied_may_still_be_ended_and_its_rate_corrected():
    with system_scope():
        (shipped,) = TaxRule.objects.filter(country="FR", category="ebook", valid_to=None)
        shipped.rate = Decimal("5")
        shipped.valid_to = NEXT_YEAR
        tax_rule_save(rule=shipped, actor="staff:finance")

        assert rate_for(country="FR", category="ebook", on=shipped.valid_from) == 5


@pytest.mark.django_db(transaction=True)
def test_two_rates_moved_at_once_between_two_countries_in_opposite_directions_are_saved():
    """Read by outside probe DA: each edit took the turns of its new country before its
    former one's, so two opposite moves at once could each wait for the other, and
    PostgreSQL failed one of them as a deadlock. (Countries without rules of their own: a
    transactional test's flush keeps the migrated ones.)"""

    def ebook_rule(country: str, months: tuple[int, int]) -> TaxRule:
        rule = TaxRule(
            country=country,
            category="ebook",
            rate="10",
            valid_from=next_year(months[0]),
            valid_to=next_year(months[1]),
        )
        with system_scope():
            return tax_rule_save(rule=rule, actor="staff:finance")

    japanese, canadian = ebook_rule("JP", (3, 4)), ebook_rule("CA", (6, 7))
    moves = [(japanese.pk, "CA"), (canadian.pk, "JP")]

    def move_one() -> None:
        pk, country = moves.pop()
        with system_scope():
            rule = TaxRule.objects.get(pk=pk)
            rule.country = country
            tax_rule_save(rule=rule, actor="staff:finance")

    at_once(move_one, times=2)

    with system_scope():
        assert TaxRule.objects.get(pk=japanese.pk).country == "CA"
        assert TaxRule.objects.get(pk=canadian.pk).country == "JP"
        TaxRule.objects.filter(pk__in=[japanese.pk, canadian.pk]).delete()


def _withdraw(rule: TaxRule) -> TaxRule | None:
    with system_scope():
        return tax_rule_withdraw(rule=rule, actor="staff:finance")


@pytest.mark.django_db
def test_a_planned_rate_withdrawn_gives_the_rate_it_took_over_from_back_its_days():
    """Outside probe FA-2: a change of rate announced, then called off, could not be taken
    back (rules cannot be deleted), only edited into a second rule at the old rate."""
    with system_scope():
        (shipped,) = TaxRule.objects.filter(country="FR", category="ebook", valid_to=None)
    planned = TaxRule(country="FR", category="ebook", rate="10", valid_from=next_year(3))
    with system_scope():
        tax_rule_save(rule=planned, actor="staff:finance")

    assert _withdraw(planned) == shipped

    with system_scope():
        shipped.refresh_from_db()
        assert shipped.valid_to is None
        assert not TaxRule.objects.filter(pk=planned.pk).exists()
        assert rate_for(country="FR", category="ebook", on=next_year(6)) == shipped.rate
        (withdrawal, _) = setting_history(planned)
    assert withdrawal.changes["rate"] == ["10.00", None]
    assert withdrawal.changes["valid_from"] == [str(next_year(3)), None]


@pytest.mark.django_db
def test_a_planned_rate_with_an_end_withdrawn_leaves_the_rate_before_it_until_that_end():
    _german_standard_rules_end()
    season = _save("7", ENDED, next_year(4))
    _save("19", next_year(4))

    _withdraw(season)

    with system_scope():
        assert rate_for(country="DE", category="standard", on=next_year(2)) == 19
        shipped = TaxRule.objects.get(country="DE", category="standard", valid_from__lt=ENDED)
    assert shipped.valid_to == next_year(4)


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["today", "shipped"])
def test_a_rule_that_applies_is_not_withdrawn(start):
    if start == "today":
        with system_scope():
            TaxRule.objects.filter(country="DE", category="standard").update(
                valid_to=timezone.now().date()
            )
        rule = _save("21", timezone.now().date())
    else:
        with system_scope():
            rule = TaxRule.objects.filter(country="DE", category="standard").first()

    with pytest.raises(RuleStarted, match="orders were charged it"):
        _withdraw(rule)

    with system_scope():
        assert TaxRule.objects.filter(pk=rule.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_planned_rate_withdrawn_twice_at_once_is_withdrawn_once(german_rules_restored):
    with system_scope():
        (shipped,) = TaxRule.objects.filter(country="DE", category="standard", valid_to=None)
    planned = _save("21", next_year(3))

    withdrawn = at_once(lambda: _withdraw(planned), times=2)

    assert sorted(withdrawn, key=bool) == [None, shipped]
    with system_scope():
        shipped.refresh_from_db()
        assert shipped.valid_to is None
        assert len(setting_history(planned)) == 2
