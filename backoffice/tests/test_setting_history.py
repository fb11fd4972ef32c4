"""Who changed a comic's price, a bundle, a discount code's terms or a VAT rate, when, from
what to what: each save in the admin leaves one history record, shown on the page."""

import pytest
from django.urls import reverse

from backoffice.tests.helpers import code_form, page_version
from morpheus.db_context import system_scope
from morpheus.models import SettingChange
from morpheus_testing.factories import ComicFactory
from promotions.models import Bundle, DiscountCode
from promotions.tests.factories import make_code
from tax.models import TaxRule

pytestmark = pytest.mark.django_db


def history(setting) -> list[SettingChange]:
    with system_scope():
        return list(
            SettingChange.objects.filter(
                model=setting._meta.label_lower, object_id=str(setting.pk)
            ).order_by("id")
        )


def eur(amount: int) -> dict:
    return {"amount": amount, "currency": "EUR"}


def comic_form(comic, **changes) -> dict:
    return {
        "title": comic.title,
        "slug": comic.slug,
        "description": comic.description,
        "price_amount": "4.99",
        "currency": "EUR",
        "is_active": "on",
        "assets-TOTAL_FORMS": "0",
        "assets-INITIAL_FORMS": "0",
        "version": page_version(comic),
        **changes,
    }


def test_a_comic_price_change_is_recorded_once_with_before_after_and_who(superuser_client):
    comic = ComicFactory(price_amount=499)

    response = superuser_client.post(
        reverse("admin:catalog_comic_change", args=[comic.pk]),
        comic_form(comic, price_amount="5.99"),
    )

    assert response.status_code == 302
    [change] = history(comic)
    assert change.changes == {"price_amount": [eur(499), eur(599)]}
    assert change.actor == f"staff:{superuser_client.user.username}"
    assert change.object_repr == comic.title


def test_the_comic_page_shows_its_history_newest_first_in_words(superuser_client):
    comic = ComicFactory(price_amount=499)
    url = reverse("admin:catalog_comic_change", args=[comic.pk])
    superuser_client.post(url, comic_form(comic, price_amount="5.99"))
    superuser_client.post(url, comic_form(comic, price_amount="6.49"))

    page = superuser_client.get(url).content.decode()

    newer = page.index("Price amount: 5.99 EUR → 6.49 EUR")
    older = page.index("Price amount: 4.99 EUR → 5.99 EUR")
    assert newer < older
    assert f"Staff: {superuser_client.user.username}" in page


def test_a_rules_history_button_opens_its_change_history_with_the_rate_before(finance_client):
    """Outside probe FD-2: Django's History page said "Changed Rate." twice for a rate
    corrected and put back, neither rate shown."""
    with system_scope():
        rule = TaxRule.objects.filter(country="DE", category="ebook").first()
    url = reverse("admin:tax_taxrule_change", args=[rule.pk])
    form = {
        "country": "DE",
        "category": "ebook",
        "rate": "9.00",
        "valid_from": str(rule.valid_from),
        "valid_to": str(rule.valid_to or ""),
        "note": rule.note,
        "version": page_version(rule),
    }
    finance_client.post(url, form)

    history = finance_client.get(reverse("admin:tax_taxrule_history", args=[rule.pk]), follow=True)

    assert history.redirect_chain[-1][0] == f"{url}#change-history"
    page = history.content.decode()
    assert '<ol class="bo-setting-history" id="change-history">' in page
    assert f"Rate: {rule.rate:.2f} → 9.00" in page


