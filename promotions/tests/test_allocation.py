"""The allocation arithmetic: shares always add up to the whole, to the cent."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promotions.allocation import allocate, allocate_refund

weights = st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=40)


@given(data=st.data(), weights=weights.filter(lambda ws: sum(ws) > 0))
def test_shares_add_up_to_the_whole_and_never_exceed_their_line(data, weights):
    total = data.draw(st.integers(min_value=0, max_value=sum(weights)))
    shares = allocate(total, weights)
    assert sum(shares) == total
    assert all(0 <= share <= weight for share, weight in zip(shares, weights, strict=True))


@given(total=st.integers(min_value=0, max_value=10**12), weights=weights)
def test_shares_are_never_negative_and_follow_the_weights(total, weights):
    if sum(weights) == 0:
        assert total != 0 or allocate(total, weights) == [0] * len(weights)
        return
    shares = allocate(total, weights)
    assert sum(shares) == total
    assert all(share >= 0 for share in shares)
    exact = [total * weight / sum(weights) for weight in weights]
    assert all(abs(share - ideal) < 1 for share, ideal in zip(shares, exact, strict=True))


@given(data=st.data(), tens=weights.filter(lambda ws: sum(ws) > 0))
def test_shares_in_steps_add_up_to_the_whole_and_are_all_whole_steps(data, tens):
    weights = [ten * 10 for ten in tens]  # prices in a three-decimal currency
    total = data.draw(st.integers(min_value=0, max_value=sum(tens))) * 10
    shares = allocate(total, weights, step=10)
    assert sum(shares) == total
    assert all(share % 10 == 0 for share in shares)
    assert all(0 <= share <= weight for share, weight in zip(shares, weights, strict=True))


def test_the_cent_left_over_goes_to_the_largest_remainder_then_the_earlier_line():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(10, [333, 667]) == [3, 7]


def test_nothing_to_share_across_free_lines_but_zero():
    assert allocate(0, [0, 0]) == [0, 0]
    with pytest.raises(ValueError, match="worth nothing"):
        allocate(1, [0, 0])


def test_an_amount_refunded_after_a_whole_item_goes_to_what_the_other_items_have_left():
    # Neon Tide (6.99) was refunded whole; Paper Moons (3.99) is all that is left.
    assert allocate_refund([0, 399], 399, refunded_whole={0: 699}) == [0, 399]


def test_a_refund_of_a_whole_item_takes_what_its_line_has_left_and_nothing_else():
    assert allocate_refund([499, 699, 399], 499, refunded_whole={0: 499}) == [499, 0, 0]


def test_a_refund_under_way_keeps_its_item_out_of_an_amount_unless_the_others_cannot_hold_it():
    assert allocate_refund([500, 300], 200, kept_out={0}) == [0, 200]
    assert allocate_refund([500, 300], 400, kept_out={0}) == [100, 300]
