"""Finance manages discount codes and sees their uses and cost."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.tests.helpers import code_form, inline_labels, page_version
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, create_order
from promotions.models import Bundle, DiscountCode
from promotions.services import discount_apply
from promotions.tests.factories import make_code

pytestmark = pytest.mark.django_db


def test_finance_creates_a_code_stored_upper_case(finance_client):
    response = _new_code(finance_client, "spring")

    assert response.status_code == 302, response.content.decode()[:2000]
    with system_scope():
        assert DiscountCode.objects.get().code == "SPRING"


def _new_code(finance_client, code: str):
    return finance_client.post(
        reverse("admin:promotions_discountcode_add"),
        {
            "code": code,
            "percent_off": "15",
            "is_active": "on",
            "currencies-TOTAL_FORMS": "0",
            "currencies-INITIAL_FORMS": "0",
            "uses-TOTAL_FORMS": "0",
            "uses-INITIAL_FORMS": "0",
        },
    )


def test_the_link_adding_a_term_names_it_in_lower_case(finance_client):
    """Found by an outside probe: "Add another Term in a currency"."""
    page = finance_client.get(reverse("admin:promotions_discountcode_add")).text

    assert "<span>Add another term in a currency</span>" in page


# "STRAßE" and "ﬁve": found by an outside probe, saved once upper-cased as ASCII.
@pytest.mark.parametrize(
    "code", ["SUMMER 20", "20%OFF", "NOËL", "-SPRING", "<b>", "STRAßE", "\ufb01ve"]
)
def test_a_code_customers_could_not_type_as_written_is_refused(finance_client, code):
    """Found by an outside probe: any characters were accepted, spaces and signs included."""
    response = _new_code(finance_client, code)

    assert response.status_code == 200
    assert "Letters A to Z, digits, &#x27;-&#x27; and &#x27;_&#x27; only" in response.text
    with system_scope():
        assert not DiscountCode.objects.exists()


def test_a_code_of_letters_digits_dashes_and_underscores_is_saved(finance_client):
    assert _new_code(finance_client, "spring_26-vip").status_code == 302
    with system_scope():
        assert DiscountCode.objects.get().code == "SPRING_26-VIP"


def _bundle_code(finance_client, bundle):
    return finance_client.post(
        reverse("admin:promotions_discountcode_add"),
        {
            "code": "ARC",
            "percent_off": "20",
            "bundles": [bundle.pk],
            "is_active": "on",
            "currencies-TOTAL_FORMS": "0",
            "currencies-INITIAL_FORMS": "0",
            "uses-TOTAL_FORMS": "0",
            "uses-INITIAL_FORMS": "0",
        },
    )


@pytest.mark.parametrize("for_sale", [True, False])
def test_finance_restricts_a_code_to_a_bundle_for_sale(finance_client, for_sale):
    with system_scope():
        bundle = Bundle.objects.create(
            title="Arc", slug="arc", price_amount=900, is_active=for_sale
        )

    response = _bundle_code(finance_client, bundle)

    with system_scope():
        codes = list(DiscountCode.objects.prefetch_related("bundles"))
    if for_sale:
        assert response.status_code == 302
        assert [list(code.bundles.all()) for code in codes] == [[bundle]]
    else:
        assert "Not for sale, so never bought: Arc." in response.content.decode()
        assert codes == []


def test_a_code_limited_to_a_bundle_taken_off_sale_since_is_switched_off(finance_client):
    """Outside probe EH-3: it could not be saved at all ("Not for sale, so never bought"),
    not even switched off."""
    with system_scope():
        bundle = Bundle.objects.create(title="Arc", slug="arc", price_amount=900)
    assert _bundle_code(finance_client, bundle).status_code == 302
    with system_scope():
        Bundle.objects.filter(pk=bundle.pk).update(is_active=False)
        code = DiscountCode.objects.get()
    switched_off = code_form(
        code="ARC", percent_off="20", bundles=[bundle.pk], version=page_version(code)
    )
    del switched_off["is_active"]

    response = finance_client.post(
        reverse("admin:promotions_discountcode_change", args=[code.pk]), switched_off
    )

    assert response.status_code == 302
    with system_scope():
        code.refresh_from_db()
        assert not code.is_active
        assert list(code.bundles.all()) == [bundle]


@pytest.mark.parametrize("active", [True, False])
def test_a_code_limited_to_comics_is_not_left_with_none_active_or_not(finance_client, active):
    """Outside probe EI-1: unticked from its one comic (as the comic's delete page said),
    the code took 50 % off every comic; EK-2: so it did once switched off, emptied and
    switched on again."""
    comic = ComicFactory(title="Ghost")
    code = make_code("ONLYG", percent_off=50, comics=[comic])
    form = code_form(code="ONLYG", percent_off="50", version=page_version(code))
    if not active:
        del form["is_active"]

    response = finance_client.post(
        reverse("admin:promotions_discountcode_change", args=[code.pk]), form
    )

    assert "With no comic or bundle, this code would apply to everything" in response.text
    with system_scope():
        assert list(code.comics.all()) == [comic]


def test_a_bundle_a_code_is_limited_to_is_kept_saying_which(superuser_client):
    """Outside probe EH-1: deleting the bundle would make the code apply to everything."""
    with system_scope():
        bundle = Bundle.objects.create(title="Arc", slug="arc", price_amount=900)
    make_code("ARC", percent_off=20, bundles=[bundle])
    url = reverse("admin:promotions_bundle_delete", args=[bundle.pk])

    page = superuser_client.get(url)
    posted = superuser_client.post(url, {"post": "yes"})

    assert [page.status_code, posted.status_code] == [403, 403]
    assert "Arc cannot be deleted: code ARC names it." in page.content.decode()
    with system_scope():
        assert Bundle.objects.filter(pk=bundle.pk).exists()


def test_the_code_list_shows_uses_and_cost(finance_client):
    make_code("TWO", percent_off=50, max_uses=5)
    for _ in range(2):
        order = create_order(comics=[ComicFactory(price_amount=999)])
        with system_scope():
            discount_apply(order=order, code="TWO", customer=order.customer, actor="test")

    page = finance_client.get(reverse("admin:promotions_discountcode_changelist")).content.decode()

    assert "2 / 5" in page
    assert "10.00 EUR" in page  # 4.995 twice, each to the nearest cent


def test_a_codes_uses_read_on_a_phone_as_their_headers(finance_client):
    """Found by outside testers: at 390 px, where each use is a card, its read-only cells
    read "Created At" and "Released At" while the headers read "Created at"."""
    code = make_code("TWO", percent_off=50)
    order = create_order(comics=[ComicFactory(price_amount=999)])
    with system_scope():
        discount_apply(order=order, code="TWO", customer=order.customer, actor="test")

    page = finance_client.get(reverse("admin:promotions_discountcode_change", args=[code.pk]))

    headers, labels = inline_labels(page.text, "uses-group")
    assert labels == headers
    assert labels == ["Order", "Customer", "Amount off", "Created at", "Released at"]
    assert "before:capitalize" not in page.text.split('id="uses-group"')[1].split("</table>")[0]


def test_a_codes_uses_show_the_amount_taken_off_as_money(finance_client):
    """Found by a helper: a use of 5.00 EUR read "500" beside "EUR"."""
    code = make_code("TWO", percent_off=50)
    order = create_order(comics=[ComicFactory(price_amount=1000)])
    with system_scope():
        discount_apply(order=order, code="TWO", customer=order.customer, actor="test")

    page = finance_client.get(reverse("admin:promotions_discountcode_change", args=[code.pk]))

    uses = page.text.split('id="uses-group"')[1].split("</table>")[0]
    assert "5.00 EUR" in uses
    assert not re.search(r">\s*500\s*<", uses)


def test_deleting_a_used_code_names_its_uses_by_order_number_and_its_terms_in_words(
    superuser_client,
):
    """Outside probe DR-2: "Discount use: TWO on 6" (the order's database id) and "Discount
    code currencys"."""
    code = make_code("TWO", percent_off=50, currencies=[("EUR", 0, 500)])
    order = create_order(comics=[ComicFactory(price_amount=1000)])
    with system_scope():
        discount_apply(order=order, code="TWO", customer=order.customer, actor="test")
    unused = make_code("UNUSED", percent_off=5, currencies=[("EUR", 0, 500)])

    used_page = superuser_client.get(
        reverse("admin:promotions_discountcode_delete", args=[code.pk])
    ).text
    unused_page = superuser_client.get(
        reverse("admin:promotions_discountcode_delete", args=[unused.pk])
    ).text

    assert f"TWO on order {order.number}" in used_page
    assert "Terms per currency: 1" in unused_page
    assert "currencys" not in unused_page


def test_the_code_list_states_each_codes_minimum_basket(finance_client):
    """Found by an outside probe: the minimum showed on the code's own page only."""
    make_code("FIVEOFF", currencies=[("EUR", 500, 1000), ("USD", 500, 0)])
    make_code("TENPC", percent_off=10, currencies=[("EUR", 0, 2000)])

    page = finance_client.get(reverse("admin:promotions_discountcode_changelist")).content.decode()

    assert "5.00 EUR off a basket of 10.00 EUR or more, 5.00 USD off" in page
    assert "10 % off a basket of 20.00 EUR or more" in page


def test_the_code_list_says_which_baskets_a_percentage_code_applies_to(finance_client):
    """Found by an outside probe: a minimum in one currency read as the code's only
    condition; a percentage code with terms applies only in their currencies."""
    make_code("ANYEUR", percent_off=10, currencies=[("EUR", 0, 0), ("USD", 0, 2000)])
    make_code("EVERYWHERE", percent_off=15)

    page = finance_client.get(reverse("admin:promotions_discountcode_changelist")).content.decode()

    assert "10 % off any basket in EUR, a basket of 20.00 USD or more" in page
    assert re.search(r'data-label="Terms">\s*15 % off\s*<', page)


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_code_list_reads_as_many_queries_for_one_code_as_for_four(finance_client):
    url = reverse("admin:promotions_discountcode_changelist")
    make_code("ONE", percent_off=10)
    one = queries_of(finance_client, url)
    for name in ("TWO", "THREE", "FOUR"):
        make_code(name, percent_off=10)
        order = create_order(comics=[ComicFactory(price_amount=999)])
        with system_scope():
            discount_apply(order=order, code=name, customer=order.customer, actor="test")
    assert queries_of(finance_client, url) == one


def test_the_bundle_list_reads_as_many_queries_for_one_bundle_as_for_four(superuser_client):
    url = reverse("admin:promotions_bundle_changelist")
    comics = [ComicFactory(), ComicFactory()]

    def bundle(slug: str) -> None:
        with system_scope():
            Bundle.objects.create(title=slug, slug=slug, price_amount=900).comics.set(comics)

    bundle("one")
    one = queries_of(superuser_client, url)
    for slug in ("two", "three", "four"):
        bundle(slug)
    page = superuser_client.get(url).content.decode()
    assert queries_of(superuser_client, url) == one
    assert page.count('<td class="field-comic_count') == 4


def test_the_code_list_says_in_words_when_each_code_is_valid_to_the_minute(finance_client):
    """Found by an outside probe: a code ending at 17:18 read "until 2026-12-03"."""
    december = datetime(2026, 12, 1, 0, tzinfo=UTC)
    new_year_eve = datetime(2026, 12, 31, 17, 18, tzinfo=UTC)
    make_code("ALWAYS", percent_off=5, starts_at=None)
    make_code("UNTIL", percent_off=5, starts_at=None, ends_at=new_year_eve)
    make_code("FROM", percent_off=5, starts_at=december)
    make_code("BOTH", percent_off=5, starts_at=december, ends_at=new_year_eve)

    page = finance_client.get(reverse("admin:promotions_discountcode_changelist")).content.decode()

    codes = r'>(ALWAYS|UNTIL|FROM|BOTH)</a>.*?data-label="Valid">([^<]*)<'
    valid = dict(re.findall(codes, page, re.S))
    assert valid == {
        "ALWAYS": "Always",
        "UNTIL": "until 2026-12-31 17:18",
        "FROM": "from 2026-12-01 00:00",
        "BOTH": "2026-12-01 00:00 to 2026-12-31 17:18",
    }


def _code_with_rows(finance_client, code: str, rows, percent_off: str = ""):
    form = code_form(code=code, percent_off=percent_off, rows=rows)
    return finance_client.post(reverse("admin:promotions_discountcode_add"), form)


@pytest.mark.parametrize(
    ("rows", "percent_off"),
    [
        ([("USD", "2.00", "0")], ""),
        ([("JPY", "200", "0")], ""),
        ([("USD", "0", "20.00")], "10"),
    ],
    ids=["dollars-off", "yen-off", "percent-with-a-dollar-minimum"],
)
def test_terms_in_a_currency_nothing_is_sold_in_are_refused(finance_client, rows, percent_off):
    """Found by an outside probe: with every comic in EUR, a code with terms in USD only was
    saved, and one whose 20.00 USD minimum basket took 10 % off a 6.99 EUR basket."""
    ComicFactory(currency="EUR", price_amount=699)
    currency = rows[0][0]

    response = _code_with_rows(finance_client, "ELSEWHERE", rows, percent_off)

    assert response.status_code == 200
    assert (
        f"Nothing is sold in {currency}: every comic and bundle for sale is priced in EUR. "
        "Choose one of those, or remove this row."
    ) in response.content.decode()
    with system_scope():
        assert not DiscountCode.objects.exists()


def test_terms_in_the_currency_of_a_bundle_for_sale_are_saved(finance_client):
    with system_scope():
        Bundle.objects.create(title="Arc", slug="arc", price_amount=900, currency="GBP")
    ComicFactory(currency="GBP", is_active=False)  # withdrawn: sells nothing

    response = _code_with_rows(finance_client, "POUND", [("GBP", "1.00", "0")])

    assert response.status_code == 302, response.content.decode()[-3000:]


def test_a_codes_row_saved_before_its_currency_stopped_selling_does_not_block_its_code(
    finance_client,
):
    ComicFactory(currency="EUR")
    code = make_code("OLD", currencies=[("EUR", 100, 0), ("USD", 100, 0)])
    with system_scope():
        rows = {row.currency: row.pk for row in code.currencies.all()}
    url = reverse("admin:promotions_discountcode_change", args=[code.pk])
    data = {
        "code": "OLD",
        "percent_off": "",
        "max_uses_per_customer": "1",
        "currencies-TOTAL_FORMS": "2",
        "currencies-INITIAL_FORMS": "2",
        "uses-TOTAL_FORMS": "0",
        "uses-INITIAL_FORMS": "0",
        "version": page_version(code),
    }  # switched off: "is_active" not sent
    for index, (currency, row_id) in enumerate(sorted(rows.items())):
        data[f"currencies-{index}-id"] = str(row_id)
        data[f"currencies-{index}-discount_code"] = str(code.pk)
        data[f"currencies-{index}-currency"] = currency
        data[f"currencies-{index}-amount_off"] = "1.00"
        data[f"currencies-{index}-min_basket_amount"] = "0"

    response = finance_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    with system_scope():
        assert not DiscountCode.objects.get(pk=code.pk).is_active


def test_the_code_list_names_the_comics_and_bundles_a_code_is_limited_to(finance_client):
    """Found by an outside probe: a code for one bundle read like a code for everything."""
    with system_scope():
        trilogy = Bundle.objects.create(
            title="The Dreamlands Trilogy", slug="dreamlands", price_amount=1299
        )
    make_code("TRILOGY20", percent_off=20, bundles=[trilogy])
    make_code("NEON", percent_off=10, comics=[ComicFactory(title="Neon Tide")])

    page = finance_client.get(reverse("admin:promotions_discountcode_changelist")).content.decode()

    assert "20 % off; only on The Dreamlands Trilogy bought as a bundle" in page
    assert "10 % off; only on Neon Tide" in page


def _used(code: str, times: int) -> None:
    for _ in range(times):
        order = create_order(comics=[ComicFactory(price_amount=999)])
        with system_scope():
            discount_apply(order=order, code=code, customer=order.customer, actor="test")


def test_a_max_uses_below_the_uses_a_code_has_is_refused_on_its_field(finance_client):
    """Found by an outside probe: a server error (the database's discount_uses_within_limit)."""
    code = make_code("PCT33", percent_off=33, max_uses=2)
    _used("PCT33", 2)

    response = finance_client.post(
        reverse("admin:promotions_discountcode_change", args=[code.pk]),
        code_form(code="PCT33", percent_off="33", max_uses="1", version=page_version(code)),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["max_uses"] == [
        "This code has already been used 2 times (by orders not canceled): the limit cannot "
        "be lower than 2. To stop the code now, untick Is active."
    ]
    with system_scope():
        assert DiscountCode.objects.get(pk=code.pk).max_uses == 2


def test_a_max_uses_equal_to_the_uses_a_code_has_is_saved(finance_client):
    code = make_code("PCT33", percent_off=33, max_uses=5)
    _used("PCT33", 2)

    response = finance_client.post(
        reverse("admin:promotions_discountcode_change", args=[code.pk]),
        code_form(code="PCT33", percent_off="33", max_uses="2", version=page_version(code)),
    )

    assert response.status_code == 302
    with system_scope():
        assert DiscountCode.objects.get(pk=code.pk).max_uses == 2


@pytest.mark.parametrize("limit", ["max_uses", "max_uses_per_customer"])
@pytest.mark.parametrize("typed", ["-1", "0"])
def test_a_limit_below_one_is_refused_with_one_message(finance_client, limit, typed):
    """Found by an outside probe: -1 was refused twice, as below 0 and as below 1."""
    response = finance_client.post(
        reverse("admin:promotions_discountcode_add"),
        code_form(percent_off="10", **{limit: typed}),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[limit] == [
        "At least 1: leave it empty for no limit."
    ]


def test_a_percentage_codes_row_needs_only_its_minimum_basket(finance_client):
    """Found by an outside probe: an empty amount off was "This field is required.", so a
    7 % code from a basket of 1,000 JPY needed 0 typed as its amount off."""
    ComicFactory(currency="JPY", price_amount=1500)

    response = _code_with_rows(finance_client, "PCT7", [("JPY", "", "1000")], percent_off="7")

    assert response.status_code == 302, response.content.decode()[-3000:]
    with system_scope():
        code = DiscountCode.objects.get(code="PCT7")
        assert list(code.currencies.values_list("currency", "amount_off", "min_basket_amount")) == [
            ("JPY", 0, 1000)
        ]


def test_an_amount_off_codes_row_without_an_amount_off_is_refused_on_it(finance_client):
    ComicFactory(currency="EUR", price_amount=999)
    ComicFactory(currency="JPY", price_amount=1500)

    response = _code_with_rows(finance_client, "OFF", [("EUR", "2.00", "0"), ("JPY", "", "1000")])

    assert response.status_code == 200
    [_, jpy] = response.context["inline_admin_formsets"][0].formset.forms
    assert jpy.errors["amount_off"] == [
        "Give the amount this code takes off in JPY (it has no percentage), or remove this row."
    ]
    with system_scope():
        assert not DiscountCode.objects.exists()


@pytest.mark.parametrize(
    ("amount_off", "shown"),
    [("99999999999999", "99,999,999,999,999.00 EUR"), ("50.00", "50.00 EUR")],
)
def test_an_amount_off_above_the_dearest_thing_for_sale_is_refused(
    finance_client, amount_off, shown
):
    """Found by an outside probe: 99,999,999,999,999 EUR off, or 50.00 EUR off with no
    minimum basket, was saved and made every basket free."""
    ComicFactory(currency="EUR", price_amount=799, title="Paper Moons")
    with system_scope():
        Bundle.objects.create(title="Arc", slug="arc", price_amount=1299)

    response = _code_with_rows(finance_client, "HUGEOFF", [("EUR", amount_off, "0")])

    assert response.status_code == 200
    [row] = response.context["inline_admin_formsets"][0].formset.forms
    assert row.errors["amount_off"] == [
        f"{shown} off is more than anything for sale in EUR costs: the dearest is Arc at "
        f"12.99 EUR. Take off at most that, or set a minimum basket of at least {shown}."
    ]
    with system_scope():
        assert not DiscountCode.objects.exists()


@pytest.mark.parametrize(
    ("amount_off", "min_basket"), [("12.99", "0"), ("30.00", "30.00")], ids=["dearest", "basket"]
)
def test_an_amount_off_within_the_dearest_thing_or_the_minimum_basket_is_saved(
    finance_client, amount_off, min_basket
):
    ComicFactory(currency="EUR", price_amount=1299)

    response = _code_with_rows(finance_client, "FAIR", [("EUR", amount_off, min_basket)])

    assert response.status_code == 302, response.content.decode()[-3000:]


def test_an_active_code_whose_end_is_past_is_refused(finance_client):
    """Found by an outside probe: a code ending 2020-01-01 was saved and listed as active."""
    response = finance_client.post(
        reverse("admin:promotions_discountcode_add"),
        code_form(code="PROBE1", percent_off="10", ends_at_0="2020-01-01", ends_at_1="00:00"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ends_at"] == [
        "This code would have ended on 2020-01-01 00:00: set a later end or untick Is active."
    ]
    with system_scope():
        assert not DiscountCode.objects.exists()


def test_an_inactive_code_whose_end_is_past_is_saved(finance_client):
    data = code_form(code="PAST", percent_off="10", ends_at_0="2020-01-01", ends_at_1="00:00")
    del data["is_active"]

    response = finance_client.post(reverse("admin:promotions_discountcode_add"), data)

    assert response.status_code == 302, response.content.decode()[-3000:]


@pytest.mark.parametrize(
    ("typed", "ends_at"),
    [("05/01/2027", None), ("2027-01-05", datetime(2027, 1, 5, tzinfo=UTC))],
    ids=str,
)
def test_a_codes_end_is_read_only_as_staff_pages_write_it(finance_client, typed, ends_at):
    """Outside probe BT (BT-1): 05/01/2027, meant as 5 January, was saved as 1 May."""
    response = finance_client.post(
        reverse("admin:promotions_discountcode_add"),
        code_form(code="DATEPROBE", percent_off="10", ends_at_0=typed, ends_at_1="00:00"),
    )

    if ends_at is None:
        assert response.context["adminform"].form.errors["ends_at"] == [
            "Not a date (write 2026-11-30)."
        ]
    with system_scope():
        assert [code.ends_at for code in DiscountCode.objects.all()] == (
            [ends_at] if ends_at else []
        )
