import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from catalog.models import Comic
from demo.content import seed_demo
from morpheus.db_context import system_scope
from orders import services


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
    # alice owns the first comic now: the second run buys the next one, never it again.
    assert bought(first) == "The Sleepwalker's Atlas"
    assert bought(second) == "Neon Tide"


def bought(output: str) -> str:
    """The comic the command's first line names: "Order MO-…: <title>, 4.99 EUR"."""
    return re.fullmatch(r"Order \S+: (.*), [0-9.]+ [A-Z]{3}", output.splitlines()[0]).group(1)


@pytest.mark.django_db
def test_demo_purchase_says_so_when_alice_owns_every_comic_with_a_price():
    with system_scope():
        seed_demo()
        alice = get_user_model().objects.get(username="alice")
        priced = list(Comic.objects.filter(price_amount__gt=0))
        services.order_comp(customer=alice, comics=priced, reason="demo", actor="staff:test")

    with pytest.raises(CommandError, match="alice already owns every demo comic"):
        demo_purchase(timeout=1)


@pytest.mark.django_db(transaction=True)
def test_demo_purchase_without_a_worker_says_that_no_worker_ran_the_payment(stripe_settings):
    with pytest.raises(CommandError, match="No worker sent payment attempt 1"):
        demo_purchase(timeout=1)
