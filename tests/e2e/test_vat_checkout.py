"""VAT at checkout in a real browser: the buyer picks their country and the VAT shown
follows; the order keeps it with the card's country as evidence. At desktop and phone
widths."""

import pytest
from playwright.sync_api import expect

from morpheus.db_context import system_scope
from morpheus_testing.factories import UserFactory
from tax.models import OrderTaxEvidence
from tests.e2e import steps

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_changing_the_country_updates_the_vat_shown_and_the_order_keeps_it(
    shop, new_page, screenshot, settings, width
):
    settings.TAX_DEFAULT_COUNTRY = "IE"
    comic, _ = steps.comic_with_file("Somnia", 1070)
    page = new_page(width=width, height=900)
    steps.sign_in(page, UserFactory())
    steps.add_to_cart(page, comic)
    vat = page.get_by_test_id("cart-vat")
    expect(vat).to_have_text("€0.00")  # Irish e-books: 0 %
    expect(page.get_by_text("Includes VAT 0 % (Ireland)")).to_be_visible()
    screenshot(page, f"cart-ireland-{width}")

    page.get_by_label("Country you live in").select_option("DE")
    page.get_by_role("button", name="Update VAT").click()
    expect(vat).to_have_text("€0.70")
    expect(page.get_by_text("Includes VAT 7 % (Germany)")).to_be_visible()
    page.get_by_label("Country you live in").select_option("FR")
    page.get_by_role("button", name="Update VAT").click()
    expect(vat).to_have_text("€0.56")
    screenshot(page, f"cart-france-{width}")

    page.get_by_role("button", name="Checkout").click()
    expect(page.get_by_test_id("order-vat")).to_have_text("€0.56")
    expect(page.get_by_text("Includes VAT 5.5 % (France)")).to_be_visible()
    screenshot(page, f"pay-france-{width}")
    number = page.url.rstrip("/").split("/")[-2]
    steps.pay_with(page, "4242424242424242")  # localstripe's cards are French: no conflict
    steps.expect_fulfilled(page, number)
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order__number=number)
    assert (evidence.declared_country, evidence.card_country, evidence.decision) == ("FR", "FR", "")


def test_a_country_chosen_without_updating_the_vat_is_the_one_checkout_charges(shop, new_page):
    """Found by an outside probe: Denmark picked, then Checkout straight away, placed the
    order in France, the country the cart had shown (and refused a Danish VAT number). Also
    when Denmark was picked before the page's script ran (CI: the note never came), and
    when the browser put it back on Back (outside probe BH-1)."""
    comic, _ = steps.comic_with_file("Somnia", 1070)
    customer = new_page()
    steps.sign_in(customer, UserFactory())
    steps.add_to_cart(customer, comic)
    guest = new_page(width=390, height=844)
    guest.route("**/cart-country*.js", lambda route: route.abort())
    steps.add_to_cart(guest, comic)

    customer.get_by_label("Country you live in").select_option("DK")
    # The customer looks elsewhere and comes Back: the browser puts Denmark back.
    customer.get_by_role("link", name="Continue shopping").click()
    customer.go_back()
    expect(customer.get_by_label("Country you live in")).to_have_value("DK")
    # The guest picks before the page's script has come (a slow connection).
    guest.get_by_label("Country you live in").select_option("DK")
    guest.unroute("**/cart-country*.js")
    guest.add_script_tag(url=guest.locator("script[src*=cart-country]").get_attribute("src"))
    for page in (customer, guest):
        expect(page.get_by_text("Checking out charges the VAT of Denmark.")).to_be_visible()
    customer.get_by_role("button", name="Checkout").click()
    guest.get_by_label("Your email").fill("guest@example.com")
    guest.get_by_role("button", name="Buy as a guest").click()

    for page in (customer, guest):
        expect(page.get_by_text("Includes VAT 25 % (Denmark)")).to_be_visible()
    with system_scope():
        declared = OrderTaxEvidence.objects.values_list("declared_country", flat=True)
        assert sorted(declared) == ["DK", "DK"]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_business_sees_and_pays_the_price_less_the_vat_once_its_number_is_typed(
    shop, new_page, screenshot, settings, width
):
    """Outside probe BJ (BJ-4): with its VAT number typed, a German business's cart kept
    saying "Includes VAT 7 %" and the order charged it the consumer's price, all of it net."""
    settings.TAX_SELLER_COUNTRY = "IE"
    comic, _ = steps.comic_with_file("Somnia", 1070)
    page = new_page(width=width, height=900)
    steps.sign_in(page, UserFactory())
    steps.add_to_cart(page, comic)
    page.get_by_label("Country you live in").select_option("DE")
    page.get_by_role("button", name="Update VAT").click()
    business = page.get_by_test_id("cart-business")
    expect(business).to_be_hidden()

    page.get_by_text(BUSINESS_PURCHASE).click()
    page.get_by_label("EU VAT number (businesses only, optional)").fill("DE136695976")
    expect(business).to_be_visible()
    expect(page.get_by_test_id("cart-business-price")).to_have_text("€10.00")
    page.get_by_label("Business name (with a VAT number)").fill("Acme GmbH")
    page.get_by_label("Billing address (with a VAT number)").fill("Hauptstraße 1\n10115 Berlin")
    screenshot(page, f"cart-business-{width}")

    page.get_by_role("button", name="Checkout").click()
    expect(page.get_by_test_id("order-vat-removed")).to_have_text("-€0.70")
    expect(page.get_by_test_id("reverse-charge-price")).to_be_visible()
    screenshot(page, f"pay-business-{width}")


