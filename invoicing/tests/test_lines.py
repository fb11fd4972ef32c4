from decimal import Decimal

from invoicing.lines import credit_lines, line
from tax.arithmetic import split_inclusive


def test_an_inclusive_price_splits_into_net_and_tax_that_add_up():
    assert split_inclusive(499, Decimal(20)) == (416, 83)
    assert split_inclusive(500, Decimal(10)) == (455, 45)
    assert split_inclusive(499, Decimal(0)) == (499, 0)


def test_a_partial_credit_is_spread_over_the_invoice_lines_to_the_exact_amount():
    invoice = [
        line(title="A", gross=333, rate=Decimal(20)),
        line(title="B", gross=333, rate=Decimal(20)),
        line(title="C", gross=334, rate=Decimal(5)),
    ]
    credited = credit_lines(invoice, 100)
    assert sum(item["gross"] for item in credited) == 100
    assert [item["gross"] for item in credited] == [33, 33, 34]
    assert all(item["net"] + item["tax"] == item["gross"] for item in credited)


def test_a_full_credit_repeats_the_invoice_lines():
    invoice = [
        line(title="A", gross=499, rate=Decimal(19)),
        line(title="B", gross=1, rate=Decimal(19)),
    ]
    assert credit_lines(invoice, 500) == invoice
