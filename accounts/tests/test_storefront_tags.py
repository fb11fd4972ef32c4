import pytest

from accounts.templatetags.storefront import money


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (499, "EUR", "€4.99"),
        (123456, "USD", "$1,234.56"),
        (5, "GBP", "£0.05"),
        (500, "JPY", "¥500"),
        (1000, "CHF", "10.00 CHF"),
        (1250, "KWD", "1.250 KWD"),
        (-250, "EUR", "-€2.50"),
    ],
)
def test_money_renders_minor_units_in_the_currency(amount, currency, shown):
    assert money(amount, currency) == shown
