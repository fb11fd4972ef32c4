"""Business buyers: VAT numbers checked by checksum at checkout and by VIES from a job (a
stub VIES over real HTTP here); reverse charge for an EU business outside the seller's
country."""

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from invoicing.pdf import document_pdf
from invoicing.report import Quarter, vat_rows
from invoicing.tests.helpers import documents, pdf_text
from morpheus.db_context import system_scope
from morpheus_testing.factories import BUSINESS, ComicFactory, UserFactory, create_order
from morpheus_testing.jobs import queued_jobs, run_task
from morpheus_testing.servers import serve_in_thread
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.transitions import OrderStatus
from tax import services
from tax.errors import InvalidVatNumber, ViesUnavailable
from tax.models import ItemTax, ViesStatus
from tax.tasks import VIES_RETRY, check_vat_number
from tax.tests.helpers import evidence
from tax.tests.test_services import pay
from tax.vat_numbers import vat_number_clean

pytestmark = pytest.mark.django_db

GERMAN_NUMBER = "DE 136 695 976"


@dataclass
class StubVies:
    """Answers like VIES's REST API: `answer` is the JSON body, `status` the HTTP status,
    `delay` seconds before answering."""

    url: str = ""
    answer: dict = field(default_factory=lambda: {"valid": True})
    status: int = 200
    delay: float = 0
    asked: list[dict] = field(default_factory=list)


@pytest.fixture
def vies(settings) -> Iterator[StubVies]:
    stub = StubVies()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            stub.asked.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            time.sleep(stub.delay)
            body = json.dumps(stub.answer).encode()
            self.send_response(stub.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            """The client gave up waiting (the slow case): nothing to report."""

    server = Server(("127.0.0.1", 0), Handler)
    serve_in_thread(server)
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/check-vat-number"
    settings.VIES_URL = stub.url
    settings.VIES_TIMEOUT_SECONDS = 1
    yield stub
    server.shutdown()
    server.server_close()


def business_order(number: str = GERMAN_NUMBER, country: str = "DE", **kwargs) -> Order:
    return create_order(
        comics=[ComicFactory(price_amount=1070)],
        declaration=BuyerDeclaration(country=country, vat_number=number, **BUSINESS),
        **kwargs,
    )


def test_a_vat_number_with_a_control_character_is_refused_without_reading_it_back():
    """Found by an outside probe: the refusal repeated the NUL typed."""
    with pytest.raises(InvalidVatNumber) as refused:
        vat_number_clean("DE\x00")

    assert str(refused.value) == "That is not a valid EU VAT number."


def test_a_vat_number_failing_its_checksum_refuses_the_checkout():
    customer = UserFactory()
    with pytest.raises(InvalidVatNumber, match="DE123456789 is not a valid EU VAT number"):
        business_order("DE123456789", customer=customer)
    with system_scope():
        assert not Order.objects.filter(customer=customer).exists()


@pytest.mark.parametrize(
    ("chosen", "said"),
    [
        ("FR", "VAT number DE136695976 is from Germany, not from France: choose Germany"),
        ("ZZ", "VAT number DE136695976 is from Germany: choose Germany"),  # Elsewhere
    ],
)
def test_a_vat_number_of_another_country_than_the_declared_one_is_refused_naming_both(chosen, said):
    """Found by an outside probe: the countries were codes, "Elsewhere" read as ZZ."""
    with pytest.raises(InvalidVatNumber, match=said):
        business_order(country=chosen)


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (
            "XI123456782",
            "XI123456782 is a Northern Ireland VAT number, which is for trade in goods: comics "
            "are sold to the UK without a VAT number, so leave the field empty.",
        ),
        (
            "EU372000041",
            "EU372000041 is not the VAT number of a business in an EU country: give yours, "
            "or leave the field empty.",
        ),
    ],
)
def test_a_number_of_no_country_on_the_list_is_refused_saying_what_to_do_instead(number, said):
    """Outside probe BA (BA-4): an XI number said to choose XI as the country you live in,
    which the list does not have."""
    with pytest.raises(InvalidVatNumber) as refused:
        business_order(number, country="GB")

    assert str(refused.value) == said


def test_an_eu_business_outside_the_sellers_country_pays_by_reverse_charge(settings, vies):
    settings.TAX_SELLER_COUNTRY = "IE"
    order = business_order()
    assert (evidence(order).vat_number, evidence(order).reverse_charge) == ("DE136695976", True)
    with system_scope():
        tax = ItemTax.objects.get(order=order)
    # 10.70 EUR including VAT, paid less Germany's 7 % (outside probe BJ, BJ-4)
    assert (tax.country, tax.rate, tax.net, tax.tax) == ("DE", 0, 1000, 0)
    (invoice,) = documents(pay(order))
    assert invoice.buyer["vat_id"] == "DE136695976"
    text = pdf_text(document_pdf(invoice))
    assert "VAT ID DE136695976" in text
    assert "Reverse charge: VAT to be accounted for by the recipient" in text
    with system_scope():
        (row,) = vat_rows(Quarter.parse(None))
    assert (row.country, row.rate_type, row.scheme, row.net, row.tax) == (
        "DE",
        "reverse charge",
        "EU reverse charge",
        1000,
        0,
    )


