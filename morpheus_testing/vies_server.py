"""A VIES stand-in for `make run`: the EU's VAT number service is out of reach offline, and
each business order's check would be retried for hours. It answers as VIES's REST API
(`tax/vat_numbers.py`): every number is valid but REFUSED_NUMBER, which VIES refuses."""

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from morpheus_testing.servers import InProcessServer, serve_in_thread

HOST = "127.0.0.1"
# Passes its checksum, so the checkout takes it and the check asks VIES, which refuses it.
REFUSED_NUMBER = "DE123456788"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        try:
            asked = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            number = f"{asked['countryCode']}{asked['vatNumber']}"
        except (ValueError, TypeError, KeyError):
            self._answer(400, {"errorWrappers": [{"error": "INVALID_INPUT"}]})
            return
        self._answer(200, {**asked, "valid": number != REFUSED_NUMBER})

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


class ViesStandIn(InProcessServer):
    """Served in a background thread on 127.0.0.1:`port` (0: any free port)."""

    def __init__(self, port: int = 0) -> None:
        self._requested_port = port
        self._server: ThreadingHTTPServer | None = None
        self.url = ""  # once started: what VIES_URL names

    def start(self) -> Self:
        self._server = ThreadingHTTPServer((HOST, self._requested_port), _Handler)
        serve_in_thread(self._server)
        self.url = f"http://{HOST}:{self._server.server_address[1]}/check-vat-number"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
