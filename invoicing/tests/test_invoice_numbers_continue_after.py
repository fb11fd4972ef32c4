"""`manage.py invoice_numbers_continue_after`: after a restore, no number the customers were
sent is issued again (outside probe CE-2: INV-2026-000004 went to alice, and after the
restore to bob for another order)."""

import os
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order
from morpheus_testing.forkserver import run_python

pytestmark = pytest.mark.django_db(transaction=True)


def _as_the_owner(database_urls, *numbers: str) -> subprocess.CompletedProcess:
    return run_python(
        "manage.py",
        "invoice_numbers_continue_after",
        *numbers,
        env={**os.environ, "DATABASE_URL": database_urls["owner"]},
        timeout=60,
    )


def test_the_series_continues_after_the_number_given_and_no_number_is_issued_again(
    database_urls,
):
    year = timezone.now().year
    (before,) = documents(paid_order(499))
    assert before.number == f"INV-{year}-000001"

    done = _as_the_owner(database_urls, f"INV-{year}-000004", f"INV-{year}-000003")

    assert done.returncode == 0, done.stderr
    assert done.stdout == f"INV {year}: continues after 4 (it was at 1).\n"
    (after,) = documents(paid_order(250))
    assert after.number == f"INV-{year}-000005"
    again = _as_the_owner(database_urls, f"INV-{year}-000002")
    assert again.stdout == f"INV {year}: already at 5: left as it is.\n"


@pytest.mark.parametrize(
    "number",
    [
        "INV-26-1",
        "XYZ-2026-000001",
        "INV-0000-000010",  # outside probe CF-5: a series of year 0 was made
        f"INV-{timezone.now().year + 1}-000001",
        "INV-2026-000000",
        "INV-2026-2147483648",  # outside probe CF-5: past the counter's column, a traceback
    ],
)
def test_a_number_the_shop_could_not_have_issued_is_refused(number):
    with pytest.raises(CommandError, match=f"“{number}” is not a number of the shop's series"):
        call_command("invoice_numbers_continue_after", number)


def test_the_last_number_a_series_can_hold_is_refused_as_none_could_follow_it():
    """Outside probe FK-1: accepted, the next paid order got no invoice, each numbering job
    failing with "integer out of range"."""
    with pytest.raises(CommandError, match="is the last number its series can hold"):
        call_command("invoice_numbers_continue_after", "INV-2026-2147483647")


def test_the_app_role_cannot_move_a_series_and_is_told_to_run_it_as_the_owner():
    year = timezone.now().year
    with pytest.raises(CommandError, match="run it with the owner's DATABASE_URL"):
        call_command("invoice_numbers_continue_after", f"INV-{year}-000009")
