"""Finance's VAT rules in the admin say where the shipped rates come from."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.tests.helpers import page_version
from morpheus.db_context import system_scope
from tax.models import TaxRule
from tax.services import tax_rule_save

pytestmark = pytest.mark.django_db
SOURCE = "compiled on 2026-11-29 from the European Commission's"
# A new rule takes over from the open one only from today or a later day.
NEXT_YEAR = date(timezone.now().year + 1, 1, 1)
MID_NEXT_YEAR = NEXT_YEAR.replace(month=7)


def test_the_rules_list_and_form_say_when_and_whence_the_rates_were_compiled(finance_client):
    rule = TaxRule.objects.filter(country="DE").first()
    pages = [
        finance_client.get(reverse("admin:tax_taxrule_changelist")),
        finance_client.get(reverse("admin:tax_taxrule_change", args=[rule.pk])),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert SOURCE in text and "<strong>not re-checked online</strong>" in text


def rule_form(**changes) -> dict:
    return {
        "country": "FR",
        "category": "ebook",
        "rate": "5.50",
        "valid_from": str(NEXT_YEAR),
        "valid_to": "",
        "note": "",
        **changes,
    }


def edited_messages(finance_client, rule: TaxRule, **form) -> list[str]:
    """The messages of the rule's change page saved with `form` (as it showed `rule`)."""
    saved = finance_client.post(
        reverse("admin:tax_taxrule_change", args=[rule.pk]),
        rule_form(version=page_version(rule), **form),
        follow=True,
    )
    return [str(message) for message in saved.context["messages"]]


@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        ({"country": "XX"}, "Another one needs adding to the shop by a developer first."),
        ({"country": "ZZ"}, "The shop charges VAT in these countries"),
        ({"rate": "-5"}, "A rate is a percentage from 0 up to (not including) 100."),
        ({"rate": "100"}, "A rate is a percentage from 0 up to (not including) 100."),
        ({"valid_to": "2026-12-31"}, "A rule ends after the day it starts"),
    ],
    ids=["unknown-country", "elsewhere", "negative-rate", "hundred", "ends-first"],
)
def test_a_rule_finance_cannot_keep_is_refused_in_words(finance_client, changes, refusal):
    before = TaxRule.objects.count()

    response = finance_client.post(reverse("admin:tax_taxrule_add"), rule_form(**changes))

    assert response.status_code == 200
    assert refusal in response.content.decode()
    assert "Constraint" not in response.content.decode()
    assert TaxRule.objects.count() == before


def test_a_country_typed_in_lower_case_is_kept_in_capitals(finance_client):
    TaxRule.objects.filter(country="FR", category="ebook").update(valid_to=NEXT_YEAR)

    response = finance_client.post(reverse("admin:tax_taxrule_add"), rule_form(country=" fr "))

    assert response.status_code == 302
    assert TaxRule.objects.filter(country="FR", valid_from=NEXT_YEAR).exists()


def test_a_rule_from_a_past_day_overlapping_another_is_refused_until_finance_ends_the_other(
    finance_client,
):
    """Found by an outside probe: a 6 % rule from a past date saved beside the shipped open
    rate, and the next order was charged it."""
    shipped = TaxRule.objects.get(country="FR", category="ebook", valid_to=None)
    add = reverse("admin:tax_taxrule_add")
    past = str(date(2025, 6, 1))

    refused = finance_client.post(add, rule_form(rate="6", valid_from=past))
    ended = finance_client.post(
        reverse("admin:tax_taxrule_change", args=[shipped.pk]),
        rule_form(
            rate=str(shipped.rate),
            valid_from=str(shipped.valid_from),
            valid_to=past,
            version=page_version(shipped),
        ),
    )
    accepted = finance_client.post(add, rule_form(rate="6", valid_from=past))

    assert refused.status_code == 200
    assert (
        f"The 5.5 % rule from {shipped.valid_from} with no end applies on some of these days"
    ) in refused.content.decode()
    assert (ended.status_code, accepted.status_code) == (302, 302)
    rules = TaxRule.objects.filter(country="FR", category="ebook").order_by("valid_from")
    assert [(str(r.rate), r.valid_to) for r in rules][-2:] == [
        (str(shipped.rate), date(2025, 6, 1)),
        ("6.00", None),
    ]


