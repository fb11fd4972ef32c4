"""The allocation arithmetic: shares always add up to the whole, to the cent."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promotions.allocation import allocate

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
