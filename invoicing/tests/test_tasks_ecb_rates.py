"""The ECB's rates of the day, fetched over HTTP by the job worker on working days, as the
ECB publishes them (eurofxref.zip), from a server of the test's own."""

import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from invoicing.ecb import EcbUnavailable
from invoicing.euro_rates import EuroRateRefused
from invoicing.models import EuroRate
from invoicing.tasks import load_ecb_rates
from morpheus.db_context import system_scope
from morpheus_testing.jobs import as_worker
from morpheus_testing.servers import serve_in_thread

pytestmark = pytest.mark.django_db

DAILY = "Date, USD, JPY, BGN, GBP, \n04 December 2026, 1.0850, 160.50, 1.9558, 0.8420, \n"


def _zipped(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("eurofxref.csv", text)
    return buffer.getvalue()


@pytest.fixture
def ecb(settings) -> Iterator[dict]:
    """A server answering GET /eurofxref.zip with `served["body"]` (404 while None)."""
    served: dict = {"body": None}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = served["body"]
            self.send_response(404 if body is None else 200)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    serve_in_thread(server)
    settings.ECB_RATES_URL = f"http://127.0.0.1:{server.server_address[1]}/eurofxref.zip"
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


def _rates() -> dict[tuple[str, date], Decimal]:
    with system_scope():
        return {(r.currency, r.day): r.units_per_euro for r in EuroRate.objects.all()}


def _job_runs() -> None:
    """As the worker runs it, in its role, on Friday 4 December after 16:00 in Frankfurt."""
    with time_machine.travel(datetime(2026, 12, 4, 15, 20, tzinfo=UTC), tick=False), as_worker():
        load_ecb_rates(timestamp=0)


def test_the_job_records_the_ecbs_rates_of_the_day_from_its_zip(ecb):
    ecb["body"] = _zipped(DAILY)

    _job_runs()

    assert _rates() == {
        ("USD", date(2026, 12, 4)): Decimal("1.085"),
        ("JPY", date(2026, 12, 4)): Decimal("160.5"),
        ("GBP", date(2026, 12, 4)): Decimal("0.842"),
    }


@pytest.mark.parametrize(
    ("body", "failure"),
    [
        (None, EcbUnavailable),  # 404: not out yet, or the ECB down; tried again later
        (b"<html>Maintenance</html>", EuroRateRefused),
        (_zipped("no,rates\n1,2\n"), EuroRateRefused),
    ],
)
def test_a_file_the_job_cannot_have_or_read_fails_it_and_records_nothing(ecb, body, failure):
    ecb["body"] = body

    with pytest.raises(failure):
        _job_runs()

    assert _rates() == {}


def test_without_an_address_the_job_asks_nothing(settings):
    settings.ECB_RATES_URL = ""

    _job_runs()

    assert _rates() == {}
