"""tax 0012: the Greek VAT numbers kept with ISO's GR before the checkout kept them as EL."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from invoicing.tests.helpers import documents
from morpheus.db_context import system_scope
from morpheus_testing.jobs import as_worker, queued_jobs, run_queued_jobs
from tax.models import OrderTaxEvidence, ViesStatus
from tax.tasks import check_vat_number
from tax.tests.helpers import evidence, history
from tax.tests.test_services import pay
from tax.tests.test_vat_numbers import business_order, vies  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vies")]

MIGRATION = ("tax", "0012_greek_vat_numbers_el")


def migrate_greek_numbers() -> None:
    """The migration's data step, on the models as they were at that migration."""
    state = MigrationExecutor(connection).loader.project_state(MIGRATION)
    module = importlib.import_module(f"{MIGRATION[0]}.migrations.{MIGRATION[1]}")
    module.greek_numbers_el(state.apps, None)


def greek_order_kept_as_gr(**vies_seen):
    """A Greek business's order as the checkout kept it before it wrote EL: GR094259216,
    VIES asked about GR…, its check job ended failed."""
    order = business_order("EL094259216", country="GR")
    with system_scope():
        OrderTaxEvidence.objects.filter(order=order).update(vat_number="GR094259216", **vies_seen)
    with as_worker(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'failed' WHERE task_name = %s",
            [check_vat_number.name],
        )
    return order


def test_a_greek_number_kept_as_gr_becomes_el_and_vies_is_asked_about_it(
    settings,
    vies,  # noqa: F811
):
    """Outside probe BA (BA-3), left over: 18b1aa7 kept new numbers as EL, those stored
    before stayed GR…, never confirmed by VIES."""
    settings.TAX_SELLER_COUNTRY = "IE"
    order = greek_order_kept_as_gr()

    migrate_greek_numbers()

    assert evidence(order).vat_number == "EL094259216"
    assert len(queued_jobs([check_vat_number.name])) == 1
    assert run_queued_jobs(names=[check_vat_number.name]) == [check_vat_number.name]
    assert vies.asked == [{"countryCode": "EL", "vatNumber": "094259216"}]
    assert evidence(order).vies_status == ViesStatus.VALID
    assert (
        "vat",
        "VAT number GR094259216 is EL094259216 as VIES knows it: to be checked with VIES again",
    ) in history(order)


def test_an_invoice_issued_with_gr_is_kept_as_issued_and_the_history_names_it(settings):
    settings.TAX_SELLER_COUNTRY = "IE"
    order = greek_order_kept_as_gr()
    (invoice,) = documents(pay(order))

    migrate_greek_numbers()

    (kept,) = documents(order)
    assert (kept.buyer["vat_id"], evidence(order).vat_number) == ("GR094259216", "EL094259216")
    assert (
        "vat",
        "VAT number GR094259216 is EL094259216 as VIES knows it: to be checked with VIES again "
        f"({invoice.number} issued with GR094259216, kept as issued)",
    ) in history(order)
    assert len(queued_jobs([check_vat_number.name])) == 1


def test_a_number_vies_refused_as_gr_is_asked_again_as_el(settings):
    settings.TAX_SELLER_COUNTRY = "IE"
    order = greek_order_kept_as_gr(vies_status=ViesStatus.INVALID)

    migrate_greek_numbers()
    run_queued_jobs(names=[check_vat_number.name])

    assert evidence(order).vies_status == ViesStatus.VALID


def test_other_numbers_are_left_alone():
    order = business_order()

    migrate_greek_numbers()

    assert evidence(order).vat_number == "DE136695976"
    assert not [reason for _, reason in history(order) if "as VIES knows it" in reason]
    assert len(queued_jobs([check_vat_number.name])) == 1  # the one queued with the order
