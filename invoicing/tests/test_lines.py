from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from invoicing.lines import credit_lines, line
from tax.arithmetic import split_inclusive

AMOUNTS = ("gross", "net", "tax")
RATES = st.sampled_from([Decimal(r) for r in ("0", "2.1", "5.5", "7", "19", "20", "27")])
INVOICE = st.lists(
    st.builds(
        lambda index, gross, rate: line(title=f"Comic {index}", gross=gross, rate=rate),
        st.integers(min_value=0, max_value=9),
        st.integers(min_value=0, max_value=100_000),
        RATES,
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda item: item["title"],
).filter(lambda lines: sum(item["gross"] for item in lines))


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
    assert [{key: item[key] for key in invoice[0]} for item in credit_lines(invoice, 500)] == (
        invoice
    )


def issue_in_turn(invoice: list[dict], refunds: list[int]) -> list[list[dict]]:
    """The credit notes of `refunds` issued one after the other, each knowing the earlier."""
    notes = []
    for amount in refunds:
        earlier = [item for note in notes for item in note]
        notes.append(credit_lines(invoice, amount, credited=earlier))
    return notes


def credited_per_line(invoice: list[dict], notes: list[list[dict]]) -> list[dict[str, int]]:
    credited = [dict.fromkeys(AMOUNTS, 0) for _ in invoice]
    for item in (item for note in notes for item in note):
        for key in AMOUNTS:
            credited[item["invoice_line"]][key] += item[key]
    return credited


def test_four_partial_refunds_of_a_whole_order_credit_exactly_its_vat():
    """The tester's order: 15.97 at 5.5 % refunded as 10.00, 3.00, 2.00 and 0.97 was
    credited 0.84 VAT against 0.83 invoiced."""
    invoice = [
        line(title=title, gross=gross, rate=Decimal("5.5"))
        for title, gross in (("Atlas", 499), ("Neon Tide", 699), ("Ghost", 399))
    ]
    notes = issue_in_turn(invoice, [1000, 300, 200, 97])

    assert sum(item["tax"] for note in notes for item in note) == 83
    assert sum(item["net"] for note in notes for item in note) == 1514
    assert credited_per_line(invoice, notes) == [
        {key: item[key] for key in AMOUNTS} for item in invoice
    ]


@st.composite
def invoice_and_refunds(draw):
    invoice = draw(INVOICE)
    total = sum(item["gross"] for item in invoice)
    # The refunded total after each refund: rising, the last one the whole order.
    steps = sorted({*draw(st.lists(st.integers(min_value=1, max_value=total), max_size=8)), total})
    return invoice, [after - before for before, after in zip([0, *steps], steps, strict=False)]


@given(invoice_and_refunds())
def test_partial_refunds_of_a_whole_order_credit_each_line_exactly_once(case):
    invoice, refunds = case
    notes = issue_in_turn(invoice, refunds)

    for step in range(1, len(notes) + 1):
        so_far = credited_per_line(invoice, notes[:step])
        for credited, item in zip(so_far, invoice, strict=True):
            assert all(0 <= credited[key] <= item[key] for key in AMOUNTS)
    assert [sum(item["gross"] for item in note) for note in notes] == refunds
    assert all(item["net"] + item["tax"] == item["gross"] for note in notes for item in note)
    assert credited_per_line(invoice, notes) == [
        {key: item[key] for key in AMOUNTS} for item in invoice
    ]


def left_per_line(invoice: list[dict], notes: list[list[dict]]) -> list[int]:
    credited = credited_per_line(invoice, notes)
    return [item["gross"] - done["gross"] for item, done in zip(invoice, credited, strict=True)]


@given(INVOICE, st.data())
def test_refunds_of_items_and_amounts_credit_each_line_exactly_once(invoice, data):
    """Refunds of amounts and of whole items (what is left of the item: its line's rest),
    then one refund of whatever is left. An item's refund credits its line alone."""
    notes, items_refunded, refunds = [], {}, []
    for _ in range(data.draw(st.integers(min_value=0, max_value=6))):
        left = left_per_line(invoice, notes)
        index = data.draw(st.integers(min_value=0, max_value=len(invoice) - 1))
        if data.draw(st.booleans()) and index not in items_refunded and left[index]:
            amount, items_refunded = left[index], items_refunded | {index: left[index]}
        elif sum(left):
            amount, index = data.draw(st.integers(min_value=1, max_value=sum(left))), None
        else:
            continue
        earlier = [item for note in notes for item in note]
        notes.append(credit_lines(invoice, amount, credited=earlier, items_refunded=items_refunded))
        refunds.append(amount)
        if index is not None:
            assert [item["invoice_line"] for item in notes[-1]] == [index]
        so_far = credited_per_line(invoice, notes)
        for credited, item in zip(so_far, invoice, strict=True):
            assert all(0 <= credited[key] <= item[key] for key in AMOUNTS)
        for refunded in items_refunded:
            assert so_far[refunded] == {key: invoice[refunded][key] for key in AMOUNTS}
    if rest := sum(left_per_line(invoice, notes)):
        earlier = [item for note in notes for item in note]
        notes.append(credit_lines(invoice, rest, credited=earlier, items_refunded=items_refunded))
        refunds.append(rest)

    assert [sum(item["gross"] for item in note) for note in notes] == refunds
    assert credited_per_line(invoice, notes) == [
        {key: item[key] for key in AMOUNTS} for item in invoice
    ]


def test_an_item_refunded_as_a_whole_is_credited_on_its_line_only():
    invoice = [
        line(title="Atlas", gross=499, rate=Decimal("5.5")),
        line(title="Neon Tide", gross=699, rate=Decimal("5.5")),
        line(title="Ghost", gross=899, rate=Decimal("5.5")),
    ]
    (credited,) = credit_lines(invoice, 499, items_refunded={0: 499})

    assert {key: credited[key] for key in invoice[0]} == invoice[0]


def test_an_item_refunded_after_a_partial_refund_is_credited_on_its_line_alone():
    invoice = [
        line(title="Atlas", gross=500, rate=Decimal(20)),
        line(title="Ghost", gross=500, rate=Decimal(20)),
    ]
    first = credit_lines(invoice, 200)
    second = credit_lines(invoice, 400, credited=first, items_refunded={0: 400})

    assert [(item["title"], item["gross"]) for item in first] == [("Atlas", 100), ("Ghost", 100)]
    assert [(item["title"], item["gross"]) for item in second] == [("Atlas", 400)]
    atlas = credited_per_line(invoice, [first, second])[0]
    assert atlas == {key: invoice[0][key] for key in AMOUNTS}


def test_the_probe_s_item_refund_after_an_amount_refund_credits_no_kept_comic():
    """Probe 14, section 8: 3.00 refunded, then Neon Tide for what is left of it (5.94);
    its credit note credited Paper Moons and Ghost too."""
    invoice = [
        line(title=title, gross=gross, rate=Decimal("5.5"))
        for title, gross in (("Neon Tide", 699), ("Paper Moons", 399), ("Ghost", 899))
    ]
    first = credit_lines(invoice, 300)
    second = credit_lines(invoice, 594, credited=first, items_refunded={0: 594})
    rest = credit_lines(invoice, 1997 - 300 - 594, credited=first + second, items_refunded={0: 594})

    assert [item["gross"] for item in first] == [105, 60, 135]
    assert [(item["title"], item["gross"]) for item in second] == [("Neon Tide", 594)]
    assert credited_per_line(invoice, [first, second])[0] == {
        key: invoice[0][key] for key in AMOUNTS
    }
    assert [item["title"] for item in rest] == ["Paper Moons", "Ghost"]
    assert credited_per_line(invoice, [first, second, rest]) == [
        {key: item[key] for key in AMOUNTS} for item in invoice
    ]


def test_a_refund_of_an_amount_leaves_out_an_item_a_pending_refund_takes_whole():
    invoice = [
        line(title="Atlas", gross=500, rate=Decimal(20)),
        line(title="Ghost", gross=500, rate=Decimal(10)),
    ]
    amount = credit_lines(invoice, 300, kept_out={0})
    item = credit_lines(invoice, 500, credited=amount, items_refunded={0: 500})
    beyond_the_others = credit_lines(invoice, 800, kept_out={0})

    assert [(row["title"], row["gross"]) for row in amount] == [("Ghost", 300)]
    assert [(row["title"], row["gross"]) for row in item] == [("Atlas", 500)]
    assert [(row["title"], row["gross"]) for row in beyond_the_others] == [
        ("Atlas", 300),
        ("Ghost", 500),
    ]


def test_credit_notes_issued_before_lines_carried_their_invoice_line_count_by_title():
    invoice = [line(title="A", gross=601, rate=Decimal(20)), line(title="B", gross=399, rate=0)]
    earlier = [
        {key: value for key, value in item.items() if key != "invoice_line"}
        for item in credit_lines(invoice, 500)
    ]
    rest = credit_lines(invoice, 500, credited=earlier)

    assert [(item["title"], item["gross"]) for item in rest] == [("A", 300), ("B", 200)]
    assert [item["tax"] for item in rest] == [invoice[0]["tax"] - earlier[0]["tax"], 0]
