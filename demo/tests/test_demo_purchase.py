from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def demo_purchase(**options) -> str:
    out = StringIO()
    call_command("demo_purchase", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_demo_purchase_pays_again_after_the_payment_stand_in_restarts(shop, localstripe):
    first = demo_purchase(timeout=20)
    localstripe.reset()  # what `make run` stopped and started again does to localstripe

    second = demo_purchase(timeout=20)

    assert "(now fulfilled)" in first
    assert "(now fulfilled)" in second


@pytest.mark.django_db(transaction=True)
def test_demo_purchase_without_a_worker_says_that_no_worker_ran_the_payment(stripe_settings):
    with pytest.raises(CommandError, match="No worker sent payment attempt 1"):
        demo_purchase(timeout=1)