def test_finance_changing_a_codes_terms_currencies_and_comics_leaves_one_record(finance_client):
    comic = ComicFactory()
    ComicFactory(currency="USD", price_amount=899)  # the code's new terms are in USD
    code = make_code("SPRING", currencies=[("EUR", 500, 2000)], starts_at=None)
    with system_scope():
        euro_row = code.currencies.get()

    response = finance_client.post(
        reverse("admin:promotions_discountcode_change", args=[code.pk]),
        {
            "code": "SPRING",
            "max_uses_per_customer": "1",
            "comics": [comic.pk],
            "is_active": "on",
            "currencies-TOTAL_FORMS": "2",
            "currencies-INITIAL_FORMS": "1",
            "currencies-0-id": euro_row.pk,
            "currencies-0-discount_code": code.pk,
            "currencies-0-currency": "EUR",
            "currencies-0-amount_off": "7.50",
            "currencies-0-min_basket_amount": "20.00",
            "currencies-1-discount_code": code.pk,
            "currencies-1-currency": "USD",
            "currencies-1-amount_off": "8.00",
            "currencies-1-min_basket_amount": "0",
            "uses-TOTAL_FORMS": "0",
            "uses-INITIAL_FORMS": "0",
            "version": page_version(code),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    [change] = history(code)
    assert change.changes == {
        "amount_off (EUR)": [eur(500), eur(750)],
        "amount_off (USD)": [None, {"amount": 800, "currency": "USD"}],
        "min_basket_amount (USD)": [None, {"amount": 0, "currency": "USD"}],
        "comics": [[], [[comic.pk, comic.title]]],
    }
    assert change.actor == f"staff:{finance_client.user.username}"
    page = finance_client.get(reverse("admin:promotions_discountcode_change", args=[code.pk]))
    assert "Amount off (USD): — → 8.00 USD" in page.content.decode()


def test_a_bundles_new_price_and_comics_are_recorded(superuser_client):
    first, second, third = (ComicFactory(price_amount=499) for _ in range(3))
    with system_scope():
        bundle = Bundle.objects.create(title="Arc", slug="arc", price_amount=900)
        bundle.comics.set([first, second])

    response = superuser_client.post(
        reverse("admin:promotions_bundle_change", args=[bundle.pk]),
        {
            "title": "Arc",
            "slug": "arc",
            "price_amount": "8.50",
            "currency": "EUR",
            "comics": [first.pk, second.pk, third.pk],
            "allows_completion": "on",
            "is_active": "on",
            "version": page_version(bundle),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    [change] = history(bundle)
    pair = [[first.pk, first.title], [second.pk, second.title]]
    assert change.changes == {
        "price_amount": [eur(900), eur(850)],
        "comics": [pair, [*pair, [third.pk, third.title]]],
    }


def test_finance_changing_a_vat_rate_records_only_the_rate(finance_client):
    rule = TaxRule.objects.get(country="DE", category="ebook", valid_to=None)

    response = finance_client.post(
        reverse("admin:tax_taxrule_change", args=[rule.pk]),
        {
            "country": rule.country,
            "category": rule.category,
            "rate": "8",
            "valid_from": rule.valid_from.isoformat(),
            "valid_to": rule.valid_to.isoformat() if rule.valid_to else "",
            "note": rule.note,
            "version": page_version(rule),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    [change] = history(rule)
    assert change.changes == {"rate": ["7.00", "8.00"]}
    assert change.actor == f"staff:{finance_client.user.username}"


def test_a_new_percentage_codes_record_leaves_out_its_empty_amount_off_and_comics(
    finance_client,
):
    """Found by outside testers: the record of a new 10 % code read "Comics: — → —" and
    "Amount off (EUR): — → 0.00 EUR" for the amount off left empty."""
    ComicFactory(currency="EUR", price_amount=999)

    response = finance_client.post(
        reverse("admin:promotions_discountcode_add"),
        code_form(code="PCTMIN", percent_off="10", rows=[("EUR", "", "10.00")]),
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    with system_scope():
        code = DiscountCode.objects.get(code="PCTMIN")
    [change] = history(code)
    assert "comics" not in change.changes
    assert "amount_off (EUR)" not in change.changes
    assert change.changes["min_basket_amount (EUR)"] == [None, eur(1000)]
    page = finance_client.get(reverse("admin:promotions_discountcode_change", args=[code.pk]))
    assert "Amount off (EUR)" not in page.content.decode()


def test_a_codes_end_reads_in_its_history_as_the_code_list_shows_it(finance_client):
    """Outside probe DR-3: "Ends at: — → 2027-01-05T12:00:00+00:00"."""
    finance_client.post(
        reverse("admin:promotions_discountcode_add"),
        code_form(code="UNTIL", percent_off="10", ends_at_0="2027-01-05", ends_at_1="12:00"),
    )
    with system_scope():
        code = DiscountCode.objects.get(code="UNTIL")

    page = finance_client.get(reverse("admin:promotions_discountcode_change", args=[code.pk]))

    assert "Ends at: — → 2027-01-05 12:00<" in page.content.decode()


@pytest.mark.parametrize(
    "description",
    [
        "2026-12-24T18:00 Christmas Eve sale",
        "2026-12-24T18:00",
        "2026-02-30T18:00+00:00",
        "2026-12-06T10:00:00+01:00",  # outside probe DZ-3: read "2026-12-06 09:00"
    ],
)
def test_a_text_that_looks_like_a_moment_reads_as_typed_in_the_history(finance_client, description):
    """Outside probe DT-1: a description starting like a moment emptied the code's whole
    history, and a save from a stale page of it was a server error."""
    finance_client.post(
        reverse("admin:promotions_discountcode_add"),
        code_form(code="XMAS", percent_off="10", description=description),
    )
    with system_scope():
        code = DiscountCode.objects.get(code="XMAS")

    page = finance_client.get(reverse("admin:promotions_discountcode_change", args=[code.pk]))

    assert f"Description: — → {description}<" in page.content.decode()
