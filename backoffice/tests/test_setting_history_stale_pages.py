"""A comic, bundle, discount code or VAT rule saved from a page opened before a colleague's
save is refused, naming who changed what and when, the typed values kept: found by an
outside probe, where such a save put a 30 % code back to 25 % and a price back to the old
one, said "changed successfully" and recorded the change under the wrong name."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from backoffice.tests.helpers import code_form
from morpheus.db_context import system_scope
from morpheus.models import SettingChange
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.factories import ComicFactory
from promotions.models import Bundle, DiscountCode
from promotions.tests.factories import make_code
from tax.models import TaxRule

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Setting:
    """A setting's change page: the form as loaded, a change of money by one colleague
    (`money`, and how the field reads it back as saved), another field changed by the
    other (`other`)."""

    url: str
    form: dict
    money: tuple[str, str]
    money_saved: Callable[[], object]
    money_before: object
    money_after: object
    money_words: str
    other: tuple[str, str]
    kind: str


def comic() -> Setting:
    yen = ComicFactory(title="Yen Dream Two", price_amount=999, currency="JPY")
    return Setting(
        url=reverse("admin:catalog_comic_change", args=[yen.pk]),
        form={
            "title": yen.title,
            "slug": yen.slug,
            "description": "",
            "price_amount": "999",
            "currency": "JPY",
            "is_active": "on",
            "stamp_downloads": "on",
            "assets-TOTAL_FORMS": "0",
            "assets-INITIAL_FORMS": "0",
        },
        money=("price_amount", "1099"),
        money_saved=lambda: type(yen).objects.get(pk=yen.pk).price_amount,
        money_before=999,
        money_after=1099,
        money_words="Price amount: 999 JPY → 1,099 JPY",
        other=("description", "Now with a sketchbook."),
        kind="comic",
    )


def bundle() -> Setting:
    comics = [ComicFactory(price_amount=699) for _ in range(3)]
    with system_scope():
        arc = Bundle.objects.create(title="Arc", slug="arc", price_amount=1299)
        arc.comics.set(comics)
    return Setting(
        url=reverse("admin:promotions_bundle_change", args=[arc.pk]),
        form={
            "title": "Arc",
            "slug": "arc",
            "description": "",
            "price_amount": "12.99",
            "currency": "EUR",
            "comics": [each.pk for each in comics],
            "allows_completion": "on",
            "is_active": "on",
        },
        money=("price_amount", "13.49"),
        money_saved=lambda: Bundle.objects.get(pk=arc.pk).price_amount,
        money_before=1299,
        money_after=1349,
        money_words="Price amount: 12.99 EUR → 13.49 EUR",
        other=("description", "Three comics, one arc."),
        kind="bundle",
    )


def discount_code() -> Setting:
    flip = make_code("FLIP", percent_off=25, starts_at=None)
    return Setting(
        url=reverse("admin:promotions_discountcode_change", args=[flip.pk]),
        form=code_form(code="FLIP", percent_off="25"),
        money=("percent_off", "30"),
        money_saved=lambda: DiscountCode.objects.get(pk=flip.pk).percent_off,
        money_before=25,
        money_after=30,
        money_words="Percent off: 25 → 30",
        other=("max_uses", "10"),
        kind="discount code",
    )


def tax_rule() -> Setting:
    rule = TaxRule.objects.get(country="DE", category="ebook", valid_to=None)
    return Setting(
        url=reverse("admin:tax_taxrule_change", args=[rule.pk]),
        form={
            "country": "DE",
            "category": "ebook",
            "rate": str(rule.rate),
            "valid_from": rule.valid_from.isoformat(),
            "valid_to": "",
            "note": rule.note,
        },
        money=("rate", "8"),
        money_saved=lambda: str(TaxRule.objects.get(pk=rule.pk).rate),
        money_before=str(rule.rate),
        money_after="8.00",
        money_words=f"Rate: {rule.rate} → 8.00",
        other=("note", "Checked with the tax adviser."),
        kind="tax rule",
    )


SETTINGS = [comic, bundle, discount_code, tax_rule]


def staff_client() -> Client:
    client = Client()
    client.user = staff_user(superuser=True)
    client.force_login(client.user)
    return client


def loaded_version(page) -> str:
    """The version the page's form carries, as the browser sends it back."""
    [version] = re.findall(r'<input type="hidden" name="version" value="(\d+)"', page.text)
    return version