def test_a_new_rate_from_a_later_day_ends_the_open_rule_where_it_starts_and_says_so(
    finance_client,
):
    """Outside probe CW-1: ending the old rule first, then adding its successor, left a
    moment charged at the standard rate."""
    shipped = TaxRule.objects.get(country="FR", category="ebook", valid_to=None)

    added = finance_client.post(reverse("admin:tax_taxrule_add"), rule_form(rate="6"), follow=True)

    assert (
        f"The 5.5 % rule from {shipped.valid_from} now ends on {NEXT_YEAR}, where this one starts."
    ) in [str(message) for message in added.context["messages"]]
    rules = TaxRule.objects.filter(country="FR", category="ebook").order_by("valid_from")
    assert [(str(r.rate), r.valid_to) for r in rules][-2:] == [
        (str(shipped.rate), NEXT_YEAR),
        ("6.00", None),
    ]


@pytest.mark.parametrize(
    ("typed", "saved"), [("01/07/2027", None), ("2027-07-01", date(2027, 7, 1))], ids=str
)
def test_a_rules_date_is_read_only_as_staff_pages_write_it(finance_client, typed, saved):
    """Outside probe BT (BT-1): 01/07/2027, meant as 1 July, was saved as 7 January, six
    months early."""
    TaxRule.objects.filter(country="FR", category="ebook").update(valid_to="2027-01-01")

    response = finance_client.post(reverse("admin:tax_taxrule_add"), rule_form(valid_from=typed))

    if saved is None:
        assert response.context["adminform"].form.errors["valid_from"] == [
            "Not a date (write 2026-11-30)."
        ]
    assert [
        rule.valid_from
        for rule in TaxRule.objects.filter(country="FR", category="ebook", valid_to=None)
    ] == ([saved] if saved else [])


def test_a_rate_given_an_end_with_no_rule_after_it_warns_the_standard_rate_follows(
    finance_client,
):
    """Outside probe DA-1: a new rate took over from the open one, was then given an end, and
    the standard rate followed it without a word."""
    add = reverse("admin:tax_taxrule_add")
    finance_client.post(add, rule_form(rate="6"))
    rule = TaxRule.objects.get(country="FR", category="ebook", valid_to=None)

    told = edited_messages(finance_client, rule, rate="6", valid_to=str(MID_NEXT_YEAR))

    assert (
        f"From {MID_NEXT_YEAR} no e-books and digital publications rule of FR applies: its "
        "standard rate will, until you add one."
    ) in told


def test_a_new_rates_start_moved_earlier_ends_the_rate_before_it_there_and_says_so(
    finance_client,
):
    """Outside probe DA-4: refused as overlapping the rule the shop had ended for it."""
    shipped = TaxRule.objects.get(country="FR", category="ebook", valid_to=None)
    later = NEXT_YEAR.replace(month=2)
    finance_client.post(reverse("admin:tax_taxrule_add"), rule_form(rate="6", valid_from=later))
    rule = TaxRule.objects.get(country="FR", category="ebook", valid_to=None)
    earlier = NEXT_YEAR

    told = edited_messages(finance_client, rule, rate="6", valid_from=str(earlier))

    assert (
        f"The 5.5 % rule from {shipped.valid_from} now ends on {earlier}, where this one starts."
    ) in told
    shipped.refresh_from_db()
    assert shipped.valid_to == earlier


@pytest.mark.parametrize("ends", ["later", "today"])
def test_a_standard_rate_given_an_end_with_no_rule_after_it_warns_no_vat_follows(
    finance_client, ends
):
    """Outside probe DC-1: Slovakia's standard rate ended with nothing after it, and its
    standard-rated sales fell to 0 % without a word. Outside probe DG-1: ended on a past
    day (the first step of correcting a past rate), the warning did not say that today had
    no rule either."""
    rule = TaxRule.objects.get(country="SK", category="standard", valid_to=None)
    ended_on = MID_NEXT_YEAR if ends == "later" else timezone.now().date()

    told = edited_messages(
        finance_client,
        rule,
        country="SK",
        category="standard",
        rate=str(rule.rate),
        valid_from=str(rule.valid_from),
        valid_to=str(ended_on),
    )

    today = ", today included," if ends == "today" else ""
    assert (
        f"From {ended_on}{today} no standard rate rule of SK applies: no VAT is charged on "
        "what it covers, until you add one."
    ) in told