# The line the checkout's business fields fold under (outside probe GQ-4).
BUSINESS_PURCHASE = "Buying for a business, with an EU VAT number?"


# The gap between one field and the next field's label, and the font sizes of the hints
# under the fields, in the guest form and the signed-in one.
FORM_LOOKS = """([form, name, address]) => {
  const box = selector => document.querySelector(selector).getBoundingClientRect();
  const size = element => getComputedStyle(element).fontSize;
  return {
    gap: Math.round(box(`label[for=${address}]`).top - box(`#${name}`).bottom),
    hints: [...new Set([...document.querySelectorAll(`${form} .helptext, ${form} .hint`)]
      .map(size))],
  };
}"""


def test_the_business_fields_stand_apart_and_the_hints_read_alike_in_both_forms(shop, new_page):
    """Outside probe BK-9: on a phone, the guest form's "Billing address" label sat against
    the Business name field above it (the signed-in form has a gap there), and "Prices stay
    the same with a VAT number" was set larger than the hints around it."""
    comic, _ = steps.comic_with_file("Somnia", 1070)
    guest = new_page(width=390, height=844)
    steps.add_to_cart(guest, comic)
    guest.goto("/cart/?country=DE")
    customer = new_page(width=390, height=844)
    steps.sign_in(customer, UserFactory())
    steps.add_to_cart(customer, comic)
    customer.goto("/cart/?country=DE")
    for page in (guest, customer):
        page.get_by_text(BUSINESS_PURCHASE).click()

    as_guest = guest.evaluate(
        FORM_LOOKS, [".guest-checkout", "guest-business-name", "guest-billing-address"]
    )
    signed_in = customer.evaluate(
        FORM_LOOKS, ["form.stacked", "id-business-name", "id-billing-address"]
    )

    assert as_guest["gap"] >= 12 and signed_in["gap"] >= 12
    assert len(as_guest["hints"]) == 1 and as_guest["hints"] == signed_in["hints"]


# The line boxes the element's text is laid out in.
LINES_OF_TEXT = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
}"""


def test_the_carts_amounts_stay_on_one_line_on_a_phone(shop, new_page, screenshot, settings):
    """Outside probe CH-5: at 390 px a seven-digit VAT amount broke inside, "€83,412.3"
    then "2" under it."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    page = new_page(width=390, height=844)
    steps.sign_in(page, UserFactory())
    for title, price in (("Gilded", 60_000_000), ("Platinum", 99_999_999)):
        steps.add_to_cart(page, steps.comic_with_file(title, price)[0])

    amounts = {name: page.get_by_test_id(name) for name in ("cart-total", "cart-vat")}

    expect(amounts["cart-vat"]).to_have_text("€83,412.32")
    screenshot(page, "cart-seven-digits-390")
    assert {name: amount.evaluate(LINES_OF_TEXT) for name, amount in amounts.items()} == {
        "cart-total": 1,
        "cart-vat": 1,
    }