def history() -> list[SettingChange]:
    with system_scope():
        return list(SettingChange.objects.order_by("id"))


@pytest.mark.parametrize("make", SETTINGS, ids=lambda make: make.__name__)
@pytest.mark.parametrize("first", ["money", "other"])
def test_of_two_pages_loaded_together_the_second_saved_is_refused_with_its_values_kept(
    staff_groups, make, first
):
    setting = make()
    clients = {"money": staff_client(), "other": staff_client()}
    pages = {role: client.get(setting.url) for role, client in clients.items()}
    posts = {
        role: {**setting.form, "version": loaded_version(pages[role]), field: value}
        for role, (field, value) in (("money", setting.money), ("other", setting.other))
    }
    second = "other" if first == "money" else "money"

    saved = clients[first].post(setting.url, posts[first])
    refused = clients[second].post(setting.url, posts[second])

    assert saved.status_code == 302, saved.text[-3000:]
    assert refused.status_code == 200
    who = clients[first].user
    change = history()[-1]
    words = " ".join(re.sub(r"<[^>]+>", " ", refused.text).split())
    assert (
        f"Nothing was saved: Staff: {who.get_full_name() or who.get_username()} changed this "
        f"{setting.kind} at {change.created_at:%Y-%m-%d %H:%M}, after you opened this page"
    ) in words
    field, typed = setting.money if second == "money" else setting.other
    assert refused.context["adminform"].form[field].value() == typed
    with system_scope():
        money = setting.money_saved()
    assert money == (setting.money_after if first == "money" else setting.money_before)
    assert len(history()) == 1
    if first == "money":
        assert setting.money_words in words


@pytest.mark.parametrize("make", SETTINGS, ids=lambda make: make.__name__)
def test_a_refused_page_saved_again_is_saved_by_the_staff_told(staff_groups, make):
    """The refused page carries the setting's version now: saving after reading what the
    colleague changed is a choice, made with that change in view."""
    setting = make()
    colleague, staff = staff_client(), staff_client()
    stale = loaded_version(staff.get(setting.url))
    colleague.post(
        setting.url,
        {**setting.form, "version": stale, setting.money[0]: setting.money[1]},
    )
    retyped = {**setting.form, setting.money[0]: setting.money[1]}
    refused = staff.post(setting.url, {**retyped, **dict([setting.other]), "version": stale})

    saved = staff.post(
        setting.url, {**retyped, **dict([setting.other]), "version": loaded_version(refused)}
    )

    assert saved.status_code == 302, saved.text[-3000:]
    with system_scope():
        assert setting.money_saved() == setting.money_after
    assert [change.actor for change in history()] == [
        f"staff:{colleague.user.get_username()}",
        f"staff:{staff.user.get_username()}",
    ]


@pytest.mark.parametrize("make", SETTINGS, ids=lambda make: make.__name__)
def test_a_page_sent_without_its_version_is_refused(staff_groups, make):
    """A page of unknown age (one opened before the version was carried): it may be older
    than the setting."""
    setting = make()
    staff = staff_client()

    refused = staff.post(setting.url, {**setting.form, setting.money[0]: setting.money[1]})

    assert refused.status_code == 200
    assert "Nothing was saved: this page may be older than the" in refused.text
    with system_scope():
        assert setting.money_saved() == setting.money_before


def test_staff_who_may_only_view_a_setting_get_no_version(support_client):
    comic = ComicFactory()

    page = support_client.get(reverse("admin:catalog_comic_change", args=[comic.pk]))

    assert page.status_code == 200
    assert 'name="version"' not in page.text