@pytest.mark.parametrize("moved", ["later", "to Belgium"])
def test_an_edit_that_changes_the_rule_before_says_so(finance_client, moved):
    """Outside probe DC-2: the rule before followed the edited rule's start, or got its
    days back, and the page said only that the edited rule changed."""
    shipped = TaxRule.objects.get(country="FR", category="ebook", valid_to=None)
    finance_client.post(reverse("admin:tax_taxrule_add"), rule_form(rate="6"))
    rule = TaxRule.objects.get(country="FR", category="ebook", valid_to=None)
    TaxRule.objects.filter(country="BE", category="ebook").update(valid_to=NEXT_YEAR)
    changes = {"valid_from": str(MID_NEXT_YEAR)} if moved == "later" else {"country": "BE"}

    edited = edited_messages(finance_client, rule, rate="6", **changes)

    told = {
        "later": f"The 5.5 % rule from {shipped.valid_from} now ends on {MID_NEXT_YEAR}, where "
        "this one starts.",
        "to Belgium": f"The 5.5 % rule of FR, e-books and digital publications, from "
        f"{shipped.valid_from} applies again, with no end.",
    }[moved]
    assert told in edited


def planned_rule(finance_client) -> TaxRule:
    finance_client.post(reverse("admin:tax_taxrule_add"), rule_form(rate="6"))
    return TaxRule.objects.get(country="FR", category="ebook", valid_from=NEXT_YEAR)


def test_a_planned_rate_is_withdrawn_from_its_page_and_the_rate_before_it_applies_again(
    finance_client,
):
    """Outside probe FA-2: a change of rate called off before its day could not be taken
    back: Finance may not delete rules, and nobody could delete one that had not applied."""
    shipped = TaxRule.objects.get(country="FR", category="ebook", valid_to=None)
    rule = planned_rule(finance_client)
    page = finance_client.get(reverse("admin:tax_taxrule_change", args=[rule.pk]))
    assert reverse("admin:tax_taxrule_delete", args=[rule.pk]) in page.content.decode()
    asked = finance_client.get(reverse("admin:tax_taxrule_delete", args=[rule.pk]))
    assert "Are you sure you want to delete the tax rule" in asked.content.decode()

    withdrawn = finance_client.post(
        reverse("admin:tax_taxrule_delete", args=[rule.pk]), {"post": "yes"}, follow=True
    )

    told = [str(message) for message in withdrawn.context["messages"]]
    assert f"The 5.5 % rule from {shipped.valid_from} applies again, with no end." in told
    assert not TaxRule.objects.filter(pk=rule.pk).exists()
    shipped.refresh_from_db()
    assert shipped.valid_to is None


def test_a_rule_that_has_applied_offers_no_withdrawal_and_refuses_one_in_words(finance_client):
    shipped = TaxRule.objects.get(country="FR", category="ebook", valid_to=None)
    page = finance_client.get(reverse("admin:tax_taxrule_change", args=[shipped.pk]))
    assert reverse("admin:tax_taxrule_delete", args=[shipped.pk]) not in page.content.decode()

    refused = finance_client.post(
        reverse("admin:tax_taxrule_delete", args=[shipped.pk]), {"post": "yes"}
    )

    assert refused.status_code == 403
    assert "Only a rule that has not started yet can be withdrawn." in refused.content.decode()
    assert TaxRule.objects.filter(pk=shipped.pk).exists()


def test_support_may_not_withdraw_a_planned_rate(support_client):
    rule = TaxRule(country="FR", category="ebook", rate="6", valid_from=NEXT_YEAR)
    with system_scope():
        tax_rule_save(rule=rule, actor="staff:finance")

    refused = support_client.post(
        reverse("admin:tax_taxrule_delete", args=[rule.pk]), {"post": "yes"}
    )

    assert "You lack the permission: Can change tax rule." in refused.content.decode()
    assert TaxRule.objects.filter(pk=rule.pk).exists()


def test_the_rules_list_offers_no_deletion_of_many_rules(finance_client):
    listed = finance_client.get(reverse("admin:tax_taxrule_changelist"))

    assert 'value="delete_selected"' not in listed.content.decode()