def test_a_business_in_the_sellers_own_country_pays_its_vat(settings):
    settings.TAX_SELLER_COUNTRY = "DE"
    order = business_order()
    assert evidence(order).reverse_charge is False
    with system_scope():
        assert ItemTax.objects.get(order=order).tax == 70


def test_vies_confirms_the_number_from_a_job_queued_with_the_order(vies):
    order = business_order()
    assert evidence(order).vies_status == ViesStatus.UNVERIFIED
    assert [json.loads(args) for _, _, args in queued_jobs([check_vat_number.name])] == [
        {"order_id": order.pk}
    ]
    run_task(check_vat_number, order_id=order.pk)
    assert vies.asked == [{"countryCode": "DE", "vatNumber": "136695976"}]
    assert evidence(order).vies_status == ViesStatus.VALID
    assert evidence(order).vies_checked_at is not None


def test_a_greek_number_typed_with_gr_is_kept_asked_and_invoiced_as_el(settings, vies):
    """Outside probe BA (BA-3): typed with ISO's GR, it was sent to VIES as GR, which VIES
    does not know (Greece is EL there), and printed so on the invoice."""
    settings.TAX_SELLER_COUNTRY = "IE"
    order = business_order("gr 094259216", country="GR")

    run_task(check_vat_number, order_id=order.pk)

    assert vies.asked == [{"countryCode": "EL", "vatNumber": "094259216"}]
    assert (evidence(order).vat_number, evidence(order).vies_status) == (
        "EL094259216",
        ViesStatus.VALID,
    )
    (invoice,) = documents(pay(order))
    assert "VAT ID EL094259216" in pdf_text(document_pdf(invoice))


def test_a_business_in_the_sellers_country_vies_refuses_is_flagged_for_it_not_held(settings, vies):
    settings.TAX_SELLER_COUNTRY = "DE"  # no reverse charge: German VAT is charged
    vies.answer = {"valid": False}
    order = business_order(status=OrderStatus.PROCESSING)
    services.evidence_card_country_record(order_id=order.pk, card_country="FR", actor="test")
    run_task(check_vat_number, order_id=order.pk)
    order.refresh_from_db()
    assert evidence(order).decision == ""
    assert order.flagged_reason == "VIES refused VAT number DE136695976: check the VAT charged."


def test_a_number_vies_never_answers_for_flags_the_order_at_the_last_attempt(vies):
    """Outside probe BA (BA-3): the job ended failed and the reverse charge stood on a
    number nobody confirmed, Finance not told."""
    vies.status, vies.answer = 503, {"error": "unavailable"}
    order = business_order()
    for attempts in range(VIES_RETRY.max_attempts):
        with pytest.raises(ViesUnavailable):
            run_task(check_vat_number, attempts=attempts, order_id=order.pk)
    order.refresh_from_db()
    assert order.flagged_reason == ""

    with pytest.raises(ViesUnavailable):
        run_task(check_vat_number, attempts=VIES_RETRY.max_attempts, order_id=order.pk)

    order.refresh_from_db()
    assert order.flagged_reason == (
        "VAT number DE136695976 could not be checked with VIES: check it before the VAT return."
    )
    assert evidence(order).vies_status == ViesStatus.UNANSWERED


@pytest.mark.parametrize(
    ("status", "answer"), [(503, {"error": "unavailable"}), (200, {"valid": False})]
)
@pytest.mark.parametrize("attempts", [0, VIES_RETRY.max_attempts])
def test_the_vat_number_of_an_order_canceled_unpaid_is_neither_checked_nor_flagged(
    vies, status, answer, attempts
):
    """Outside probe BE (BE-7): each checkout given up kept its check asking VIES for 8
    hours, then flagged the canceled order "could not be checked with VIES: check it before
    the VAT return" (or "check the VAT charged" on a refusal): no VAT to declare on it."""
    vies.status, vies.answer = status, answer
    order = business_order()
    with system_scope():
        order_services.order_cancel_by_customer(
            order=order, actor=f"customer:{order.customer_id}", reason="Gave up"
        )

    run_task(check_vat_number, attempts=attempts, order_id=order.pk)

    order.refresh_from_db()
    assert vies.asked == []
    assert (order.flagged_reason, evidence(order).vies_status) == ("", ViesStatus.UNVERIFIED)


@pytest.mark.parametrize(
    ("status", "answer", "delay"),
    [
        (503, {"error": "unavailable"}, 0),
        (200, {"actionSucceed": False, "errorWrappers": [{"error": "MS_UNAVAILABLE"}]}, 0),
        (200, {"valid": True}, 2),  # slower than VIES_TIMEOUT_SECONDS
    ],
    ids=["down", "member-state-down", "too-slow"],
)
def test_vies_out_of_reach_leaves_the_number_unverified_and_the_job_retries(
    vies, status, answer, delay
):
    vies.status, vies.answer, vies.delay = status, answer, delay
    order = business_order()
    with pytest.raises(ViesUnavailable):
        run_task(check_vat_number, order_id=order.pk)
    assert evidence(order).vies_status == ViesStatus.UNVERIFIED
    strategy = check_vat_number.retry_strategy
    assert (strategy.max_attempts, strategy.wait, strategy.exponential_wait) == (10, 60, 3)
    vies.status, vies.answer, vies.delay = 200, {"valid": True}, 0
    assert services.vat_number_vies_check(order_id=order.pk, actor="test") == ViesStatus.VALID
